// A cost surface seen from above: the heat map of f(x, y) with its contour
// lines, and the paths optimisers took down it.

import { axes, type Box, chartTitle, clipPath, leftMargin, svgDocument, titleSpace } from './chart-frame.js';
import { categorical, rgbToHex, sequential, writeSequential } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { legendWidth } from './legend.js';
import { marchingSquares } from './marching-squares.js';
import { pngDataUri } from './png.js';
import { linearScale, logScale, type Scale } from './scale.js';
import { textWidth, theme } from './theme.js';
import { el, polylinePath, px, stableId, text } from './xml.js';

/** f(x, y) sampled on a grid (what `sampleGrid` from @downhill/landscapes returns). */
export type LandscapeGrid = {
  /** Grid x coordinates, increasing (nx values). */
  xs: ArrayLike<number>;
  /** Grid y coordinates, increasing (ny values). */
  ys: ArrayLike<number>;
  /** f at every grid point, ny × nx row-major: values[j * nx + i] = f(xs[i], ys[j]). */
  values: ArrayLike<number>;
};

/** Options of `landscapeChart`. */
export type LandscapeChartOptions = {
  /** The values to draw as a heat map with contours. */
  grid: LandscapeGrid;
  /** Optimiser runs: each a name and its successive [x, y] points. */
  paths?: readonly { name: string; points: readonly (readonly number[])[] }[];
  /** The chart's title. */
  title?: string;
  /** Colour and contour by log(f − min f): shows the floor of steep valleys such as Rosenbrock's. */
  logColor?: boolean;
  /** Known minima, marked with a ✕. */
  minima?: readonly (readonly number[])[];
  /** Contour lines drawn. Default 10. */
  contours?: number;
  /** The x axis's label. Default "x". */
  xLabel?: string;
  /** The y axis's label. Default "y". */
  yLabel?: string;
  /** Name of the function's value on the colour bar. Default "f(x, y)". */
  valueLabel?: string;
  /** Width in pixels. Default 800. */
  width?: number;
  /** Height in pixels. Default 560. */
  height?: number;
};

/**
 * A landscape chart: heat map (an embedded PNG, viridis: dark low, yellow high)
 * with contour lines by marching squares, optimiser paths as polylines with a
 * hollow start and a filled end, minima as ✕, a colour bar and a legend.
 * The axes keep x and y to the same scale when their ranges are comparable,
 * so the gradient is seen at right angles to the contours.
 */
