// The lesson's picture: the input image, then layers of neurons shaded by how
// active they are, joined by weights coloured by sign (blue −, red +) and
// drawn stronger the larger |w| is.

import { svgDocument } from './chart-frame.js';
import { DIVERGING_NEGATIVE, DIVERGING_POSITIVE, rgbToHex } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';
import { grayscaleImage, inkColor, normalizedIntensities } from './grayscale.js';
import { pngDataUri } from './png.js';
import { theme } from './theme.js';
import { el, text } from './xml.js';

/** Options of `networkDiagram`. */
export type NetworkDiagramOptions = {
  /** Neurons per layer, input first: [784, 16, 16, 10]. */
  layerSizes: readonly number[];
  /** Activations of every layer, input included (the input's in 0..1). */
  activations: readonly ArrayLike<number>[];
  /** Weights of every layer after the input, each out × in row-major. */
  weights: readonly ArrayLike<number>[];
  /** Draw the input layer as an image of this [height, width]. Default: a square image when the input has ≥ 49 neurons and is a perfect square. */
  inputShape?: readonly [number, number];
  /** Edges drawn into each neuron when a layer has too many to draw them all (and always from an image input). Default 6. */
  edgesPerNeuron?: number;
  /** Names of the output neurons; default "0", "1", …. */
  outputLabels?: readonly string[];
  /** The diagram's title. */
  title?: string;
};

type Point = { x: number; y: number };

/** Largest number of neurons drawn in one column; bigger layers show their first and last few with "⋮" between. */
const MAX_DRAWN = 24;
/** A layer pair with more edges than this shows only the strongest `edgesPerNeuron` into each neuron. */
const MAX_EDGES = 1200;

/**
 * A layered network diagram: 784 → 16 → 16 → 10 as in the lesson. One
 * `<circle>` per drawn neuron (input drawn as an image when it is one).
 */
