// One look for every chart: light background, muted grid, dark-grey text,
// sizes readable at README width (~800 px).

export const theme = {
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  monoFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace",
  fontSize: 12,
  labelSize: 13,
  titleSize: 16,
  background: '#ffffff',
  plotBackground: '#fbfbfd',
  grid: '#e6e8ec',
  axis: '#9aa1ad',
  text: '#374151',
  mutedText: '#6b7280',
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
