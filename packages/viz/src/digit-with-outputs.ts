import { svgDocument } from './chart-frame.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';
import { grayscaleImage, normalizedIntensities } from './grayscale.js';
import { pngDataUri } from './png.js';
import { linearScale } from './scale.js';
import { theme } from './theme.js';
import { el, text } from './xml.js';

/** Options of `digitWithOutputs`. */
export type DigitWithOutputsOptions = {
  /** The image, row-major: 0..255 (Uint8Array) or 0..1 (Float32Array). */
  pixels: ArrayLike<number>;
  /** The image's width in pixels. Default 28. */
  width?: number;
  /** The image's height in pixels. Default 28. */
  height?: number;
  /** The network's output activations, one per class (10 for digits). */
  outputs: ArrayLike<number>;
  /** The true class, marked on the chart. */
  label?: number;
  /** The chart's title. */
  title?: string;
  /** Class names; default "0", "1", …. */
  classNames?: readonly string[];
};

const BAR_COLOR = '#9fb3c8';
const CORRECT = '#59a14f';

/**
 * A digit beside the network's answer: the image, and a horizontal bar for each
 * output neuron, the brightest (the prediction) highlighted and the true label marked.
 */
export function digitWithOutputs(options: DigitWithOutputsOptions): string {
  const { pixels, outputs, label } = options;
  const w = options.width ?? 28;
  const h = options.height ?? 28;
  if (!pixels || pixels.length !== w * h) {
    throw new VizInputError('digitWithOutputs', `pixels of a ${w}×${h} image (${w * h} values)`, describeValue(pixels));
  }
  const n = outputs?.length ?? 0;
  if (n === 0) throw new VizInputError('digitWithOutputs', 'one output activation per class', describeValue(outputs));
  const names = options.classNames ?? Array.from({ length: n }, (_, i) => String(i));
  if (names.length !== n) throw new VizInputError('digitWithOutputs', `${n} class names`, `${names.length}`);
  if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < n)) {
    throw new VizInputError('digitWithOutputs', `label as an integer class in 0..${n - 1}`, describeValue(label));
  }

  let predicted = -1;
  let lo = 0,
    hi = 1;
  for (let i = 0; i < n; i++) {
    const v = outputs[i];
    if (!Number.isFinite(v)) continue;
    if (predicted < 0 || v > outputs[predicted]) predicted = i;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const predictedName = predicted >= 0 ? names[predicted] : '?';
  const title = options.title ?? (label === undefined ? `Network says ${predictedName}` : `Network says ${predictedName} · true label ${names[label]}`);

  const svgWidth = 800;
  const rowHeight = Math.max(18, Math.min(26, 260 / n));
  const top = 56;
  const chartHeight = n * rowHeight;
  const zoom = Math.max(1, Math.floor(Math.min(240 / w, Math.max(chartHeight, 200) / h)));
  const imgW = w * zoom,
    imgH = h * zoom;
  const svgHeight = Math.ceil(top + Math.max(imgH + 30, chartHeight + 56));

  const parts: string[] = [
    text(svgWidth / 2, 28, title, { 'text-anchor': 'middle', 'font-size': theme.titleSize, 'font-weight': 600, fill: theme.title }),
    el('image', {
      x: 24,
      y: top,
      width: imgW,
      height: imgH,
      href: pngDataUri(grayscaleImage(normalizedIntensities(pixels), w, h, zoom)),
      style: 'image-rendering:pixelated',
    }),
    el('rect', { x: 23.5, y: top - 0.5, width: imgW + 1, height: imgH + 1, fill: 'none', stroke: theme.axis }),
    text(24 + imgW / 2, top + imgH + 20, `input ${w}×${h}`, { 'text-anchor': 'middle', fill: theme.mutedText }),
  ];

  const chartLeft = 24 + imgW + 80;
  const chartRight = svgWidth - 150;
  const x = linearScale([lo, hi], [chartLeft, chartRight], 5);
  const zero = x(0);
  let gridPath = '';
  for (const t of x.ticks) gridPath += `M${round(x(t))} ${top}v${chartHeight}`;
  parts.push(el('path', { d: gridPath, stroke: theme.grid, fill: 'none' }));
  for (let i = 0; i < n; i++) {
    const v = outputs[i];
    const y = top + i * rowHeight;
    const isPredicted = i === predicted;
    const isTrue = i === label;
    const fill = isPredicted ? theme.accent : BAR_COLOR;
    const barX = Number.isFinite(v) ? x(v) : zero;
    parts.push(
      text(chartLeft - 12, y + rowHeight / 2 + 4, names[i], {
        'text-anchor': 'end',
        'font-size': theme.labelSize,
        'font-weight': isPredicted || isTrue ? 700 : undefined,
        fill: isPredicted ? theme.accent : theme.title,
      }),
      el('rect', {
        x: Math.min(zero, barX),
        y: y + 3,
        width: Math.max(Math.abs(barX - zero), 0.5),
        height: rowHeight - 6,
        rx: 2,
        fill,
      }),
    );
    let note = Number.isFinite(v) ? formatNumber(v) : String(v);
    if (isTrue) note += isPredicted ? '  ✓ true label' : '  ← true label';
    parts.push(
      text(Math.max(zero, barX) + 6, y + rowHeight / 2 + 4, note, {
        fill: isTrue ? (isPredicted ? CORRECT : theme.title) : theme.mutedText,
        'font-weight': isTrue ? 600 : undefined,
      }),
    );
    if (isTrue && !isPredicted) {
      // Outline the true class's row so a wrong answer is seen at a glance.
      parts.push(
        el('rect', {
          x: chartLeft - 30,
          y: y + 1,
          width: chartRight - chartLeft + 30,
          height: rowHeight - 2,
          rx: 3,
          fill: 'none',
          stroke: theme.title,
          'stroke-dasharray': '4 3',
        }),
      );
    }
  }
  const axisY = top + chartHeight;
  let ticks = `M${chartLeft} ${axisY}H${chartRight}`;
  x.ticks.forEach((t) => {
    ticks += `M${round(x(t))} ${axisY}v5`;
  });
  parts.push(el('path', { d: ticks, stroke: theme.axis, fill: 'none' }));
  x.ticks.forEach((t, i) => {
    parts.push(text(x(t), axisY + 19, x.tickLabels[i], { 'text-anchor': 'middle' }));
  });
  parts.push(text((chartLeft + chartRight) / 2, axisY + 42, 'output activation', { 'text-anchor': 'middle', 'font-size': theme.labelSize, fill: theme.title }));
  parts.push(text(chartLeft - 12, top - 10, options.classNames ? 'class' : 'digit', { 'text-anchor': 'end', fill: theme.mutedText }));
  return svgDocument({ width: svgWidth, height: svgHeight, title, body: parts });
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
