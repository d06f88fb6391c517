// One look for every chart: light background, muted grid, dark-grey text,
// sizes readable at README width (~800 px).

/** One look for every chart: fonts, sizes and colors. */
export const theme = {
  /** The font of labels and titles. */
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  /** The font of numbers that line up. */
  monoFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
  /** Tick labels and legends, in pixels. */
  fontSize: 12,
  /** Axis labels, in pixels. */
  labelSize: 13,
  /** Titles, in pixels. */
  titleSize: 16,
  /** The picture's background. */
  background: '#ffffff',
  /** The plot area's background. */
  plotBackground: '#fbfbfd',
  /** Grid lines. */
  grid: '#e6e8ec',
  /** Axes and tick marks. */
  axis: '#9aa1ad',
  /** Labels. */
  text: '#374151',
  /** Secondary text: notes, units. */
  mutedText: '#6b7280',
  /** Titles. */
  title: '#111827',
  /** Highlight for "the answer" (predicted digit, current point). */
  accent: '#e15759',
  /** Ink for greyscale images and activations: 0 is white paper, 1 is this. */
  ink: [17, 24, 39] as const,
} as const;

/** Rough width of a string in the sans-serif font: enough to lay out legends and margins. */
export function textWidth(content: string, fontSize: number = theme.fontSize): number {
  return content.length * fontSize * 0.58;
}
