import { axes, BOTTOM_MARGIN, chartTitle, grid, leftMargin, svgDocument, titleSpace } from './chart-frame.js';
import { categorical } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';
import { legend, legendHeight, legendWidth } from './legend.js';
import { linearScale, niceDomain, type Scale } from './scale.js';
import { theme } from './theme.js';
import { el, escapeXml } from './xml.js';

/** One set of bars: its name in the legend and one value per category. */
export type BarSeries = {
  /** Its name in the legend. */
  name: string;
  /** One value per category. */
  values: ArrayLike<number>;
};

/** Options of `barChart`. */
export type BarChartOptions = {
  /** The chart's title. */
  title: string;
  /** The x axis's label. */
  xLabel: string;
  /** The y axis's label. */
  yLabel: string;
  /** One label per group of bars, along the x axis. */
  categories: readonly string[];
  /** The sets of bars, side by side in each category. */
  series: readonly BarSeries[];
  /** Width in pixels. Default 800. */
  width?: number;
  /** Height in pixels. Default 400. */
  height?: number;
};

/** Share of a category's band the bars fill; the rest is the gap between groups. */
const FILL = 0.8;

/**
 * Grouped vertical bars, one colour per series, side by side in each category:
 * e.g. two histograms over the same bins. Bars rise from 0 (or hang from it,
 * for negative values); each carries a `<title>` with its value.
 */
export function barChart(options: BarChartOptions): string {
  const { title = '', xLabel = '', yLabel = '', categories, series } = options;
  const width = checkDimension('width', options.width ?? 800);
  const height = checkDimension('height', options.height ?? 400);
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new VizInputError('barChart', 'categories as a non-empty array of labels', describeValue(categories));
  }
  if (!Array.isArray(series) || series.length === 0) throw new VizInputError('barChart', 'at least one series', describeValue(series));
  let lo = 0,
    hi = 0;
  series.forEach((s, k) => {
    if (s.values?.length !== categories.length) {
      throw new VizInputError('barChart', `series ${k} ("${s.name}") with one value per category (${categories.length})`, describeValue(s.values));
    }
    for (let i = 0; i < categories.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) {
        throw new VizInputError('barChart', `finite values in series ${k} ("${s.name}")`, `${describeValue(v)} for category "${categories[i]}"`);
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  });
  // Always from 0, so bar lengths compare; all zeros still get a unit axis.
  const yDomain = niceDomain(lo, hi > lo ? hi : 1, 5);

  const legendItems = series.map((s, k) => ({ name: s.name, color: categorical(k), kind: 'swatch' as const })).filter((item) => item.name !== '');
  const legendSpace = legendItems.length > 0 ? legendWidth(legendItems) + 12 : 16;
  const top = titleSpace(title);
  const left = leftMargin(linearScale(yDomain, [0, 1], 5).tickLabels, yLabel);
  const area = { left, top, width: Math.max(40, width - left - legendSpace), height: Math.max(40, height - top - BOTTOM_MARGIN) };
  const range: [number, number] = [area.left, area.left + area.width];
  const y = linearScale(yDomain, [area.top + area.height, area.top], 5);
  const band = area.width / categories.length;
  const barWidth = (band * FILL) / series.length;

  const bars: string[] = [];
  series.forEach((s, k) => {
    const fill = categorical(k);
    for (let i = 0; i < categories.length; i++) {
      const v = s.values[i];
      const x = area.left + i * band + (band * (1 - FILL)) / 2 + k * barWidth;
      // Hovering a bar names it: "noise, 0.9–1.0: 61.2".
      const label = el('title', {}, escapeXml(`${s.name === '' ? '' : `${s.name}, `}${categories[i]}: ${formatNumber(v)}`));
      bars.push(el('rect', { x, y: Math.min(y(0), y(v)), width: Math.max(1, barWidth - 1), height: Math.abs(y(v) - y(0)), fill }, label));
    }
  });
  const zeroLine = yDomain[0] < 0 ? el('path', { d: `M${area.left} ${y(0)}H${range[1]}`, stroke: theme.axis, 'stroke-width': 1 }) : '';

  // Horizontal grid lines only; the x axis is labelled at the middle of each category's band.
  const noTicks = linearScale([0, categories.length], range);
  noTicks.ticks = [];
  const x = bandScale(categories, range);
  const body = [
    chartTitle(title, width),
    grid(area, noTicks, y),
    el('g', { class: 'bars' }, bars),
    zeroLine,
    axes(area, x, y, { x: xLabel, y: yLabel }),
    legend(legendItems, area.left + area.width + 8, Math.min(area.top, height - legendHeight(legendItems.length))),
  ];
  return svgDocument({ width, height, title: title || 'bar chart', body });
}

/** Category i at the middle of the i-th of n equal bands across `range`, labelled with its name. */
function bandScale(categories: readonly string[], range: [number, number]): Scale {
  const scale = linearScale([0, categories.length], range);
  scale.ticks = categories.map((_, i) => i + 0.5);
  scale.tickLabels = [...categories];
  return scale;
}

function checkDimension(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 100) throw new VizInputError('barChart', `${name} of at least 100 px`, describeValue(value));
  return value;
}
