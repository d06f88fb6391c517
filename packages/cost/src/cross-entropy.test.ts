import { type Matrix, Rng, ShapeMismatchError, fromRows, matrix } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_EPSILON, softmaxCrossEntropy as ce } from './cross-entropy.js';

function oneHot(rng: Rng, rows: number, cols: number): Matrix {
  const y = matrix(rows, cols);
  for (let i = 0; i < rows; i++) y.data[i * cols + rng.int(cols)] = 1;
  return y;
}

/** Row-wise softmax in float64, the test's own, independent of any network code. */
function softmax64(z: Float64Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, z[i * cols + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(z[i * cols + j]! - max);
    for (let j = 0; j < cols; j++) out[i * cols + j] = Math.exp(z[i * cols + j]! - max) / sum;
  }
  return out;
}

const shapes = fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 2, max: 6 }), seed: fc.integer() });

describe('softmaxCrossEntropy', () => {
  it('is −1/n Σ ln a_label on a hand-worked batch', () => {
    const a = fromRows([
      [0.7, 0.2, 0.1],
      [0.25, 0.25, 0.5],
    ]);
    const y = fromRows([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(ce.value(a, y)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.5)) / 2, 6);
    expect(ce.name).toBe('cross-entropy');
    expect(ce.fusedActivation).toBe('softmax');
  });

  it('stays finite when the true class has output 0 (log clamped at LOG_EPSILON)', () => {
    const a = fromRows([[0, 1]]),
      y = fromRows([[1, 0]]);
    expect(ce.value(a, y)).toBeCloseTo(-Math.log(LOG_EPSILON), 6);
    const d = ce.derivative(a, y, matrix(1, 2));
    expect(Number.isFinite(d.data[0])).toBe(true);
    expect(d.data[1]).toBe(0);
  });

  it('derivative −y/(n a) matches central differences of value', () => {
    fc.assert(
      fc.property(shapes, ({ rows, cols, seed }) => {
        const rng = new Rng(seed);
        const a = matrix(rows, cols, rng.fillUniform(new Float32Array(rows * cols), 0.05, 1));
        const y = oneHot(rng, rows, cols);
        const grad = ce.derivative(a, y, matrix(rows, cols));
        for (let i = 0; i < a.data.length; i++) {
          const original = a.data[i]!;
          a.data[i] = original + 1e-4;
          const xp = a.data[i]!,
            cp = ce.value(a, y);
          a.data[i] = original - 1e-4;
          const xm = a.data[i]!,
            cm = ce.value(a, y);
          a.data[i] = original;
          const fd = (cp - cm) / (xp - xm);
          expect(Math.abs(fd - grad.data[i]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(fd)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('outputDelta (a − y)/n is ∂C/∂z through a softmax (central differences in z)', () => {
    fc.assert(
      fc.property(shapes, ({ rows, cols, seed }) => {
        const rng = new Rng(seed);
        const z = new Float64Array(rows * cols).map(() => rng.normal(0, 2));
        const y = oneHot(rng, rows, cols);
        const cost = (zz: Float64Array) => ce.value(matrix(rows, cols, softmax64(zz, rows, cols)), y);
        const a = matrix(rows, cols, softmax64(z, rows, cols));
        const delta = ce.outputDelta!(a, y, matrix(rows, cols));
        const h = 1e-3;
        for (let i = 0; i < z.length; i++) {
          const original = z[i]!;
          z[i] = original + h;
          const cp = cost(z);
          z[i] = original - h;
          const cm = cost(z);
          z[i] = original;
          const fd = (cp - cm) / (2 * h);
          // The softmax output is rounded to float32 before `value`: ~1e-7 relative
          // in C, over 2h, leaves an error of a few 1e-5.
          expect(Math.abs(fd - delta.data[i]!)).toBeLessThan(1e-4 + 1e-3 * Math.abs(fd));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('outputDelta is not the plain derivative (the fused form really differs)', () => {
    const a = fromRows([[0.7, 0.2, 0.1]]),
      y = fromRows([[1, 0, 0]]);
    expect(Array.from(ce.outputDelta!(a, y, matrix(1, 3)).data)).toEqual([0.7 - 1, 0.2, 0.1].map(Math.fround));
    expect(ce.derivative(a, y, matrix(1, 3)).data[0]).toBeCloseTo(-1 / 0.7, 5);
  });

  it('rejects mismatched shapes', () => {
    expect(() => ce.outputDelta!(matrix(2, 3), matrix(3, 3), matrix(2, 3))).toThrow(ShapeMismatchError);
    expect(() => ce.value(matrix(2, 3), matrix(2, 2))).toThrow('softmaxCrossEntropy.value: expected targets y of the same shape as a (2 × 3), found 2 × 2');
  });
});
