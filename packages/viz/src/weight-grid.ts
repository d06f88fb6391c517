// Each hidden neuron's incoming weights, laid out as the image they "look for":
// the lesson's picture of what a first-layer neuron has learned.

import { chartTitle, svgDocument, titleSpace } from './chart-frame.js';
import { DIVERGING_NEGATIVE, DIVERGING_POSITIVE, diverging, rgbToHex, writeDiverging } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';
import { pngDataUri, type RgbaImage } from './png.js';
import { theme } from './theme.js';
import { el, stableId, text } from './xml.js';

/** Options of `weightGrid`. */
export type WeightGridOptions = {
  /** Number of neurons: rows of the out × in weight matrix. */
  outputs: number;
  /** Tile size in weights; tileWidth × tileHeight must equal the inputs per neuron. Default: a square (28 × 28 for 784). */
  tileWidth?: number;
  /** Tile height in weights. Default: a square. */
  tileHeight?: number;
  /** Tiles per row. Default: ⌈√outputs⌉ (4 for 16 neurons). */
  columns?: number;
  /** Pixels per weight. Default 4. */
  scale?: number;
  /** Pixels between tiles. Default 4. */
  gap?: number;
  /** One colour scale (the largest |w| of all tiles) instead of one per tile. */
  shared?: boolean;
  /** An explicit colour scale: |w| = maxAbs is full colour. Overrides `shared`; keeps frames of a training run comparable. */
  maxAbs?: number;
  /** Colour between tiles. Default light grey. */
  background?: readonly [number, number, number];
};

type Layout = {
  inputs: number;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
  scale: number;
  gap: number;
};

const GAP_GRAY = [209, 213, 219] as const;

/**
 * Weights of an out × in row-major matrix as a grid of tiles, one per neuron,
 * in the diverging map: blue negative, white zero, red positive. Each tile is
 * scaled by its own max |w| unless `shared` or `maxAbs` says otherwise, so the
 * largest weight of a tile gets the full end colour.
 *
 * Image size: columns·tileWidth·scale + (columns − 1)·gap wide, likewise high.
 */
export function weightGrid(weights: ArrayLike<number>, options: WeightGridOptions): RgbaImage {
  const layout = checkLayout('weightGrid', weights, options);
  const { inputs, tileWidth, tileHeight, columns, rows, scale, gap } = layout;
  const width = columns * tileWidth * scale + (columns - 1) * gap;
  const height = rows * tileHeight * scale + (rows - 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4);
  const bg = options.background ?? GAP_GRAY;
  for (let i = 0; i < data.length; i += 4) {
    data[i] = bg[0];
    data[i + 1] = bg[1];
    data[i + 2] = bg[2];
    data[i + 3] = 255;
  }
  const fixed = options.maxAbs ?? (options.shared ? maxAbsOf(weights, 0, weights.length) : Number.NaN);
  for (let n = 0; n < options.outputs; n++) {
    const start = n * inputs;
    const m = Number.isNaN(fixed) ? maxAbsOf(weights, start, start + inputs) : fixed;
    // An all-zero tile stays white rather than dividing by zero.
    const inv = m > 0 ? 1 / m : 0;
    const x0 = (n % columns) * (tileWidth * scale + gap);
    const y0 = Math.floor(n / columns) * (tileHeight * scale + gap);
    for (let ty = 0; ty < tileHeight; ty++) {
      for (let tx = 0; tx < tileWidth; tx++) {
        const w = weights[start + ty * tileWidth + tx];
        // Paint the first pixel of the block, then copy it over the block.
        const first = ((y0 + ty * scale) * width + x0 + tx * scale) * 4;
        writeDiverging(Number.isFinite(w) ? w * inv : Number.NaN, data, first);
        const r = data[first],
          g = data[first + 1],
          b = data[first + 2];
        for (let sy = 0; sy < scale; sy++) {
          let o = first + sy * width * 4;
          for (let sx = 0; sx < scale; sx++, o += 4) {
            data[o] = r;
            data[o + 1] = g;
            data[o + 2] = b;
            data[o + 3] = 255;
          }
        }
      }
    }
  }
  return { width, height, data };
}

