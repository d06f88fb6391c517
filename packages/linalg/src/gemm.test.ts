import fc from 'fast-check';
import { multiply, transpose as mjTranspose } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { gemm, gemmABt, gemmAtB } from './gemm.js';
import { type Matrix, fromRows, matrix, toRows } from './matrix.js';
import { Rng } from './rng.js';
import { ShapeMismatchError } from './errors.js';

// Random matrices with some exact zeros, so the zero-skipping paths run too.
function random(rng: Rng, rows: number, cols: number, zeroFraction: number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeroFraction ? 0 : rng.normal();
  return m;
}

function expectClose(actual: Matrix, expected: number[][]): void {
  expect(actual.rows).toBe(expected.length);
  const rows = toRows(actual);
  rows.forEach((r, i) => {
    r.forEach((x, j) => {
      expect(x).toBeCloseTo(expected[i]![j]!, 3);
    });
  });
}

// Sizes up to 21 reach every remainder of the kernels' blocks of 8, 4 and 2
// rows or columns; zero fractions on both sides of the sparse/dense switch
// (a third non-zero) run both paths.
const dims = fc.record({
  m: fc.integer({ min: 1, max: 21 }),
  k: fc.integer({ min: 1, max: 21 }),
  n: fc.integer({ min: 1, max: 21 }),
  zeros: fc.constantFrom(0, 0.3, 0.6, 0.8, 1),
  seed: fc.integer(),
  accumulate: fc.boolean(),
});

describe('gemm kernels agree with mathjs on random shapes', () => {
  it('gemm: C = A·B', () => {
    fc.assert(
      fc.property(dims, ({ m, k, n, zeros, seed, accumulate }) => {
        const rng = new Rng(seed);
        const a = random(rng, m, k, zeros),
          b = random(rng, k, n, zeros),
          c = random(rng, m, n, 0);
        const expected = multiply(toRows(a), toRows(b)) as number[][];
        const start = toRows(c);
        gemm(a, b, c, accumulate);
        expectClose(c, accumulate ? expected.map((r, i) => r.map((x, j) => x + start[i]![j]!)) : expected);
      }),
      { numRuns: 150 },
    );
  });

  it('gemmABt: C = A·Bᵀ', () => {
    fc.assert(
      fc.property(dims, ({ m, k, n, zeros, seed, accumulate }) => {
        const rng = new Rng(seed);
        const a = random(rng, m, k, zeros),
          b = random(rng, n, k, zeros),
          c = random(rng, m, n, 0);
        const expected = multiply(toRows(a), mjTranspose(toRows(b))) as number[][];
        const start = toRows(c);
        gemmABt(a, b, c, accumulate);
        expectClose(c, accumulate ? expected.map((r, i) => r.map((x, j) => x + start[i]![j]!)) : expected);
      }),
      { numRuns: 150 },
    );
  });

  it('gemmAtB: C = Aᵀ·B', () => {
    fc.assert(
      fc.property(dims, ({ m, k, n, zeros, seed, accumulate }) => {
        const rng = new Rng(seed);
        const a = random(rng, k, m, zeros),
          b = random(rng, k, n, zeros),
          c = random(rng, m, n, 0);
        const expected = multiply(mjTranspose(toRows(a)), toRows(b)) as number[][];
        const start = toRows(c);
        gemmAtB(a, b, c, accumulate);
        expectClose(c, accumulate ? expected.map((r, i) => r.map((x, j) => x + start[i]![j]!)) : expected);
      }),
      { numRuns: 150 },
    );
  });

  it('sparse operands too large to gather at once (MNIST-like rows, in blocks) and with a row of all zeros', () => {
    // 90 rows of 800 exceed one gather (65,536 entries), so the rows are taken in two blocks.
    const rng = new Rng(99);
    const x = random(rng, 90, 800, 0.8);
    x.data.fill(0, 5 * 800, 6 * 800);
    const w = random(rng, 9, 800, 0);
    const delta = random(rng, 90, 9, 0.5);
    for (const accumulate of [false, true]) {
      const z = random(rng, 90, 9, 0),
        start = toRows(z);
      gemmABt(x, w, z, accumulate);
      const expected = multiply(toRows(x), mjTranspose(toRows(w))) as number[][];
      expectClose(z, accumulate ? expected.map((r, i) => r.map((v, j) => v + start[i]![j]!)) : expected);
      expect(toRows(z)[5]).toEqual(accumulate ? start[5]!.map(Math.fround) : new Array(9).fill(0));

      const g = random(rng, 9, 800, 0),
        gStart = toRows(g);
      gemmAtB(delta, x, g, accumulate);
      const expectedGrad = multiply(mjTranspose(toRows(delta)), toRows(x)) as number[][];
      expectClose(g, accumulate ? expectedGrad.map((r, i) => r.map((v, j) => v + gStart[i]![j]!)) : expectedGrad);
    }
  });

  it('lets NaN and infinity in a dense operand through, so a diverging run shows', () => {
    const a = fromRows([
      [1, 2],
      [3, 4],
    ]);
    const b = fromRows([
      [Number.NaN, 1],
      [1, Number.POSITIVE_INFINITY],
    ]);
    const c = gemmABt(a, b, matrix(2, 2));
    expect(Number.isNaN(c.data[0])).toBe(true);
    expect(c.data[1]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(gemm(a, b, matrix(2, 2)).data[0])).toBe(true);
    expect(Number.isNaN(gemmAtB(a, b, matrix(2, 2)).data[0])).toBe(true);
  });

  it('1×1 matrices', () => {
    const c = matrix(1, 1);
    expect(gemm(fromRows([[3]]), fromRows([[-2]]), c).data[0]).toBe(-6);
    expect(gemmABt(fromRows([[3]]), fromRows([[4]]), c, true).data[0]).toBe(6);
    expect(gemmAtB(fromRows([[0.5]]), fromRows([[4]]), c).data[0]).toBe(2);
  });

  it('rejects mismatched shapes with what was expected and found', () => {
    expect(() => gemm(matrix(2, 3), matrix(4, 2), matrix(2, 2))).toThrow(ShapeMismatchError);
    expect(() => gemm(matrix(2, 3), matrix(4, 2), matrix(2, 2))).toThrow(/expected B with 3 rows.*found B 4 × 2/);
    expect(() => gemmABt(matrix(2, 3), matrix(4, 3), matrix(2, 3))).toThrow(/expected C 2 × 4/);
    expect(() => gemmAtB(matrix(2, 3), matrix(3, 3), matrix(3, 3))).toThrow(/B with 2 rows/);
  });
});
