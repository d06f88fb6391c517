import { axes, BOTTOM_MARGIN, chartTitle, clipPath, grid, leftMargin, svgDocument, titleSpace } from './chart-frame.js';
import { categorical } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { legend, legendHeight, legendWidth } from './legend.js';
import { linearScale, logDomain, logScale, niceDomain, type Scale } from './scale.js';
import { theme } from './theme.js';
import { el, polylinePath, stableId, text } from './xml.js';

/** One run: its name in the legend and its points. */
export type LineSeries = {
  /** Its name in the legend. */
  name: string;
  /** The x of each point. */
  x: ArrayLike<number>;
  /** The y of each point. */
  y: ArrayLike<number>;
};

/** Options of `lineChart`. */
export type LineChartOptions = {
  /** The chart's title. */
  title: string;
  /** The x axis's label. */
  xLabel: string;
  /** The y axis's label. */
  yLabel: string;
  /** The lines drawn. */
  series: readonly LineSeries[];
  /** Log-scale y axis with decade ticks; points with y ≤ 0 are left out (as gaps). */
  logY?: boolean;
  /** Width in pixels. Default 800. */
  width?: number;
  /** Height in pixels. Default 420. */
  height?: number;
};

/**
 * Several runs overlaid on one pair of axes, with a legend: loss or accuracy
 * against step or epoch. Non-finite points break the line (a diverged run shows
 * as a gap, not a spike); a point with no neighbours is drawn as a dot.
 */
export function lineChart(options: LineChartOptions): string {
  const { title = '', xLabel = '', yLabel = '', series, logY = false } = options;
  const width = checkDimension('width', options.width ?? 800);
  const height = checkDimension('height', options.height ?? 420);
  if (!Array.isArray(series)) throw new VizInputError('lineChart', 'series as an array', describeValue(series));
  series.forEach((s, i) => {
    if (s.x.length !== s.y.length) {
      throw new VizInputError('lineChart', `series ${i} ("${s.name}") with as many x as y values`, `${s.x.length} x and ${s.y.length} y`);
    }
  });

  const usable = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0);
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i],
        y = s.y[i];
      if (!usable(x, y)) continue;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  const empty = xMin > xMax;
  const xDomain = empty ? ([0, 1] as [number, number]) : xMin === xMax ? niceDomain(xMin, xMax) : ([xMin, xMax] as [number, number]);
  const yDomain = logY ? logDomain(yMin, yMax) : empty ? ([0, 1] as [number, number]) : niceDomain(yMin, yMax);

  const legendItems = series.map((s, i) => ({ name: s.name, color: categorical(i) })).filter((item) => item.name !== '');
  const legendSpace = legendItems.length > 0 ? legendWidth(legendItems) + 12 : 16;
  const top = titleSpace(title);
  const makeY = (range: [number, number]): Scale => (logY ? logScale(yDomain, range) : linearScale(yDomain, range));
  const left = leftMargin(makeY([0, 1]).tickLabels, yLabel);
  const area = { left, top, width: Math.max(40, width - left - legendSpace), height: Math.max(40, height - top - BOTTOM_MARGIN) };
  const xScale = linearScale(xDomain, [area.left, area.left + area.width], Math.max(2, Math.round(area.width / 90)));
  const yScale = makeY([area.top + area.height, area.top]);

  const clipId = stableId('line-clip', `${title}|${series.map((s) => s.name).join('|')}`);
  const lines: string[] = [];
  series.forEach((s, i) => {
    const color = categorical(i);
    const { xs, ys } = toPixels(s, xScale, yScale, usable, area.width);
    lines.push(
      el('path', {
        d: polylinePath(xs, ys),
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
      }),
    );
    // A point with no drawable neighbour would be an invisible zero-length line.
    for (let k = 0; k < xs.length; k++) {
      if (Number.isNaN(xs[k])) continue;
      const alone = (k === 0 || Number.isNaN(xs[k - 1])) && (k === xs.length - 1 || Number.isNaN(xs[k + 1]));
      if (alone) lines.push(el('circle', { cx: xs[k], cy: ys[k], r: 3.5, fill: color }));
    }
  });

  const body = [
    el('defs', {}, clipPath(clipId, area)),
    chartTitle(title, width),
    grid(area, xScale, yScale),
    el('g', { 'clip-path': `url(#${clipId})` }, lines),
    axes(area, xScale, yScale, { x: xLabel, y: yLabel }),
    empty ? text(area.left + area.width / 2, area.top + area.height / 2, 'no data', { 'text-anchor': 'middle', fill: theme.mutedText }) : '',
    legend(legendItems, area.left + area.width + 8, Math.min(area.top, height - legendHeight(legendItems.length))),
  ];
  return svgDocument({ width, height, title: title || 'line chart', body });
}

/**
 * Pixel coordinates of a series, NaN where the line breaks. Long series are
 * thinned to first/min/max/last per pixel column, which draws the same picture.
 */
function toPixels(s: LineSeries, x: Scale, y: Scale, usable: (x: number, y: number) => boolean, plotWidth: number): { xs: Float64Array; ys: Float64Array } {
  const n = s.x.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ok = usable(s.x[i], s.y[i]);
    xs[i] = ok ? x(s.x[i]) : Number.NaN;
    ys[i] = ok ? y(s.y[i]) : Number.NaN;
  }
  if (n <= 4 * plotWidth) return { xs, ys };
  return thinPerColumn(xs, ys);
}

function thinPerColumn(xs: Float64Array, ys: Float64Array): { xs: Float64Array; ys: Float64Array } {
  const keep: number[] = [];
  let column = Number.NaN;
  let first = -1,
    last = -1,
    lo = -1,
    hi = -1;
  const flush = () => {
    if (first < 0) return;
    for (const k of [...new Set([first, lo, hi, last])].sort((a, b) => a - b)) keep.push(k);
    first = -1;
  };
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i])) {
      flush();
      keep.push(i); // keep the break
      column = Number.NaN;
      continue;
    }
    const c = Math.floor(xs[i]);
    if (c !== column) {
      flush();
      column = c;
      first = lo = hi = i;
    }
    last = i;
    if (ys[i] < ys[lo]) lo = i;
    if (ys[i] > ys[hi]) hi = i;
  }
  flush();
  return { xs: Float64Array.from(keep, (k) => xs[k]), ys: Float64Array.from(keep, (k) => ys[k]) };
}

function checkDimension(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 100) throw new VizInputError('lineChart', `${name} of at least 100 px`, describeValue(value));
  return value;
}
