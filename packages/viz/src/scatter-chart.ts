import { axes, BOTTOM_MARGIN, chartTitle, clipPath, grid, leftMargin, svgDocument, titleSpace } from './chart-frame.js';
import { categorical } from './colormaps.js';
import { describeValue, VizInputError } from './errors.js';
import { legend, legendHeight, legendWidth } from './legend.js';
import { linearScale, niceDomain } from './scale.js';
import { theme } from './theme.js';
import { el, px, stableId, text } from './xml.js';

/** One set of points: its name in the legend, and x, y of each. */
export type ScatterSeries = {
  /** Its name in the legend. */
  name: string;
  /** The points' x coordinates. */
  x: ArrayLike<number>;
  /** Their y coordinates (as many as x). */
  y: ArrayLike<number>;
};

/** Options of `scatterChart`. */
export type ScatterChartOptions = {
  /** The chart's title. */
  title: string;
  /** The x axis's label. */
  xLabel: string;
  /** The y axis's label. */
  yLabel: string;
  /** The sets of points, each in its own colour. */
  series: readonly ScatterSeries[];
  /** Draw the line y = x (when two measures of one quantity are set against each other). */
  identity?: boolean;
  /** Width of the SVG in pixels. */
  width?: number;
  /** Height of the SVG in pixels. */
  height?: number;
};

/**
 * Points on one pair of axes, each series in its colour, optionally with the
 * line y = x: two estimates of the same numbers (a gradient by backprop and by
 * finite differences) fall on it when they agree. Tens of thousands of points
 * stay a small file: each series is one path of dots.
 */
export function scatterChart(options: ScatterChartOptions): string {
  const { title = '', xLabel = '', yLabel = '', series, identity = false } = options;
  const width = options.width ?? 640,
    height = options.height ?? 560;
  if (!(width >= 100) || !(height >= 100))
    throw new VizInputError('scatterChart', 'width and height of at least 100 px', `${describeValue(width)} × ${describeValue(height)}`);
  if (!Array.isArray(series)) throw new VizInputError('scatterChart', 'series as an array', describeValue(series));
  let lo = Infinity,
    hi = -Infinity,
    yLo = Infinity,
    yHi = -Infinity;
  series.forEach((s, i) => {
    if (s.x.length !== s.y.length)
      throw new VizInputError('scatterChart', `series ${i} ("${s.name}") with as many x as y values`, `${s.x.length} x and ${s.y.length} y`);
    for (let k = 0; k < s.x.length; k++) {
      const x = s.x[k]!,
        y = s.y[k]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      yLo = Math.min(yLo, y);
      yHi = Math.max(yHi, y);
    }
  });
  const empty = lo > hi;
  // With the identity line both axes share one domain, so y = x is the diagonal.
  if (identity && !empty) {
    lo = yLo = Math.min(lo, yLo);
    hi = yHi = Math.max(hi, yHi);
  }
  const xDomain = empty ? ([0, 1] as [number, number]) : niceDomain(lo, hi);
  const yDomain = empty ? ([0, 1] as [number, number]) : niceDomain(yLo, yHi);

  const legendItems = series.map((s, i) => ({ name: s.name, color: categorical(i), kind: 'swatch' as const })).filter((item) => item.name !== '');
  const legendSpace = legendItems.length > 0 ? legendWidth(legendItems) + 12 : 16;
  const top = titleSpace(title);
  const left = leftMargin(linearScale(yDomain, [0, 1]).tickLabels, yLabel);
  const area = { left, top, width: Math.max(40, width - left - legendSpace), height: Math.max(40, height - top - BOTTOM_MARGIN) };
  const xScale = linearScale(xDomain, [area.left, area.left + area.width], Math.max(2, Math.round(area.width / 90)));
  const yScale = linearScale(yDomain, [area.top + area.height, area.top]);

  const marks: string[] = [];
  if (identity && !empty) {
    const [a, b] = xDomain;
    marks.push(
      el('path', {
        d: `M${px(xScale(a))} ${px(yScale(a))}L${px(xScale(b))} ${px(yScale(b))}`,
        stroke: theme.mutedText,
        'stroke-width': 1,
        'stroke-dasharray': '4 3',
        fill: 'none',
      }),
    );
  }
  series.forEach((s, i) => {
    let d = '';
    for (let k = 0; k < s.x.length; k++) {
      const x = s.x[k]!,
        y = s.y[k]!;
      if (Number.isFinite(x) && Number.isFinite(y)) d += `M${px(xScale(x))} ${px(yScale(y))}h0`;
    }
    if (d !== '') marks.push(el('path', { d, stroke: categorical(i), 'stroke-width': 3.5, 'stroke-linecap': 'round', 'stroke-opacity': 0.7, fill: 'none' }));
  });

  const clipId = stableId('scatter-clip', `${title}|${series.map((s) => s.name).join('|')}`);
  const body = [
    el('defs', {}, clipPath(clipId, area)),
    chartTitle(title, width),
    grid(area, xScale, yScale),
    el('g', { 'clip-path': `url(#${clipId})` }, marks),
    axes(area, xScale, yScale, { x: xLabel, y: yLabel }),
    empty ? text(area.left + area.width / 2, area.top + area.height / 2, 'no data', { 'text-anchor': 'middle', fill: theme.mutedText }) : '',
    legend(legendItems, area.left + area.width + 8, Math.min(area.top, height - legendHeight(legendItems.length))),
  ];
  return svgDocument({ width, height, title: title || 'scatter chart', body });
}