/** Options of `weightGridSvg`: those of `weightGrid` but the raster's, and labels. */
export type WeightGridSvgOptions = Omit<WeightGridOptions, 'scale' | 'gap' | 'background'> & {
  title?: string;
  /** A caption above each tile: `true` numbers the neurons from 1, or give one string per neuron. */
  tileTitles?: boolean | readonly string[];
  /** Width of the SVG in pixels. Default 800. */
  width?: number;
  /** What the tiles show, for the colour bar: its symbol (default `w`) and the caption under it (default: blue negative, red positive weight). */
  quantity?: {
    /** The symbol at the bar's ends, as `w` in −w and +w. */
    symbol: string;
    /** The caption under the bar. */
    caption: string;
  };
};

/**
 * `weightGrid` as an SVG figure: crisp tiles (embedded PNGs at an integer
 * zoom), optional title and per-tile captions, and a colour bar saying what
 * blue, white and red mean.
 */
export function weightGridSvg(weights: ArrayLike<number>, options: WeightGridSvgOptions): string {
  const { outputs } = options;
  const layout = checkLayout('weightGridSvg', weights, { ...options, scale: 1, gap: 0 });
  const { inputs, tileWidth, tileHeight, columns, rows } = layout;
  const width = options.width ?? 800;
  if (!Number.isFinite(width) || width < 200) throw new VizInputError('weightGridSvg', 'width of at least 200 px', describeValue(width));
  const title = options.title ?? '';
  const captions =
    options.tileTitles === true
      ? Array.from({ length: outputs }, (_, i) => `neuron ${i + 1}`)
      : Array.isArray(options.tileTitles)
        ? options.tileTitles
        : undefined;
  if (captions !== undefined && captions.length !== outputs) {
    throw new VizInputError('weightGridSvg', `${outputs} tile titles`, `${captions.length}`);
  }
  const gap = 12;
  const captionSpace = captions ? 18 : 0;
  const margin = 24;
  const zoom = Math.max(1, Math.floor(Math.min((width - 2 * margin - (columns - 1) * gap) / columns / tileWidth, 280 / tileWidth)));
  const tileW = tileWidth * zoom;
  const tileH = tileHeight * zoom;
  const gridWidth = columns * tileW + (columns - 1) * gap;
  const left = (width - gridWidth) / 2;
  const top = titleSpace(title) + captionSpace;
  const fixed = options.maxAbs ?? (options.shared ? maxAbsOf(weights, 0, weights.length) : undefined);

  const parts: string[] = [chartTitle(title, width)];
  for (let n = 0; n < outputs; n++) {
    const tile = weightGrid(subarray(weights, n * inputs, (n + 1) * inputs), {
      outputs: 1,
      tileWidth,
      tileHeight,
      scale: zoom,
      maxAbs: fixed,
    });
    const x = left + (n % columns) * (tileW + gap);
    const y = top + Math.floor(n / columns) * (tileH + gap + captionSpace);
    if (captions) parts.push(text(x + tileW / 2, y - 6, captions[n], { 'text-anchor': 'middle', fill: theme.mutedText }));
    parts.push(el('image', { x, y, width: tileW, height: tileH, href: pngDataUri(tile), style: 'image-rendering:pixelated' }));
    parts.push(el('rect', { x: x - 0.5, y: y - 0.5, width: tileW + 1, height: tileH + 1, fill: 'none', stroke: theme.grid }));
  }
  const barTop = top + rows * (tileH + gap + captionSpace) - captionSpace + 8;
  parts.push(colorBar(left, barTop, Math.min(gridWidth, 360), fixed, stableId('weight-bar', `${title}|${outputs}|${inputs}`), options.quantity));
  const height = Math.ceil(barTop + 60);
  return svgDocument({ width, height, title: title || 'weights of each neuron', body: parts });
}

