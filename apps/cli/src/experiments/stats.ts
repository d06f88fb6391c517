// Small statistics the experiments report. They measure pictures and runs
// rather than train anything; they could move to a package (e.g. an
// `@downhill/viz` "measure" module) if the web demo wants them too.
import type { LabeledImages } from '@downhill/datasets';

/** Pixels that are 0 in every image of the set: their weights never get a gradient. */
export function blankPixels(set: LabeledImages): Uint8Array {
  const size = set.rows * set.cols;
  const inked = new Uint8Array(size);
  for (let i = 0; i < set.count; i++) {
    const offset = i * size;
    for (let p = 0; p < size; p++) if (set.pixels[offset + p] !== 0) inked[p] = 1;
  }
  return inked.map((v) => 1 - v);
}

/**
 * How smooth a tile is: the correlation between each weight and its right
 * and lower neighbour, over the pairs where both pixels are kept, averaged over
 * tiles. Independent random weights give about 0; a smooth stroke or edge
 * template is close to 1.
 */
export function neighbourCorrelation(weights: ArrayLike<number>, tiles: number, side: number, keep?: Uint8Array): number {
  const size = side * side;
  let total = 0;
  for (let t = 0; t < tiles; t++) {
    const o = t * size;
    let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    const pair = (p: number, q: number) => {
      if (keep && (!keep[p] || !keep[q])) return;
      const a = weights[o + p]!, b = weights[o + q]!;
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
    const va = saa / n - (sa / n) ** 2, vb = sbb / n - (sb / n) ** 2;
    total += va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
  }
  return total / tiles;
}

/** √Σx² over the entries of each tile where `keep` is set (all when absent). */
export function maskedNorm(values: ArrayLike<number>, tiles: number, size: number, keep?: Uint8Array): number {
  let s = 0;
  for (let t = 0; t < tiles; t++) {
    for (let p = 0; p < size; p++) if (!keep || keep[p]) s += values[t * size + p]! ** 2;
  }
  return Math.sqrt(s);
}

/** Largest |x| over the entries of each tile where `keep` is set. */
export function maskedMaxAbs(values: ArrayLike<number>, tiles: number, size: number, keep: Uint8Array): number {
  let m = 0;
  for (let t = 0; t < tiles; t++) {
    for (let p = 0; p < size; p++) if (keep[p]) m = Math.max(m, Math.abs(values[t * size + p]!));
  }
  return m;
}

/** Counts of values in `bins` equal bins over [0, 1] (1 itself goes in the last). */
export function histogram01(values: ArrayLike<number>, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(values[i]! * bins)))]!++;
  return counts;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length === 0 ? Number.NaN : s / values.length;
}

/** The largest output of each row and where it is: the network's confidence and answer. */
export function rowMax(outputs: Float32Array, classes: number): { max: Float32Array; argmax: Uint8Array } {
  const rows = outputs.length / classes;
  const max = new Float32Array(rows), argmax = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[r * classes + c]! > outputs[r * classes + best]!) best = c;
    max[r] = outputs[r * classes + best]!;
    argmax[r] = best;
  }
  return { max, argmax };
}
