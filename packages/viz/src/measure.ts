// Numbers that describe pictures: how smooth a weight image is, how large its
// weights are where the digits have ink, how a set of values in [0, 1] spreads.
// They go beside the pictures (a caption, an experiment's finding), so they sit
// with the renderers.
//
// Tiles are laid out as the weight grid has them: `tiles` images of `size`
// values one after another (a layer's weights, one row per neuron). A `keep`
// mask has one entry per pixel of a tile and picks the pixels measured (for
// instance those that have ink in some image); without it, all are.
import { VizInputError, describeValue } from './errors.js';

/**
 * How smooth the tiles are: the Pearson correlation between each value and its
 * right and lower neighbour, over the pairs where both pixels are kept,
 * averaged over the tiles. Independent random weights give about 0, a smooth
 * stroke or edge template close to 1, a checkerboard −1; a flat tile counts as 0.
 */
export function neighborCorrelation(values: ArrayLike<number>, tiles: number, side: number, keep?: ArrayLike<number>): number {
  if (!Number.isInteger(side) || side < 1)
    throw new VizInputError('neighborCorrelation', 'side as a positive integer (tiles are side × side)', describeValue(side));
  const size = side * side;
  checkTiles('neighborCorrelation', values, tiles, size, keep);
  let total = 0;
  for (let t = 0; t < tiles; t++) {
    const o = t * size;
    let n = 0,
      sa = 0,
      sb = 0,
      saa = 0,
      sbb = 0,
      sab = 0;
    const pair = (p: number, q: number) => {
      if (keep && (!keep[p] || !keep[q])) return;
      const a = values[o + p],
        b = values[o + q];
      n++;
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
    };
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        if (x + 1 < side) pair(y * side + x, y * side + x + 1);
        if (y + 1 < side) pair(y * side + x, (y + 1) * side + x);
      }
    }
    const cov = sab / n - (sa / n) * (sb / n);
    const va = saa / n - (sa / n) ** 2,
      vb = sbb / n - (sb / n) ** 2;
    total += va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
  }
  return total / tiles;
}

/** √Σx² over the kept pixels of every tile: the Euclidean norm of the weights measured. */
export function maskedNorm(values: ArrayLike<number>, tiles: number, size: number, keep?: ArrayLike<number>): number {
  checkTiles('maskedNorm', values, tiles, size, keep);
  let s = 0;
  for (let t = 0; t < tiles; t++) {
    for (let p = 0; p < size; p++) if (!keep || keep[p]) s += values[t * size + p] ** 2;
  }
  return Math.sqrt(s);
}

/** The largest |x| over the kept pixels of every tile (0 when none is kept). */
export function maskedMaxAbs(values: ArrayLike<number>, tiles: number, size: number, keep?: ArrayLike<number>): number {
  checkTiles('maskedMaxAbs', values, tiles, size, keep);
  let m = 0;
  for (let t = 0; t < tiles; t++) {
    for (let p = 0; p < size; p++) if (!keep || keep[p]) m = Math.max(m, Math.abs(values[t * size + p]));
  }
  return m;
}

/**
 * Counts of values in `bins` equal bins over [0, 1], e.g. of a network's
 * largest output per image. 1 itself goes in the last bin; values outside
 * [0, 1] are counted in the end bins. NaN is refused, as it has no bin.
 */
export function histogram01(values: ArrayLike<number>, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new VizInputError('histogram01', 'bins as a positive integer', describeValue(bins));
  if (!values || typeof values.length !== 'number') throw new VizInputError('histogram01', 'values as an array of numbers', describeValue(values));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new VizInputError('histogram01', 'numbers to count', `${describeValue(v)} at index ${i}`);
    counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  }
  return counts;
}

function checkTiles(measure: string, values: ArrayLike<number>, tiles: number, size: number, keep: ArrayLike<number> | undefined): void {
  if (!Number.isInteger(tiles) || tiles < 1) throw new VizInputError(measure, 'tiles as a positive integer', describeValue(tiles));
  if (!Number.isInteger(size) || size < 1) throw new VizInputError(measure, 'a tile size that is a positive integer', describeValue(size));
  if (!values || values.length !== tiles * size) {
    throw new VizInputError(measure, `${tiles} tiles × ${size} values = ${tiles * size} values`, describeValue(values));
  }
  if (keep !== undefined && keep.length !== size) {
    throw new VizInputError(measure, `a keep mask of ${size} entries, one per pixel of a tile`, describeValue(keep));
  }
}