/** A horizontal blue–white–red bar with its end values and what the colours mean. */
function colorBar(x: number, y: number, width: number, maxAbs: number | undefined, id: string, quantity?: { symbol: string; caption: string }): string {
  const stops: string[] = [];
  for (let k = 0; k <= 8; k++) {
    const t = -1 + k / 4;
    stops.push(el('stop', { offset: `${(k / 8) * 100}%`, 'stop-color': rgbToHex(diverging(t)) }));
  }
  const symbol = quantity?.symbol ?? 'w';
  const ends = maxAbs === undefined ? [`−max |${symbol}|`, `+max |${symbol}|`] : [`−${formatNumber(maxAbs)}`, `+${formatNumber(maxAbs)}`];
  const note = maxAbs === undefined ? `each tile scaled to its own max |${symbol}|` : 'one colour scale for all tiles';
  const caption = quantity?.caption ?? 'blue: negative weight · white: 0 · red: positive weight';
  return el('g', { class: 'colour-bar' }, [
    el('defs', {}, el('linearGradient', { id }, stops)),
    el('rect', { x, y, width, height: 12, fill: `url(#${id})`, stroke: theme.grid }),
    text(x, y + 28, ends[0], { fill: rgbToHex(DIVERGING_NEGATIVE) }),
    text(x + width / 2, y + 28, '0', { 'text-anchor': 'middle' }),
    text(x + width, y + 28, ends[1], { 'text-anchor': 'end', fill: rgbToHex(DIVERGING_POSITIVE) }),
    text(x, y + 46, `${caption} (${note})`, { fill: theme.mutedText }),
  ]);
}

function checkLayout(renderer: string, weights: ArrayLike<number>, options: WeightGridOptions): Layout {
  if (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number') {
    throw new VizInputError(renderer, 'weights as a Float32Array (out × in, row-major)', describeValue(weights));
  }
  const { outputs } = options;
  if (!Number.isInteger(outputs) || outputs <= 0) throw new VizInputError(renderer, 'outputs as a positive integer', describeValue(outputs));
  if (weights.length % outputs !== 0 || weights.length === 0) {
    throw new VizInputError(renderer, `a weight count divisible by outputs = ${outputs}`, `${weights.length} weights`);
  }
  const inputs = weights.length / outputs;
  const side = Math.round(Math.sqrt(inputs));
  const tileWidth = options.tileWidth ?? (side * side === inputs ? side : Number.NaN);
  const tileHeight = options.tileHeight ?? (Number.isNaN(tileWidth) ? Number.NaN : inputs / tileWidth);
  if (!Number.isInteger(tileWidth) || !Number.isInteger(tileHeight) || tileWidth * tileHeight !== inputs) {
    throw new VizInputError(
      renderer,
      `tileWidth × tileHeight = ${inputs} inputs per neuron`,
      `${describeValue(options.tileWidth)} × ${describeValue(options.tileHeight)}`,
    );
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(outputs));
  if (!Number.isInteger(columns) || columns <= 0) throw new VizInputError(renderer, 'columns as a positive integer', describeValue(columns));
  const scale = options.scale ?? 4;
  if (!Number.isInteger(scale) || scale <= 0) throw new VizInputError(renderer, 'scale (pixels per weight) as a positive integer', describeValue(scale));
  const gap = options.gap ?? 4;
  if (!Number.isInteger(gap) || gap < 0) throw new VizInputError(renderer, 'gap as a non-negative integer', describeValue(gap));
  if (options.maxAbs !== undefined && !(options.maxAbs > 0 && Number.isFinite(options.maxAbs))) {
    throw new VizInputError(renderer, 'maxAbs as a positive finite number', describeValue(options.maxAbs));
  }
  return { inputs, tileWidth, tileHeight, columns: Math.min(columns, outputs), rows: Math.ceil(outputs / Math.min(columns, outputs)), scale, gap };
}

function maxAbsOf(values: ArrayLike<number>, start: number, end: number): number {
  let m = 0;
  for (let i = start; i < end; i++) {
    const a = Math.abs(values[i]);
    if (a > m && a !== Number.POSITIVE_INFINITY) m = a;
  }
  return m;
}

function subarray(values: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (ArrayBuffer.isView(values)) return (values as unknown as Float32Array).subarray(start, end);
  return Array.prototype.slice.call(values, start, end) as number[];
}
