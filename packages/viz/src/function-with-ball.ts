// Gradient descent in one dimension, as the lesson first shows it: a ball
// rolling down a curve, each step against the slope.

import { axes, BOTTOM_MARGIN, chartTitle, clipPath, grid, leftMargin, svgDocument, titleSpace } from './chart-frame.js';
import { categorical } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';
import { linearScale, niceDomain } from './scale.js';
import { theme } from './theme.js';
import { el, polylinePath, px, stableId, text } from './xml.js';

/** Options of `functionWithBall`. */
export type FunctionWithBallOptions = {
  /** The function drawn, C(w). */
  f: (x: number) => number;
  /** The w axis's [min, max]. */
  xRange: readonly [number, number];
  /** Successive x's of the descent; the last is where the ball is now. */
  path: ArrayLike<number>;
  /** The chart's title. */
  title?: string;
  /** The horizontal axis's label. */
  xLabel?: string;
  /** The vertical axis's label. */
  yLabel?: string;
  /** Width in pixels. Default 800. */
  width?: number;
  /** Height in pixels. Default 440. */
  height?: number;
  /** The note in the corner, in place of "step k: x = …, f(x) = …" (when the path is not a descent's steps). */
  note?: string;
};

const SAMPLES = 400;
const BALL = categorical(0);

/**
 * The curve of f over xRange, the ball at every step of `path` (older steps
 * fainter), arrows between steps, and the tangent at the current point with
 * its slope (by central difference) written in the corner.
 */
export function functionWithBall(options: FunctionWithBallOptions): string {
  const { f, xRange, path } = options;
  if (typeof f !== 'function') throw new VizInputError('functionWithBall', 'f as a function of x', describeValue(f));
  if (!Array.isArray(xRange) || !(xRange[1] > xRange[0]) || !Number.isFinite(xRange[0]) || !Number.isFinite(xRange[1])) {
    throw new VizInputError('functionWithBall', 'xRange as [min, max] with min < max, both finite', describeValue(xRange));
  }
  if (!path || typeof path.length !== 'number') throw new VizInputError('functionWithBall', 'path as an array of x values', describeValue(path));
  const title = options.title ?? '';
  const [a, b] = xRange;
  const { cx, cy, yDomain, area } = layout(options);
  const steps: { x: number; y: number }[] = [];
  for (let k = 0; k < path.length; k++) {
    const x = path[k];
    const y = Number.isFinite(x) ? f(x) : Number.NaN;
    steps.push({ x, y });
  }
  const yLabel = options.yLabel ?? 'f(x)';
  const xLabel = options.xLabel ?? 'x';
  const xScale = linearScale([a, b], [area.left, area.left + area.width], Math.max(2, Math.round(area.width / 90)));
  const yScale = linearScale(yDomain, [area.top + area.height, area.top]);
  const clipId = stableId('ball-clip', `${title}|${a}|${b}|${path.length}`);

  const curveX = cx.map((x) => xScale(x));
  const curveY = cy.map((y) => (Number.isFinite(y) ? yScale(y) : Number.NaN));
  const inside: string[] = [
    el('path', { d: polylinePath(curveX, curveY), fill: 'none', stroke: theme.title, 'stroke-width': 2.2, 'stroke-linejoin': 'round' }),
  ];

  // Steps: arrows from each position to the next, then the balls, oldest faintest.
  const n = steps.length;
  const drawable = (s: { x: number; y: number }) => Number.isFinite(s.x) && Number.isFinite(s.y);
  let arrows = '';
  for (let k = 1; k < n; k++) {
    const p = steps[k - 1],
      q = steps[k];
    if (!drawable(p) || !drawable(q)) continue;
    arrows += `M${px(xScale(p.x))} ${px(yScale(p.y) - 9)}L${px(xScale(q.x))} ${px(yScale(q.y) - 9)}`;
  }
  if (arrows !== '') {
    inside.push(el('path', { d: arrows, fill: 'none', stroke: BALL, 'stroke-opacity': 0.45, 'stroke-width': 1.2, 'stroke-dasharray': '3 3' }));
  }
  steps.forEach((s, k) => {
    if (!drawable(s)) return;
    const current = k === n - 1;
    const age = n > 1 ? k / (n - 1) : 1;
    inside.push(
      el('circle', {
        cx: xScale(s.x),
        cy: yScale(s.y) - (current ? 9 : 5),
        r: current ? 9 : 5,
        fill: BALL,
        'fill-opacity': current ? 1 : Math.round((0.25 + 0.5 * age) * 100) / 100,
        stroke: current ? '#ffffff' : 'none',
        'stroke-width': current ? 2 : undefined,
      }),
    );
  });

  // Tangent at the current point: slope by central difference, drawn ±12 % of the range.
  const parts: string[] = [];
  const now = steps[n - 1];
  if (now && drawable(now)) {
    const h = (b - a) * 1e-5;
    const slope = (f(now.x + h) - f(now.x - h)) / (2 * h);
    if (Number.isFinite(slope)) {
      const half = (b - a) * 0.12;
      const x1 = now.x - half,
        x2 = now.x + half;
      inside.push(
        el('path', {
          d: `M${px(xScale(x1))} ${px(yScale(now.y - slope * half))}L${px(xScale(x2))} ${px(yScale(now.y + slope * half))}`,
          stroke: theme.accent,
          'stroke-width': 2,
          'stroke-linecap': 'round',
        }),
      );
      // In the corner under the step note, where it never sits on the curve.
      parts.push(
        text(area.left + area.width - 8, area.top + 38, `slope ${formatNumber(slope)}`, { 'text-anchor': 'end', fill: theme.accent, 'font-weight': 600 }),
      );
    }
  }
  // Written even when the step is not finite: "x = NaN" is how a diverged run should read.
  const stepNote = options.note ?? (n === 0 ? '' : `step ${n - 1}: ${xLabel} = ${formatNumber(now.x)}, ${yLabel} = ${formatNumber(now.y)}`);
  if (stepNote !== '') parts.push(text(area.left + area.width - 8, area.top + 18, stepNote, { 'text-anchor': 'end', fill: theme.mutedText }));

  const body = [
    el('defs', {}, clipPath(clipId, area)),
    chartTitle(title, options.width ?? 800),
    grid(area, xScale, yScale),
    el('g', { 'clip-path': `url(#${clipId})` }, inside),
    axes(area, xScale, yScale, { x: xLabel, y: yLabel }),
    ...parts,
  ];
  return svgDocument({ width: options.width ?? 800, height: options.height ?? 440, title: title || 'gradient descent on f(x)', body });
}