export function landscapeChart(options: LandscapeChartOptions): string {
  const { grid: g, logColor = false } = options;
  const paths = options.paths ?? [];
  const minima = options.minima ?? [];
  const title = options.title ?? '';
  const width = options.width ?? 800;
  const height = options.height ?? 560;
  const nx = g?.xs?.length ?? 0;
  const ny = g?.ys?.length ?? 0;
  checkGrid(g, nx, ny);
  paths.forEach((p, k) => {
    if (!Array.isArray(p.points) || p.points.some((q) => !q || q.length < 2)) {
      throw new VizInputError('landscapeChart', `paths[${k}].points as [x, y] pairs`, describeValue(p.points));
    }
  });

  // Colour value u: f itself, or log10(f − min + ε) so the floor of a valley is not one flat colour.
  let vMin = Infinity,
    vMax = -Infinity;
  for (let k = 0; k < g.values.length; k++) {
    const v = g.values[k];
    if (!Number.isFinite(v)) continue;
    if (v < vMin) vMin = v;
    if (v > vMax) vMax = v;
  }
  if (!(vMin <= vMax)) throw new VizInputError('landscapeChart', 'at least one finite value in the grid', 'none');
  const span = vMax - vMin;
  const eps = span > 0 ? span * 1e-4 : 1;
  const toU = logColor ? (v: number) => Math.log10(v - vMin + eps) : (v: number) => v;
  const uMin = toU(vMin),
    uMax = toU(vMax);
  const uSpan = uMax - uMin || 1;

  // Heat map: one pixel per grid point, top row = largest y.
  const image = { width: nx, height: ny, data: new Uint8ClampedArray(nx * ny * 4) };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = g.values[j * nx + i];
      const o = ((ny - 1 - j) * nx + i) * 4;
      writeSequential(Number.isFinite(v) ? (toU(v) - uMin) / uSpan : Number.NaN, image.data, o);
      image.data[o + 3] = 255;
    }
  }

  // Layout: plot, colour bar, legend.
  const {
    area,
    xRange: [x0, x1],
    yRange: [y0, y1],
  } = plotArea(options);
  const plotW = area.width,
    plotH = area.height;
  const xLabel = options.xLabel ?? 'x';
  const yLabel = options.yLabel ?? 'y';
  const legendItems = paths.map((p, k) => ({ name: p.name, ...pathStyle(k) }));
  const extras = legendExtras(minima, paths);
  const barSpace = BAR_SPACE;
  const xScale = linearScale([x0, x1], [area.left, area.left + area.width], Math.max(2, Math.round(plotW / 80)));
  const yScale = linearScale([y0, y1], [area.top + area.height, area.top], Math.max(2, Math.round(plotH / 60)));
  const clipId = stableId('landscape-clip', `${title}|${nx}|${ny}|${vMin}|${vMax}`);

  // The image's pixels are centred on grid points, so it overhangs the axes by half a cell (clipped).
  const dx = (x1 - x0) / (nx - 1),
    dy = (y1 - y0) / (ny - 1);
  const heat = el('image', {
    x: xScale(x0 - dx / 2),
    y: yScale(y1 + dy / 2),
    width: xScale(x1 + dx / 2) - xScale(x0 - dx / 2),
    height: yScale(y0 - dy / 2) - yScale(y1 + dy / 2),
    preserveAspectRatio: 'none',
    href: pngDataUri(image),
  });

  // Contours at evenly spaced colour values, so each band is one colour step.
  const count = options.contours ?? 10;
  const toPx = (gi: number, gj: number) => [xScale(interpolate(g.xs, gi)), yScale(interpolate(g.ys, gj))];
  let contourPath = '';
  for (let c = 1; c <= count; c++) {
    const u = uMin + (uSpan * c) / (count + 1);
    const level = logColor ? 10 ** u + vMin - eps : u;
    for (const line of marchingSquares(g.values, nx, ny, level)) {
      const xsPx = new Float64Array(line.length);
      const ysPx = new Float64Array(line.length);
      line.forEach(([gi, gj], k) => {
        [xsPx[k], ysPx[k]] = toPx(gi, gj);
      });
      contourPath += polylinePath(xsPx, ysPx);
    }
  }

  const runs: string[] = [];
  paths.forEach((p, k) => {
    const { color, dash } = pathStyle(k);
    const xs = Float64Array.from(p.points, (q) => xScale(q[0]));
    const ys = Float64Array.from(p.points, (q) => yScale(q[1]));
    const d = polylinePath(xs, ys);
    // A white casing keeps every colour legible on every part of the map.
    runs.push(
      el('path', { d, fill: 'none', stroke: '#ffffff', 'stroke-width': 5.5, 'stroke-opacity': 0.9, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }),
    );
    runs.push(
      el('path', {
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': 2.5,
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
        ...(dash ? { 'stroke-dasharray': dash } : {}),
      }),
    );
    if (p.points.length <= 300) {
      let dots = '';
      for (let q = 1; q < p.points.length - 1; q++) {
        if (Number.isFinite(xs[q]) && Number.isFinite(ys[q])) dots += `M${px(xs[q])} ${px(ys[q])}h0`;
      }
      if (dots !== '') runs.push(el('path', { d: dots, stroke: color, 'stroke-width': 4, 'stroke-linecap': 'round' }));
    }
    const first = firstFinite(xs, ys, 1);
    const last = firstFinite(xs, ys, -1);
    if (first) runs.push(el('circle', { cx: first[0], cy: first[1], r: 5.5, fill: '#ffffff', stroke: color, 'stroke-width': 2.5 }));
    if (last) runs.push(el('circle', { cx: last[0], cy: last[1], r: 5.5, fill: color, stroke: '#ffffff', 'stroke-width': 1.5 }));
  });
  for (const m of minima) runs.push(cross(xScale(m[0]), yScale(m[1])));

  const barX = area.left + area.width + 24;
  const parts = [
    el('defs', {}, clipPath(clipId, area)),
    chartTitle(title, width),
    el('g', { 'clip-path': `url(#${clipId})` }, [
      heat,
      contourPath === '' ? '' : el('path', { d: contourPath, fill: 'none', stroke: '#ffffff', 'stroke-opacity': 0.45, 'stroke-width': 0.8 }),
      ...runs,
    ]),
    el('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', stroke: theme.axis }),
    axes(area, xScale, yScale, { x: xLabel, y: yLabel }),
    colorBar(barX, area.top, area.height, { vMin, vMax, eps, logColor, label: options.valueLabel ?? 'f(x, y)', id: `${clipId}-bar` }),
    legendBlock(legendItems, extras, barX + barSpace - 10, area.top, paths.length + minima.length > 0),
  ];
  return svgDocument({ width, height, title: title || 'landscape', body: parts });
}

