// The parts every x–y chart shares: the SVG document, the title, the plot
// area's margins, the grid, the axes with their ticks and labels.

import type { Scale } from './scale.js';
import { textWidth, theme } from './theme.js';
import { el, escapeXml, text } from './xml.js';

/** A rectangle in pixels. */
export type Box = { left: number; top: number; width: number; height: number };

/** A complete standalone SVG document with an accessible title and a background. */
export function svgDocument(options: { width: number; height: number; title: string; body: string | readonly string[] }): string {
  const { width, height, title, body } = options;
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': title,
      'font-family': theme.fontFamily,
      'font-size': theme.fontSize,
      fill: theme.text,
    },
    [el('title', {}, escapeXml(title)), el('rect', { width, height, fill: theme.background }), typeof body === 'string' ? body : body.join('')],
  );
}

/** The chart's title, centred at the top. */
export function chartTitle(title: string, width: number): string {
  if (title === '') return '';
  return text(width / 2, 28, title, {
    'text-anchor': 'middle',
    'font-size': theme.titleSize,
    'font-weight': 600,
    fill: theme.title,
  });
}

/** Height reserved above the plot for the title. */
export function titleSpace(title: string): number {
  return title === '' ? 16 : 48;
}

/** Left margin wide enough for the y tick labels and the rotated y-axis label. */
export function leftMargin(yTickLabels: readonly string[], yLabel: string): number {
  const widest = yTickLabels.reduce((m, s) => Math.max(m, textWidth(s)), 0);
  return 12 + (yLabel === '' ? 0 : theme.labelSize + 10) + widest + 10;
}

/** Grid lines at the scales' ticks (and log minor ticks, fainter), drawn under the data. */
export function grid(area: Box, x: Scale, y: Scale): string {
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  let d = '';
  let minor = '';
  for (const t of x.ticks) d += `M${round(x(t))} ${area.top}V${bottom}`;
  for (const t of y.ticks) d += `M${area.left} ${round(y(t))}H${right}`;
  for (const t of x.minorTicks) minor += `M${round(x(t))} ${area.top}V${bottom}`;
  for (const t of y.minorTicks) minor += `M${area.left} ${round(y(t))}H${right}`;
  return [
    el('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: theme.plotBackground }),
    minor === '' ? '' : el('path', { d: minor, stroke: theme.grid, 'stroke-width': 0.6, 'stroke-dasharray': '2 3', fill: 'none' }),
    d === '' ? '' : el('path', { d, stroke: theme.grid, 'stroke-width': 1, fill: 'none' }),
  ].join('');
}

/** Axis lines, tick marks, tick labels and axis titles, drawn over the data. */
export function axes(area: Box, x: Scale, y: Scale, labels: { x: string; y: string }): string {
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  const parts: string[] = [];
  let ticks = '';
  x.ticks.forEach((t, i) => {
    const px = round(x(t));
    ticks += `M${px} ${bottom}v5`;
    parts.push(text(px, bottom + 19, x.tickLabels[i], { 'text-anchor': 'middle' }));
  });
  y.ticks.forEach((t, i) => {
    const py = round(y(t));
    ticks += `M${area.left} ${py}h-5`;
    parts.push(text(area.left - 8, py + 4, y.tickLabels[i], { 'text-anchor': 'end' }));
  });
  parts.unshift(el('path', { d: `M${area.left} ${area.top}V${bottom}H${right}${ticks}`, stroke: theme.axis, 'stroke-width': 1, fill: 'none' }));
  if (labels.x !== '') {
    parts.push(text(area.left + area.width / 2, bottom + 42, labels.x, { 'text-anchor': 'middle', 'font-size': theme.labelSize, fill: theme.title }));
  }
  if (labels.y !== '') {
    const cx = 12 + theme.labelSize / 2 + 2;
    const cy = area.top + area.height / 2;
    parts.push(
      text(cx, cy, labels.y, {
        'text-anchor': 'middle',
        'dominant-baseline': 'central',
        transform: `rotate(-90 ${round(cx)} ${round(cy)})`,
        'font-size': theme.labelSize,
        fill: theme.title,
      }),
    );
  }
  return el('g', { class: 'axes' }, parts);
}

/** Space reserved below the plot for x tick labels and the x-axis label. */
export const BOTTOM_MARGIN = 56;

/** A `<clipPath>` for the plot area, so data never spills over the axes. */
export function clipPath(id: string, area: Box): string {
  return el('clipPath', { id }, el('rect', { x: area.left, y: area.top, width: area.width, height: area.height }));
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