export function networkDiagram(options: NetworkDiagramOptions): string {
  const { layerSizes, activations, weights } = options;
  check(options);
  const title = options.title ?? `A ${layerSizes.join('-')} network`;
  const k = options.edgesPerNeuron ?? 6;
  const L = layerSizes.length;
  const width = 800;
  const top = 56;
  const plotHeight = 440;
  const height = top + plotHeight + 100;
  const inputShape = options.inputShape ?? inferShape(layerSizes[0]);

  // Columns: an image block (or circles) for the input, then one column per layer.
  const imageSide = inputShape ? Math.min(200, plotHeight * 0.6) : 0;
  const imageZoom = inputShape ? Math.max(1, Math.floor(imageSide / Math.max(inputShape[0], inputShape[1]))) : 1;
  const imageW = inputShape ? inputShape[1] * imageZoom : 0;
  const imageH = inputShape ? inputShape[0] * imageZoom : 0;
  const firstX = inputShape ? 32 + imageW / 2 : 80;
  const lastX = width - 110;
  const columnX = (l: number) =>
    l === 0
      ? firstX
      : inputShape
        ? firstX + imageW / 2 + 90 + ((lastX - firstX - imageW / 2 - 90) * (l - 1)) / Math.max(1, L - 2)
        : firstX + ((lastX - firstX) * l) / (L - 1);

  // Neuron positions (visible neurons only).
  const positions: Map<number, Point>[] = [];
  const radius: number[] = [];
  const ellipsis: (Point | undefined)[] = [];
  for (let l = 0; l < L; l++) {
    const map = new Map<number, Point>();
    positions.push(map);
    if (l === 0 && inputShape) {
      radius.push(0);
      ellipsis.push(undefined);
      continue;
    }
    const { shown, gapAfter } = visibleNeurons(layerSizes[l]);
    const slots = shown.length + (gapAfter >= 0 ? 1 : 0);
    const spacing = Math.min(36, plotHeight / slots);
    radius.push(Math.max(3, Math.min(13, spacing / 2 - 2)));
    const y0 = top + plotHeight / 2 - (spacing * (slots - 1)) / 2;
    let slot = 0;
    for (const i of shown) {
      map.set(i, { x: columnX(l), y: y0 + slot * spacing });
      slot++;
      if (i === gapAfter) {
        ellipsis.push({ x: columnX(l), y: y0 + slot * spacing });
        slot++;
      }
    }
    if (gapAfter < 0) ellipsis.push(undefined);
  }
  const imageTop = top + plotHeight / 2 - imageH / 2;
  const imageLeft = firstX - imageW / 2;
  const pixelCenter = (i: number): Point => {
    const [, w] = inputShape as readonly [number, number];
    return { x: imageLeft + ((i % w) + 0.5) * imageZoom, y: imageTop + (Math.floor(i / w) + 0.5) * imageZoom };
  };

  // Edges, weakest first so the strong ones are drawn on top.
  const edges: string[] = [];
  for (let l = 1; l < L; l++) {
    const W = weights[l - 1];
    const nIn = layerSizes[l - 1];
    const targets = [...positions[l].keys()];
    const sources = l === 1 && inputShape ? null : [...positions[l - 1].keys()];
    const all = sources !== null && targets.length * sources.length <= MAX_EDGES;
    const chosen: { w: number; from: Point; to: Point }[] = [];
    for (const j of targets) {
      const candidates = sources ?? range(nIn);
      const picked = all ? candidates : strongest(W, j * nIn, candidates, k);
      for (const i of picked) {
        const w = W[j * nIn + i];
        if (!Number.isFinite(w) || w === 0) continue;
        chosen.push({ w, from: sources === null ? pixelCenter(i) : (positions[l - 1].get(i) as Point), to: positions[l].get(j) as Point });
      }
    }
    let maxAbs = 0;
    for (const e of chosen) maxAbs = Math.max(maxAbs, Math.abs(e.w));
    chosen.sort((a, b) => Math.abs(a.w) - Math.abs(b.w));
    const rFrom = radius[l - 1];
    const rTo = radius[l];
    for (const e of chosen) {
      const s = Math.abs(e.w) / maxAbs;
      const dx = e.to.x - e.from.x,
        dy = e.to.y - e.from.y;
      const len = Math.hypot(dx, dy) || 1;
      edges.push(
        el('line', {
          x1: e.from.x + (dx / len) * rFrom,
          y1: e.from.y + (dy / len) * rFrom,
          x2: e.to.x - (dx / len) * rTo,
          y2: e.to.y - (dy / len) * rTo,
          stroke: e.w > 0 ? POSITIVE : NEGATIVE,
          'stroke-opacity': round3(0.06 + 0.74 * s),
          'stroke-width': round3(0.5 + 1.8 * s),
        }),
      );
    }
  }

  const parts: string[] = [
    text(width / 2, 28, title, { 'text-anchor': 'middle', 'font-size': theme.titleSize, 'font-weight': 600, fill: theme.title }),
    el('g', { class: 'edges', 'stroke-linecap': 'round' }, edges),
  ];
  if (inputShape) {
    const [h, w] = inputShape;
    parts.push(
      el('image', {
        x: imageLeft,
        y: imageTop,
        width: imageW,
        height: imageH,
        href: pngDataUri(grayscaleImage(normalizedIntensities(activations[0]), w, h, imageZoom)),
        style: 'image-rendering:pixelated',
      }),
      el('rect', { x: imageLeft - 0.5, y: imageTop - 0.5, width: imageW + 1, height: imageH + 1, fill: 'none', stroke: theme.axis }),
    );
  }

  // Neurons, shaded by activation (a layer whose activations exceed 1, e.g. ReLU, is scaled by its largest).
  const outputLabels = options.outputLabels ?? range(layerSizes[L - 1]).map(String);
  const out = activations[L - 1];
  let predicted = -1;
  for (let i = 0; i < out.length; i++) if (Number.isFinite(out[i]) && (predicted < 0 || out[i] > out[predicted])) predicted = i;
  for (let l = 0; l < L; l++) {
    const a = activations[l];
    let max = 1;
    for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
    const circles: string[] = [];
    for (const [i, p] of positions[l]) {
      const isPredicted = l === L - 1 && i === predicted;
      circles.push(
        el('circle', {
          cx: p.x,
          cy: p.y,
          r: radius[l],
          fill: inkColor(a[i] / max),
          stroke: isPredicted ? theme.accent : theme.axis,
          'stroke-width': isPredicted ? 2.5 : 1,
        }),
      );
      if (l === L - 1) {
        circles.push(
          text(p.x + radius[l] + 8, p.y + 4, outputLabels[i], {
            'font-size': theme.labelSize,
            'font-weight': isPredicted ? 700 : 500,
            fill: isPredicted ? theme.accent : theme.title,
          }),
          text(p.x + radius[l] + 26, p.y + 4, formatNumber(a[i], 2), { fill: theme.mutedText }),
        );
      }
    }
    const dots = ellipsis[l];
    if (dots) circles.push(text(dots.x, dots.y + 5, '⋮', { 'text-anchor': 'middle', 'font-size': 16, fill: theme.mutedText }));
    parts.push(el('g', { class: `layer-${l}` }, circles));
  }

  // Captions under each column.
  for (let l = 0; l < L; l++) {
    const name = l === 0 ? 'input' : l === L - 1 ? 'output' : L > 3 ? `hidden ${l}` : 'hidden';
    const size = l === 0 && inputShape ? `${inputShape[0]}×${inputShape[1]} = ${layerSizes[0]}` : String(layerSizes[l]);
    parts.push(text(columnX(l), top + plotHeight + 26, `${name} (${size})`, { 'text-anchor': 'middle', fill: theme.title, 'font-size': theme.labelSize }));
  }

  // Legend: what the colours mean.
  const ly = top + plotHeight + 60;
  const notes = ['edge opacity and width grow with |w|'];
  if (inputShape) notes.push(`from the image, only the ${k} strongest weights into each neuron`);
  if (layerSizes.some((n, l) => (l > 0 || !inputShape) && n > MAX_DRAWN)) notes.push('⋮ marks neurons not drawn');
  parts.push(
    el('g', { class: 'legend' }, [
      el('path', { d: `M32 ${ly}h24`, stroke: POSITIVE, 'stroke-width': 2.5 }),
      text(62, ly + 4, 'positive weight'),
      el('path', { d: `M172 ${ly}h24`, stroke: NEGATIVE, 'stroke-width': 2.5 }),
      text(202, ly + 4, 'negative weight'),
      el('rect', { x: 318, y: ly - 7, width: 14, height: 14, rx: 7, fill: inkColor(0), stroke: theme.axis }),
      el('rect', { x: 336, y: ly - 7, width: 14, height: 14, rx: 7, fill: inkColor(0.5), stroke: theme.axis }),
      el('rect', { x: 354, y: ly - 7, width: 14, height: 14, rx: 7, fill: inkColor(1), stroke: theme.axis }),
      text(374, ly + 4, 'activation 0 → 1'),
      text(32, ly + 24, notes.join(' · '), { fill: theme.mutedText }),
    ]),
  );
  return svgDocument({ width, height, title, body: parts });
}

