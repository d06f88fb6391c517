import { type Matrix, Rng, ShapeMismatchError, fromRows, matrix } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadraticCost } from './quadratic.js';

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  return matrix(rows, cols, rng.fillNormal(new Float32Array(rows * cols)));
}

/**
 * Central difference of `f` in entry i of `m`, dividing by the step that was
 * actually stored (float32 rounds a ± h), so the only error left is the
 * float64 arithmetic inside `f`.
 */
function centralDifference(f: () => number, m: Matrix, i: number, h: number): number {
  const original = m.data[i]!;
  m.data[i] = original + h;
  const plusX = m.data[i]!,
    plus = f();
  m.data[i] = original - h;
  const minusX = m.data[i]!,
    minus = f();
  m.data[i] = original;
  return (plus - minus) / (plusX - minusX);
}

describe('quadraticCost', () => {
  it('is 1/(2n) Σ ‖y − a‖² on a hand-worked batch', () => {
    const a = fromRows([
      [0.5, 0.25],
      [1, 0],
    ]);
    const y = fromRows([
      [1, 0],
      [0, 0],
    ]);
    // ‖(−0.5, 0.25)‖² = 0.3125, ‖(1, 0)‖² = 1; (0.3125 + 1) / (2·2)
    expect(quadraticCost.value(a, y)).toBeCloseTo(1.3125 / 4, 12);
  });

  it('is a mean: repeating the batch leaves the cost unchanged', () => {
    const rng = new Rng(3);
    const a = randomMatrix(rng, 4, 3),
      y = randomMatrix(rng, 4, 3);
    const twice = (m: Matrix) => {
      const d = new Float32Array(m.data.length * 2);
      d.set(m.data);
      d.set(m.data, m.data.length);
      return matrix(m.rows * 2, m.cols, d);
    };
    expect(quadraticCost.value(twice(a), twice(y))).toBeCloseTo(quadraticCost.value(a, y), 10);
  });

  it('is non-negative and zero exactly when a = y', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (rows, cols, seed) => {
        const rng = new Rng(seed);
        const a = randomMatrix(rng, rows, cols),
          y = randomMatrix(rng, rows, cols);
        expect(quadraticCost.value(a, y)).toBeGreaterThan(0);
        expect(quadraticCost.value(a, matrix(rows, cols, a.data.slice()))).toBe(0);
      }),
    );
  });

  it('derivative is (a − y)/n and matches central differences of value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (rows, cols, seed) => {
        const rng = new Rng(seed);
        const a = randomMatrix(rng, rows, cols),
          y = randomMatrix(rng, rows, cols);
        const grad = quadraticCost.derivative(a, y, matrix(rows, cols));
        for (let i = 0; i < a.data.length; i++) {
          expect(grad.data[i]).toBeCloseTo((a.data[i]! - y.data[i]!) / rows, 6);
          const fd = centralDifference(() => quadraticCost.value(a, y), a, i, 1e-3);
          expect(Math.abs(fd - grad.data[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects mismatched shapes and empty batches with what was expected and found', () => {
    const a = matrix(2, 3);
    expect(() => quadraticCost.value(a, matrix(2, 4))).toThrow(ShapeMismatchError);
    expect(() => quadraticCost.value(a, matrix(2, 4))).toThrow('expected targets y of the same shape as a (2 × 3), found 2 × 4');
    expect(() => quadraticCost.derivative(a, matrix(2, 3), matrix(3, 2))).toThrow('expected out of the same shape as a (2 × 3), found 3 × 2');
    expect(() => quadraticCost.value(matrix(0, 3), matrix(0, 3))).toThrow('expected a batch of at least one example (row), found 0 rows');
  });
});
