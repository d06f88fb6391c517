import { describe, expect, it } from 'vitest';
import { addRowVector, allFinite, argmaxRows, axpy, dot, hadamard, norm, scale, sumRows } from './elementwise.js';
import { fromRows, toRows, transpose } from './matrix.js';

describe('elementwise maps and reductions', () => {
  it('adds a bias row to every row and sums columns back', () => {
    const m = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    addRowVector(m, new Float32Array([10, -1]));
    expect(toRows(m)).toEqual([
      [11, 1],
      [13, 3],
      [15, 5],
    ]);
    expect(Array.from(sumRows(m, new Float32Array(2)))).toEqual([39, 9]);
    const acc = new Float32Array([1, 1]);
    expect(Array.from(sumRows(m, acc, true))).toEqual([40, 10]);
    expect(() => addRowVector(m, new Float32Array(3))).toThrow(/vector of length 2.*found 3/);
  });

  it('hadamard, scale, axpy, dot and norm', () => {
    const a = new Float32Array([1, 2, 3]);
    expect(Array.from(hadamard(a, new Float32Array([2, 0, -1])))).toEqual([2, 0, -3]);
    expect(Array.from(scale(a, 0.5))).toEqual([1, 0, -1.5]);
    expect(Array.from(axpy(2, new Float32Array([1, 1, 1]), a))).toEqual([3, 2, 0.5]);
    expect(dot(new Float32Array([1, 2]), new Float32Array([3, 4]))).toBe(11);
    expect(norm(new Float32Array([3, 4]))).toBe(5);
    expect(() => dot(new Float32Array(2), new Float32Array(3))).toThrow(/equal lengths/);
  });

  it('argmax of each row, first on ties', () => {
    expect(
      Array.from(
        argmaxRows(
          fromRows([
            [0, 3, 1],
            [5, 5, 0],
            [-1, -2, -0.5],
          ]),
        ),
      ),
    ).toEqual([1, 0, 2]);
  });

  it('finds NaN and infinities', () => {
    expect(allFinite(new Float32Array([1, 2]))).toBe(true);
    expect(allFinite(new Float32Array([1, Number.NaN]))).toBe(false);
    expect(allFinite(new Float32Array([Number.POSITIVE_INFINITY]))).toBe(false);
  });

  it('transposes', () => {
    expect(
      toRows(
        transpose(
          fromRows([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    ).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });
});