/** Where landscapeChart puts its map: the plot rectangle in the SVG's pixels, and the x and y ranges it spans. */
export type LandscapePlotArea = {
  /** The plot rectangle's left edge, in pixels. */
  left: number;
  /** Its top edge. */
  top: number;
  /** Its width. */
  width: number;
  /** Its height. */
  height: number;
  /** x at the rectangle's left and right edges. */
  xRange: [number, number];
  /** y at the rectangle's bottom and top edges. */
  yRange: [number, number];
};

/**
 * The plot rectangle landscapeChart draws for these options, so a page can
 * turn a click on the map back into (x, y): x runs left to right across
 * `xRange`, y bottom to top across `yRange`.
 */
export function landscapePlotArea(options: LandscapeChartOptions): LandscapePlotArea {
  checkGrid(options.grid, options.grid?.xs?.length ?? 0, options.grid?.ys?.length ?? 0);
  const { area, xRange, yRange } = plotArea(options);
  return { ...area, xRange, yRange };
}

/** Width kept right of the plot for the colour bar. */
const BAR_SPACE = 100;

/** The markers' key: start and end only when some path has both (a single point is a ball, not a path). */
function legendExtras(minima: readonly (readonly number[])[], paths: readonly { readonly points: readonly unknown[] }[]): string[] {
  return [...(paths.some((p) => p.points.length > 1) ? ['start ○  end ●'] : []), ...(minima.length > 0 ? ['✕ minimum'] : [])];
}

/** The plot inside the margins left for the title, the y labels, the colour bar and the legend. */
function plotArea(options: LandscapeChartOptions): { area: Box; xRange: [number, number]; yRange: [number, number] } {
  const { grid: g } = options;
  const paths = options.paths ?? [];
  const minima = options.minima ?? [];
  const width = options.width ?? 800;
  const height = options.height ?? 560;
  const x0 = g.xs[0],
    x1 = g.xs[g.xs.length - 1],
    y0 = g.ys[0],
    y1 = g.ys[g.ys.length - 1];
  const legendItems = paths.map((p, k) => ({ name: p.name, ...pathStyle(k) }));
  const extras = legendExtras(minima, paths);
  const legendW = paths.length + minima.length > 0 ? Math.max(legendWidth(legendItems), ...extras.map((e) => textWidth(e) + 16)) : 0;
  const top = titleSpace(options.title ?? '');
  const left = leftMargin(linearScale([y0, y1], [0, 1]).tickLabels, options.yLabel ?? 'y');
  const boxW = width - left - BAR_SPACE - legendW - 16;
  const boxH = height - top - 60;
  let plotW = boxW,
    plotH = boxH;
  const aspect = (y1 - y0) / (x1 - x0);
  if (aspect > 0.25 && aspect < 4) {
    // Same scale on both axes.
    const k = Math.min(boxW / (x1 - x0), boxH / (y1 - y0));
    plotW = (x1 - x0) * k;
    plotH = (y1 - y0) * k;
  }
  return { area: { left, top: top + (boxH - plotH) / 2, width: plotW, height: plotH }, xRange: [x0, x1], yRange: [y0, y1] };
}

/** The palette's warm colours first, which stand out on every part of viridis; its yellow (lost on the high end) and grey are left out. */
const PATH_COLORS = [2, 1, 0, 6, 7, 3, 8, 4].map(categorical);

/**
 * Path k's colour and dash pattern: the eight colours solid, then the eight
 * again dashed, dotted, …, each round a dash pattern of its own, so any number
 * of paths (nine optimizers racing, say) are told apart.
 */
export function pathStyle(k: number): { color: string; dash?: string } {
  const color = PATH_COLORS[k % PATH_COLORS.length]!;
  const round = Math.floor(k / PATH_COLORS.length);
  if (round === 0) return { color };
  // Rounds 1, 2, 3, …: dashes 7 3, dots 1.5 3.5, then longer dashes with one gap, each pattern new.
  const dash = round === 1 ? '7 3' : round === 2 ? '1.5 3.5' : `${round * 3} 3 1.5 3`;
  return { color, dash };
}

