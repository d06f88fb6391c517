// A mini-batch is a pair of matrices with one example per row: x holds the
// inputs (pixels scaled to [0, 1], or a point's coordinates), y the one-hot
// desired outputs. Buffers are allocated once (`allocBatch`) and refilled for
// every batch, so the training loop allocates nothing.
import { gatherUnitRows, type Matrix, matrix, ShapeMismatchError, type SparseRows, unitBytes } from '@downhill/linalg';
import { DatasetError } from './errors.js';
import type { LabeledImages } from './labeled-images.js';
import type { PointSet } from './synthetic.js';

function features(set: LabeledImages | PointSet): number {
  return 'pixels' in set ? set.rows * set.cols : 2;
}

/** Batch buffers for `size` examples of `set`: x is size × inputs, y is size × classes. */
export function allocBatch(set: LabeledImages | PointSet, size: number): { x: Matrix; y: Matrix } {
  if (!Number.isInteger(size) || size < 1) {
    throw new DatasetError('allocBatch', 'a batch size that is a positive integer', `${size}`);
  }
  return { x: matrix(size, features(set)), y: matrix(size, set.classes) };
}

/** How many batches of `batchSize` one pass over `count` examples takes; with `dropLast`, a short last batch is not counted. */
export function batchCount(count: number | { count: number }, batchSize: number, dropLast = false): number {
  const n = typeof count === 'number' ? count : count.count;
  if (!Number.isInteger(n) || n < 0) throw new DatasetError('batchCount', 'an example count that is a non-negative integer', `${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DatasetError('batchCount', 'a batch size that is a positive integer', `${batchSize}`);
  }
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

function checkBatch(op: string, set: LabeledImages | PointSet, indices: ArrayLike<number>, start: number, size: number, x: Matrix, y: Matrix): void {
  if (!Number.isInteger(start) || !Number.isInteger(size) || start < 0 || size < 0 || start + size > indices.length) {
    throw new DatasetError(
      op,
      `start and size that are non-negative integers with start + size ≤ ${indices.length} (the number of indices)`,
      `start ${start}, size ${size}`,
    );
  }
  const inputs = features(set);
  if (x.rows !== size || x.cols !== inputs) {
    throw new ShapeMismatchError(op, `x of ${size} × ${inputs} (size × inputs; for a short last batch pass rowSlice(x, 0, size))`, `${x.rows} × ${x.cols}`);
  }
  if (y.rows !== size || y.cols !== set.classes) {
    throw new ShapeMismatchError(op, `y of ${size} × ${set.classes} (size × classes)`, `${y.rows} × ${y.cols}`);
  }
}

function badIndex(op: string, count: number, k: number, i: number): DatasetError {
  return new DatasetError(op, `example indices that are integers in 0 .. ${count - 1}`, `${i} at position ${k}`);
}

/**
 * Fill x and y with examples `indices[start .. start + size)` of `set`: each
 * image's pixels as one row of x scaled to [0, 1] (`gatherUnitRows`), its label as
 * a one-hot row of y. Allocates no buffers. With `listed`, x's non-zeros are
 * listed into it too (`SparseRows.gatherUnitRows`), for a network to take in
 * x's place (on the kernels, in the same pass over the pixels).
 */
export function toBatch(set: LabeledImages, indices: ArrayLike<number>, start: number, size: number, x: Matrix, y: Matrix, listed?: SparseRows): void {
  checkBatch('toBatch', set, indices, start, size, x, y);
  const inputs = set.rows * set.cols,
    classes = set.classes;
  const pixels = set.pixels,
    labels = set.labels,
    xd = x.data,
    yd = y.data;
  yd.fill(0);
  for (let k = 0; k < size; k++) {
    const i = indices[start + k]!;
    if (!(i < set.count) || i >>> 0 !== i) throw badIndex('toBatch', set.count, start + k, i);
    yd[k * classes + labels[i]!] = 1;
  }
  if (listed) listed.gatherUnitRows(pixels, inputs, indices, start, size, xd);
  else gatherUnitRows(pixels, inputs, indices, start, size, xd);
  touchRows(pixels, inputs, indices, start + size, Math.min(size, indices.length - start - size));
}

/** What `touchRows` read, kept so that its reads are not optimized away. */
let touched = 0;

/**
 * Read one byte of each cache line of the images the next batch takes (the
 * next `count` indices): the images are scattered over megabytes, and their
 * cache misses then overlap this batch's training instead of stalling the next
 * batch's copy row by row (measured: an MNIST epoch at batch 10 about 4 %
 * faster). Changes nothing.
 */
function touchRows(pixels: Uint8Array, inputs: number, indices: ArrayLike<number>, start: number, count: number): void {
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const from = indices[start + k]! * inputs,
      end = Math.min(from + inputs, pixels.length);
    for (let p = from; p < end; p += 64) sum += pixels[p]!;
  }
  touched = (touched + sum) | 0;
}

/**
 * Image bytes (0–255) as network inputs in [0, 1], scaled exactly as `toBatch`
 * scales them for training: for asking a trained network about one picture.
 */
export function scalePixels(pixels: ArrayLike<number>, out: Float32Array = new Float32Array(pixels.length)): Float32Array {
  if (out.length !== pixels.length) {
    throw new ShapeMismatchError('scalePixels', `out of ${pixels.length} numbers (one per pixel)`, `${out.length}`);
  }
  return pixels instanceof Uint8Array ? unitBytes(pixels, out) : unitBytes(Uint8Array.from(pixels), out);
}

/** `toBatch` for a 2-D point set: coordinates as the two columns of x, labels one-hot in y. Allocates nothing. */
export function pointsToBatch(set: PointSet, indices: ArrayLike<number>, start: number, size: number, x: Matrix, y: Matrix): void {
  checkBatch('pointsToBatch', set, indices, start, size, x, y);
  const classes = set.classes,
    points = set.points,
    xd = x.data,
    yd = y.data;
  yd.fill(0);
  for (let k = 0; k < size; k++) {
    const i = indices[start + k]!;
    if (!(i < set.count) || i >>> 0 !== i) throw badIndex('pointsToBatch', set.count, start + k, i);
    xd[2 * k] = points[2 * i]!;
    xd[2 * k + 1] = points[2 * i + 1]!;
    yd[k * classes + set.labels[i]!] = 1;
  }
}

/** A whole point set as one batch, in its own order: handy for full-batch gradient descent. */
export function pointsToMatrices(set: PointSet): { x: Matrix; y: Matrix } {
  const { x, y } = allocBatch(set, set.count);
  const identity = new Uint32Array(set.count);
  for (let i = 0; i < set.count; i++) identity[i] = i;
  pointsToBatch(set, identity, 0, set.count, x, y);
  return { x, y };
}
