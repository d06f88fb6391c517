// Belongs in @downhill/viz (it has no bar chart yet): grouped bars, e.g. a
// histogram of two sets side by side. Drawn in the package's theme so it sits
// with its other charts.
import { categorical, escapeXml, linearScale, niceTicks, theme } from '@downhill/viz';

export interface BarSeries {
  name: string;
  values: readonly number[];
}

export interface BarChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** One label per group of bars (x axis). */
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
}

const r = (v: number) => Math.round(v * 100) / 100;

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${r(x)}" y="${r(y)}"${attributes}>${escapeXml(content)}</text>`;
}

/** Grouped vertical bars, one colour per series, with axes, grid, labels and a legend. */
export function barChart(options: BarChartOptions): string {
  const { title, xLabel, yLabel, categories, series } = options;
  const width = options.width ?? 800, height = options.height ?? 400;
  series.forEach((s) => {
    if (s.values.length !== categories.length) throw new Error(`barChart: expected ${categories.length} values in series "${s.name}", found ${s.values.length}`);
  });
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  // Round the top up to a whole tick, so the tallest bar ends under a labelled line.
  const { step } = niceTicks(0, max > 0 ? max : 1, 5);
  const yMax = Math.ceil((max > 0 ? max : 1) / step - 1e-9) * step;
  const legendWidth = Math.max(...series.map((s) => s.name.length)) * theme.fontSize * 0.58 + 40;
  const area = { left: 64, top: 48, right: width - legendWidth - 16, bottom: height - 52 };
  const y = linearScale([0, yMax], [area.bottom, area.top], 5);
  const group = (area.right - area.left) / categories.length;
  const barWidth = (group * 0.8) / series.length;

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="${theme.background}"/>`);
  parts.push(`<rect x="${area.left}" y="${area.top}" width="${r(area.right - area.left)}" height="${r(area.bottom - area.top)}" fill="${theme.plotBackground}"/>`);
  parts.push(text(width / 2, 28, title, ` text-anchor="middle" font-size="${theme.titleSize}" font-weight="600" fill="${theme.title}"`));
  y.ticks.forEach((t, i) => {
    const py = y(t);
    parts.push(`<path d="M${area.left} ${r(py)}H${r(area.right)}" stroke="${theme.grid}"/>`);
    parts.push(text(area.left - 6, py + 4, y.tickLabels[i]!, ' text-anchor="end"'));
  });
  series.forEach((s, k) => {
    const colour = categorical(k);
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v) || v <= 0) return;
      const x = area.left + i * group + group * 0.1 + k * barWidth;
      parts.push(`<rect x="${r(x)}" y="${r(y(v))}" width="${r(Math.max(1, barWidth - 1))}" height="${r(area.bottom - y(v))}" fill="${colour}"><title>${escapeXml(`${s.name}, ${categories[i]}: ${v}`)}</title></rect>`);
    });
  });
  categories.forEach((c, i) => {
    parts.push(text(area.left + (i + 0.5) * group, area.bottom + 16, c, ' text-anchor="middle"'));
  });
  parts.push(`<path d="M${area.left} ${area.top}V${area.bottom}H${r(area.right)}" stroke="${theme.axis}" fill="none"/>`);
  parts.push(text((area.left + area.right) / 2, height - 12, xLabel, ` text-anchor="middle" font-size="${theme.labelSize}"`));
  parts.push(text(16, (area.top + area.bottom) / 2, yLabel, ` text-anchor="middle" font-size="${theme.labelSize}" transform="rotate(-90 16 ${r((area.top + area.bottom) / 2)})"`));
  series.forEach((s, k) => {
    const ly = area.top + 10 + k * 20;
    parts.push(`<rect x="${r(area.right + 16)}" y="${ly - 6}" width="14" height="12" rx="2" fill="${categorical(k)}"/>`);
    parts.push(text(area.right + 38, ly + 4, s.name));
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"` +
    ` font-family="${escapeXml(theme.fontFamily)}" font-size="${theme.fontSize}" fill="${theme.text}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`
  );
}
