import { matrix, Rng, ShapeMismatchError, toRows } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { allocBatch, batchCount, pointsToBatch, pointsToMatrices, scalePixels, toBatch } from './batch.js';
import { DatasetError } from './errors.js';
import type { LabeledImages } from './labeled-images.js';
import { blobs, type PointSet } from './synthetic.js';

/** Four 1 × 3 images with known bytes and labels 3, 0, 9, 3. */
const tiny: LabeledImages = {
  count: 4,
  rows: 1,
  cols: 3,
  pixels: Uint8Array.of(0, 51, 255, 255, 0, 0, 102, 204, 1, 7, 8, 9),
  labels: Uint8Array.of(3, 0, 9, 3),
  classes: 10,
};

function oneHot(label: number, classes = 10): number[] {
  return Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0));
}

describe('allocBatch', () => {
  it('sizes x as examples × inputs and y as examples × classes', () => {
    const { x, y } = allocBatch(tiny, 2);
    expect([x.rows, x.cols, y.rows, y.cols]).toEqual([2, 3, 2, 10]);
    const points = allocBatch(blobs(9, new Rng(1)), 5);
    expect([points.x.rows, points.x.cols, points.y.rows, points.y.cols]).toEqual([5, 2, 5, 3]);
    expect(() => allocBatch(tiny, 0)).toThrow('allocBatch: expected a batch size that is a positive integer, found 0');
  });
});

describe('toBatch', () => {
  it('scales pixels to [0, 1] and one-hot encodes labels, in the order of the indices', () => {
    const { x, y } = allocBatch(tiny, 2);
    toBatch(tiny, [9, 2, 0, 9], 1, 2, x, y);
    expect(Array.from(x.data)).toEqual([102 / 255, 204 / 255, 1 / 255, 0, 51 / 255, 1].map(Math.fround));
    expect(toRows(y)).toEqual([oneHot(9), oneHot(3)]);
  });

  it('clears the previous batch’s one-hot entries', () => {
    const { x, y } = allocBatch(tiny, 2);
    toBatch(tiny, [0, 2], 0, 2, x, y);
    toBatch(tiny, [1, 1], 0, 2, x, y);
    expect(toRows(y)).toEqual([oneHot(0), oneHot(0)]);
    expect(Array.from(x.data)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('works through a whole shuffled epoch with a short last batch', () => {
    const set: LabeledImages = { ...tiny, count: 4 };
    const order = Uint32Array.of(3, 1, 0, 2);
    const seen: number[] = [];
    const { x, y } = allocBatch(set, 3);
    for (let b = 0; b < batchCount(set, 3); b++) {
      const start = b * 3,
        size = Math.min(3, set.count - start);
      const bx = size === 3 ? x : matrix(size, 3),
        by = size === 3 ? y : matrix(size, 10);
      toBatch(set, order, start, size, bx, by);
      for (let k = 0; k < size; k++) seen.push(by.data.indexOf(1, k * 10) - k * 10);
    }
    expect(seen).toEqual([3, 0, 3, 9]);
  });

  it('rejects buffers of the wrong shape, saying which', () => {
    const { x, y } = allocBatch(tiny, 2);
    expect(() => toBatch(tiny, [0, 1, 2], 0, 1, x, y)).toThrow(ShapeMismatchError);
    expect(() => toBatch(tiny, [0, 1, 2], 0, 1, x, y)).toThrow(/toBatch: expected x of 1 × 3 .*, found 2 × 3/);
    expect(() => toBatch(tiny, [0, 1], 0, 2, x, matrix(2, 9))).toThrow('toBatch: expected y of 2 × 10 (size × classes), found 2 × 9');
  });

  it('rejects a range beyond the indices and indices outside the set', () => {
    const { x, y } = allocBatch(tiny, 2);
    expect(() => toBatch(tiny, [0, 1, 2], 2, 2, x, y)).toThrow(DatasetError);
    expect(() => toBatch(tiny, [0, 1, 2], 2, 2, x, y)).toThrow(/start \+ size ≤ 3 .*found start 2, size 2/);
    expect(() => toBatch(tiny, [0, 4], 0, 2, x, y)).toThrow('toBatch: expected example indices that are integers in 0 .. 3, found 4 at position 1');
    expect(() => toBatch(tiny, [-1, 0], 0, 2, x, y)).toThrow(/found -1 at position 0/);
    expect(() => toBatch(tiny, [0.5, 0], 0, 2, x, y)).toThrow(/found 0\.5 at position 0/);
  });
});

describe('scalePixels', () => {
  it('scales one picture exactly as toBatch scales it for training', () => {
    const { x, y } = allocBatch(tiny, 4);
    toBatch(tiny, [0, 1, 2, 3], 0, 4, x, y);
    expect(Array.from(scalePixels(tiny.pixels))).toEqual(Array.from(x.data));
    const out = new Float32Array(3);
    expect(scalePixels(Uint8Array.of(0, 51, 255), out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 51 / 255, 1].map(Math.fround));
    expect(() => scalePixels(Uint8Array.of(1, 2), out)).toThrow(ShapeMismatchError);
  });
});

describe('batchCount', () => {
  it('counts a short last batch unless told to drop it', () => {
    expect(batchCount(60_000, 10)).toBe(6000);
    expect(batchCount(10, 3)).toBe(4);
    expect(batchCount(10, 3, true)).toBe(3);
    expect(batchCount(tiny, 3)).toBe(2);
    expect(batchCount(0, 3)).toBe(0);
    expect(() => batchCount(10, 0)).toThrow('batchCount: expected a batch size that is a positive integer, found 0');
  });
});

describe('pointsToBatch and pointsToMatrices', () => {
  const set: PointSet = {
    count: 3,
    points: Float32Array.of(0.5, -1, 2, 3, -0.25, 0.75),
    labels: Uint8Array.of(1, 0, 2),
    classes: 3,
  };

  it('copies coordinates into x and one-hot labels into y', () => {
    const { x, y } = allocBatch(set, 2);
    pointsToBatch(set, [2, 0], 0, 2, x, y);
    expect(toRows(x)).toEqual([
      [-0.25, 0.75],
      [0.5, -1],
    ]);
    expect(toRows(y)).toEqual([oneHot(2, 3), oneHot(1, 3)]);
    expect(() => pointsToBatch(set, [3, 0], 0, 2, x, y)).toThrow(/pointsToBatch: expected example indices .* found 3 at position 0/);
  });

  it('turns a whole set into one batch in its own order', () => {
    const { x, y } = pointsToMatrices(set);
    expect(toRows(x)).toEqual([
      [0.5, -1],
      [2, 3],
      [-0.25, 0.75],
    ]);
    expect(toRows(y)).toEqual([oneHot(1, 3), oneHot(0, 3), oneHot(2, 3)]);
  });
});