/** Where functionWithBall puts its plot: the rectangle in the SVG's pixels, and the x range it spans left to right. */
export type FunctionPlotArea = {
  /** The plot's left edge, in the SVG's pixels. */
  left: number;
  /** Its top edge. */
  top: number;
  /** Its width in pixels. */
  width: number;
  /** Its height in pixels. */
  height: number;
  /** The x values at its left and right edges. */
  xRange: [number, number];
};

/**
 * The plot rectangle functionWithBall draws for these options, so a page can
 * turn a click on the curve back into x (to start the ball there, say).
 */
export function functionPlotArea(options: FunctionWithBallOptions): FunctionPlotArea {
  const { area } = layout(options);
  return { ...area, xRange: [options.xRange[0], options.xRange[1]] };
}

/** The curve sampled across xRange, the y axis's domain, and the plot rectangle inside the margins. */
function layout(options: FunctionWithBallOptions) {
  const { f } = options;
  const [a, b] = options.xRange;
  const width = options.width ?? 800;
  const height = options.height ?? 440;
  const cx = new Float64Array(SAMPLES + 1);
  const cy = new Float64Array(SAMPLES + 1);
  let yMin = Infinity,
    yMax = -Infinity;
  for (let k = 0; k <= SAMPLES; k++) {
    const x = a + ((b - a) * k) / SAMPLES;
    const y = f(x);
    cx[k] = x;
    cy[k] = y;
    if (Number.isFinite(y)) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  const yDomain = niceDomain(yMin, yMax);
  const top = titleSpace(options.title ?? '');
  const left = leftMargin(linearScale(yDomain, [0, 1]).tickLabels, options.yLabel ?? 'f(x)');
  const area = { left, top, width: width - left - 24, height: height - top - BOTTOM_MARGIN };
  return { cx, cy, yDomain, area };
}