const POSITIVE = rgbToHex(DIVERGING_POSITIVE);
const NEGATIVE = rgbToHex(DIVERGING_NEGATIVE);

/** Which neurons of a layer to draw, and after which index the "⋮" goes (−1: none). */
function visibleNeurons(n: number): { shown: number[]; gapAfter: number } {
  if (n <= MAX_DRAWN) return { shown: range(n), gapAfter: -1 };
  const head = MAX_DRAWN - 3;
  return { shown: [...range(head), n - 3, n - 2, n - 1], gapAfter: head - 1 };
}

/** Indices of the k candidates with the largest |W[offset + i]|. */
function strongest(W: ArrayLike<number>, offset: number, candidates: readonly number[], k: number): number[] {
  return [...candidates]
    .filter((i) => Number.isFinite(W[offset + i]))
    .sort((a, b) => Math.abs(W[offset + b]) - Math.abs(W[offset + a]))
    .slice(0, k);
}

function inferShape(n: number): [number, number] | undefined {
  const side = Math.round(Math.sqrt(n));
  return n >= 49 && side * side === n ? [side, side] : undefined;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function check(options: NetworkDiagramOptions): void {
  const { layerSizes, activations, weights, inputShape } = options;
  const name = 'networkDiagram';
  if (!Array.isArray(layerSizes) || layerSizes.length < 2 || !layerSizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw new VizInputError(name, 'layerSizes as at least two positive integers, e.g. [784, 16, 16, 10]', describeValue(layerSizes));
  }
  const L = layerSizes.length;
  if (!Array.isArray(activations) || activations.length !== L) {
    throw new VizInputError(name, `activations for all ${L} layers (input included)`, describeValue(activations));
  }
  activations.forEach((a, l) => {
    if (!a || a.length !== layerSizes[l]) throw new VizInputError(name, `activations[${l}] of length ${layerSizes[l]}`, describeValue(a));
  });
  if (!Array.isArray(weights) || weights.length !== L - 1) {
    throw new VizInputError(name, `weights for the ${L - 1} layers after the input`, describeValue(weights));
  }
  weights.forEach((w, l) => {
    const expected = layerSizes[l + 1] * layerSizes[l];
    if (!w || w.length !== expected) {
      throw new VizInputError(name, `weights[${l}] of ${layerSizes[l + 1]}×${layerSizes[l]} = ${expected} values`, describeValue(w));
    }
  });
  if (inputShape !== undefined && (inputShape.length !== 2 || inputShape[0] * inputShape[1] !== layerSizes[0])) {
    throw new VizInputError(name, `inputShape [height, width] with height × width = ${layerSizes[0]}`, `[${inputShape.join(', ')}]`);
  }
  const labels = options.outputLabels;
  if (labels !== undefined && labels.length !== layerSizes[L - 1]) {
    throw new VizInputError(name, `${layerSizes[L - 1]} output labels`, `${labels.length}`);
  }
  const k = options.edgesPerNeuron;
  if (k !== undefined && !(Number.isInteger(k) && k >= 0)) throw new VizInputError(name, 'edgesPerNeuron as a non-negative integer', describeValue(k));
}