function cross(x: number, y: number): string {
  const d = `M${px(x - 6)} ${px(y - 6)}L${px(x + 6)} ${px(y + 6)}M${px(x - 6)} ${px(y + 6)}L${px(x + 6)} ${px(y - 6)}`;
  return (
    el('path', { d, stroke: '#ffffff', 'stroke-width': 5, 'stroke-linecap': 'round' }) +
    el('path', { d, stroke: theme.title, 'stroke-width': 2.2, 'stroke-linecap': 'round' })
  );
}

function legendBlock(items: { name: string; color: string; dash?: string }[], extras: string[], x: number, y: number, show: boolean): string {
  if (!show) return '';
  const rows = items.map((item, k) => {
    const cy = y + 10 + k * 20;
    const line = el('path', {
      d: `M${x} ${cy}h20`,
      stroke: item.color,
      'stroke-width': 2.5,
      'stroke-linecap': 'round',
      ...(item.dash ? { 'stroke-dasharray': item.dash } : {}),
    });
    return line + text(x + 28, cy + 4, item.name);
  });
  extras.forEach((e, k) => {
    rows.push(text(x, y + 20 + (items.length + k) * 20, e, { fill: theme.mutedText }));
  });
  return el('g', { class: 'legend' }, rows);
}

function colorBar(
  x: number,
  top: number,
  height: number,
  o: { vMin: number; vMax: number; eps: number; logColor: boolean; label: string; id: string },
): string {
  const stops: string[] = [];
  for (let k = 0; k <= 10; k++) stops.push(el('stop', { offset: `${k * 10}%`, 'stop-color': rgbToHex(sequential(1 - k / 10)) }));
  const bottom = top + height;
  let scale: Scale;
  let label = o.label;
  if (o.logColor) {
    // The bar's axis is f − min on a log scale (just f when min is 0).
    scale = logScale([o.eps, o.vMax - o.vMin + o.eps], [bottom, top]);
    if (o.vMin !== 0) label = `${o.label} − min (log)`;
    else label = `${o.label} (log)`;
  } else {
    scale = linearScale(o.vMax > o.vMin ? [o.vMin, o.vMax] : [o.vMin - 1, o.vMax + 1], [bottom, top], Math.max(2, Math.round(height / 50)));
  }
  const ticks: string[] = [];
  let tickPath = '';
  scale.ticks.forEach((t, k) => {
    const y = scale(t);
    if (!(y >= top - 0.5 && y <= bottom + 0.5)) return;
    tickPath += `M${x + 14} ${px(y)}h4`;
    ticks.push(text(x + 21, y + 4, scale.tickLabels[k]));
  });
  const lx = x - 8;
  const ly = top + height / 2;
  return el('g', { class: 'colour-bar' }, [
    el('defs', {}, el('linearGradient', { id: o.id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops)),
    el('rect', { x, y: top, width: 14, height, fill: `url(#${o.id})`, stroke: theme.axis }),
    el('path', { d: tickPath, stroke: theme.axis }),
    ...ticks,
    text(lx, ly, label, { 'text-anchor': 'middle', transform: `rotate(-90 ${px(lx)} ${px(ly)})`, fill: theme.mutedText }),
  ]);
}

/** Value at fractional index t of an increasing coordinate array. */
function interpolate(values: ArrayLike<number>, t: number): number {
  const i = Math.min(values.length - 2, Math.max(0, Math.floor(t)));
  return values[i] + (values[i + 1] - values[i]) * (t - i);
}

function firstFinite(xs: Float64Array, ys: Float64Array, direction: 1 | -1): [number, number] | undefined {
  for (let k = direction > 0 ? 0 : xs.length - 1; k >= 0 && k < xs.length; k += direction) {
    if (Number.isFinite(xs[k]) && Number.isFinite(ys[k])) return [xs[k], ys[k]];
  }
  return undefined;
}

function checkGrid(g: LandscapeGrid, nx: number, ny: number): void {
  const name = 'landscapeChart';
  if (nx < 2 || ny < 2) throw new VizInputError(name, 'grid.xs and grid.ys with at least 2 values each', `${nx} and ${ny}`);
  if (g.values?.length !== nx * ny) {
    throw new VizInputError(name, `grid.values of ny × nx = ${ny}×${nx} = ${nx * ny}`, describeValue(g.values));
  }
  for (const [axis, a] of [
    ['xs', g.xs],
    ['ys', g.ys],
  ] as const) {
    for (let k = 1; k < a.length; k++) {
      if (!(a[k] > a[k - 1])) throw new VizInputError(name, `grid.${axis} strictly increasing`, `${a[k - 1]} then ${a[k]} at index ${k}`);
    }
  }
}
