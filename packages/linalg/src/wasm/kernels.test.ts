// The WebAssembly kernels against the JavaScript reference and mathjs, on
// random shapes (1, 3, 5, 17 … and every remainder of the 8-wide and 4-wide
// tiles), sparse and dense operands, accumulate or not, operands in the
// kernels' memory or copied in, over a shared and over a private memory.
import fc from 'fast-check';
import { multiply, transpose as mjTranspose } from 'mathjs';
import { afterAll, describe, expect, it } from 'vitest';
import { allocFloat32, useKernels, wasm } from '../backend.js';
import { ShapeMismatchError } from '../errors.js';
import { gemm, gemmABt, gemmAtB } from '../gemm.js';
import { type Matrix, matrix, toRows } from '../matrix.js';
import { Rng } from '../rng.js';
import { SparseRows } from '../sparse.js';
import { gemmABtWasm, gemmAtBWasm, gemmWasm } from './ops.js';
import { WasmRuntime } from './runtime.js';

afterAll(() => {
  useKernels('auto');
});

type Kernel = 'gemm' | 'gemmABt' | 'gemmAtB';

/** Random numbers, `zeros` of them exactly 0; in the kernels' memory when `inWasm` (else an ordinary array, copied in). */
function random(rng: Rng, rows: number, cols: number, zeros: number, inWasm: boolean): Matrix {
  const m = matrix(rows, cols, inWasm ? allocFloat32(rows * cols) : new Float32Array(rows * cols));
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeros ? 0 : rng.normal();
  return m;
}

/** The operands' shapes for C = op(A, B) with C m × n and inner dimension k. */
function shapes(kernel: Kernel, m: number, k: number, n: number): { a: [number, number]; b: [number, number] } {
  if (kernel === 'gemm') return { a: [m, k], b: [k, n] };
  if (kernel === 'gemmABt') return { a: [m, k], b: [n, k] };
  return { a: [k, m], b: [k, n] };
}

/** The product in float64 (mathjs) and, per element, Σ|terms| + |C|: the scale that rounding errors are measured against. */
function reference(kernel: Kernel, a: Matrix, b: Matrix, c0: number[][] | undefined): { value: number[][]; scale: number[][] } {
  const A = toRows(a),
    B = toRows(b);
  const abs = (rows: number[][]) => rows.map((r) => r.map(Math.abs));
  const product = (x: number[][], y: number[][]) =>
    kernel === 'gemm' ? multiply(x, y) : kernel === 'gemmABt' ? multiply(x, mjTranspose(y)) : multiply(mjTranspose(x), y);
  const value = product(A, B) as number[][];
  const scale = product(abs(A), abs(B)) as number[][];
  if (!c0) return { value, scale };
  return {
    value: value.map((r, i) => r.map((v, j) => v + c0[i]![j]!)),
    scale: scale.map((r, i) => r.map((v, j) => v + Math.abs(c0[i]![j]!))),
  };
}

/** Within float32 rounding of a sum of k terms: |x − exact| ≤ (k + 2)·2⁻²³·scale (+ a hair for sums near 0). */
function expectNear(c: Matrix, ref: { value: number[][]; scale: number[][] }, k: number): void {
  toRows(c).forEach((r, i) => {
    r.forEach((x, j) => {
      const bound = (k + 2) * 2 ** -23 * ref.scale[i]![j]! + 1e-30;
      expect(Math.abs(x - ref.value[i]![j]!), `C[${i}, ${j}] = ${x}, exactly ${ref.value[i]![j]}`).toBeLessThanOrEqual(bound);
    });
  });
}

const call = (kernel: Kernel, a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): Matrix =>
  kernel === 'gemm' ? gemm(a, b, c, accumulate) : kernel === 'gemmABt' ? gemmABt(a, b, c, accumulate) : gemmAtB(a, b, c, accumulate);

const cases = fc.record({
  kernel: fc.constantFrom<Kernel>('gemm', 'gemmABt', 'gemmAtB'),
  m: fc.oneof(fc.integer({ min: 1, max: 21 }), fc.constantFrom(1, 3, 5, 17, 33, 40)),
  k: fc.oneof(fc.integer({ min: 1, max: 21 }), fc.constantFrom(1, 3, 5, 17, 33, 63, 64, 67)),
  n: fc.oneof(fc.integer({ min: 1, max: 21 }), fc.constantFrom(1, 3, 5, 17, 33, 40)),
  // Both sides of the sparse / dense switch (a third non-zero).
  zeros: fc.constantFrom(0, 0.3, 0.6, 0.8, 0.95, 1),
  accumulate: fc.boolean(),
  inWasm: fc.boolean(),
  listed: fc.boolean(),
  seed: fc.integer(),
});

describe('wasm kernels agree with the JavaScript kernels and with mathjs', () => {
  it('runs here (Node ≥ 20 has WebAssembly SIMD)', () => {
    expect(useKernels('wasm')).toBe('wasm');
    expect(wasm()).toBeDefined();
  });

  it('gemm, gemmABt, gemmAtB on random shapes, sparse or dense, accumulating or not, in wasm memory or copied in', () => {
    fc.assert(
      fc.property(cases, ({ kernel, m, k, n, zeros, accumulate, inWasm, listed, seed }) => {
        useKernels('wasm');
        const rng = new Rng(seed);
        const s = shapes(kernel, m, k, n);
        // The sparse operand, as in a network's first layer: A forward (z = x·Wᵀ), B for the weight gradient (δᵀ·x).
        const a = random(rng, ...s.a, kernel === 'gemmAtB' ? 0.3 : zeros, inWasm);
        const b = random(rng, ...s.b, kernel === 'gemmAtB' ? zeros : 0.3, inWasm);
        const c0 = random(rng, m, n, 0, inWasm);
        const start = accumulate ? toRows(c0) : undefined;
        const ref = reference(kernel, a, b, start);

        const operand = (x: Matrix) => (listed ? new SparseRows().list(x) : x);
        const cw = matrix(m, n, c0.data.slice());
        call(kernel, kernel === 'gemmABt' ? operand(a) : a, kernel === 'gemmAtB' ? operand(b) : b, cw, accumulate);
        useKernels('js');
        const cj = matrix(m, n, c0.data.slice());
        call(kernel, kernel === 'gemmABt' ? operand(a) : a, kernel === 'gemmAtB' ? operand(b) : b, cj, accumulate);
        expectNear(cw, ref, k);
        expectNear(cj, ref, k);
      }),
      { numRuns: 400 },
    );
  });

  it('MNIST-sized products: 128 × 784 sparse images through 100 neurons, listed once for both products', () => {
    useKernels('wasm');
    const rng = new Rng(5);
    const x = random(rng, 128, 784, 0.95, false),
      w = random(rng, 100, 784, 0, true),
      delta = random(rng, 128, 100, 0.5, true);
    const rows = new SparseRows().list(x);
    expect(rows.sparse).toBe(true);
    const z = gemmABt(rows, w, matrix(128, 100, allocFloat32(12800)));
    expectNear(z, reference('gemmABt', x, w, undefined), 784);
    const g = gemmAtB(delta, rows, matrix(100, 784, allocFloat32(78400)));
    expectNear(g, reference('gemmAtB', delta, x, undefined), 128);
    // Listed or not, the same numbers: the kernels list a plain sparse operand themselves.
    expect(gemmABt(x, w, matrix(128, 100)).data).toEqual(z.data);
    expect(gemmAtB(delta, x, matrix(100, 784)).data).toEqual(g.data);
  });

  it('a listing is rebuilt for the backend in use: listed under js, multiplied under wasm', () => {
    const rng = new Rng(8);
    const x = random(rng, 10, 40, 0.8, false),
      w = random(rng, 9, 40, 0, false);
    useKernels('js');
    const rows = new SparseRows().list(x);
    useKernels('wasm');
    expectNear(gemmABt(rows, w, matrix(10, 9)), reference('gemmABt', x, w, undefined), 40);
  });

  it('lets NaN and infinity in a dense operand through, so a diverging run shows', () => {
    useKernels('wasm');
    const a = matrix(2, 2, Float32Array.from([1, 2, 3, 4]));
    const b = matrix(2, 2, Float32Array.from([Number.NaN, 1, 1, Number.POSITIVE_INFINITY]));
    const c = gemmABt(a, b, matrix(2, 2));
    expect(Number.isNaN(c.data[0])).toBe(true);
    expect(c.data[1]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(gemm(a, b, matrix(2, 2)).data[0])).toBe(true);
    expect(Number.isNaN(gemmAtB(a, b, matrix(2, 2)).data[0])).toBe(true);
    // A NaN in a sparse input (an image) shows too: NaN ≠ 0, so it is listed.
    const x = matrix(1, 64),
      w = matrix(3, 64, new Float32Array(192).fill(1));
    x.data[5] = Number.NaN;
    expect(Number.isNaN(gemmABt(new SparseRows().list(x), w, matrix(1, 3)).data[2])).toBe(true);
  });

  it('never lets a weight that meets a zero input into a sparse product (0 · NaN would be NaN)', () => {
    useKernels('wasm');
    // k = 5 (rows not a multiple of four); x[0, 0] = 0 meets w[1, 0] = NaN.
    const x = matrix(2, 5, Float32Array.from([0, 0, 0, 0, 2, 0, 0, 0, 0, 0]));
    const w = matrix(2, 5, allocFloat32(10));
    w.data.set([0, 0, 0, 0, 3, Number.NaN, 0, 0, 0, 1]);
    const z = gemmABt(new SparseRows().list(x), w, matrix(2, 2));
    // Row 0 of x meets w's NaN only at one of its zeros, which is not listed.
    expect(Array.from(z.data)).toEqual([6, 2, 0, 0]);
  });

  it('rejects mismatched shapes with the same messages as the JavaScript kernels', () => {
    useKernels('wasm');
    expect(() => gemm(matrix(2, 3), matrix(4, 2), matrix(2, 2))).toThrow(ShapeMismatchError);
    expect(() => gemm(matrix(2, 3), matrix(4, 2), matrix(2, 2))).toThrow(/expected B with 3 rows.*found B 4 × 2/);
    expect(() => gemmABt(matrix(2, 3), matrix(4, 3), matrix(2, 3))).toThrow(/expected C 2 × 4/);
    expect(() => gemmAtB(matrix(2, 3), matrix(3, 3), matrix(3, 3))).toThrow(/B with 2 rows/);
  });

  it('empty products: zero rows or columns leave nothing, a zero inner dimension gives zeros (or C)', () => {
    useKernels('wasm');
    expect(gemm(matrix(0, 3), matrix(3, 2), matrix(0, 2)).data.length).toBe(0);
    const c = matrix(2, 2, Float32Array.from([1, 2, 3, 4]));
    expect(Array.from(gemm(matrix(2, 0), matrix(0, 2), c, true).data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(gemmABt(matrix(2, 0), matrix(2, 0), c).data)).toEqual([0, 0, 0, 0]);
  });
});

describe('wasm kernels over a private (non-shared) memory, as on a page that is not cross-origin isolated', () => {
  const rt = WasmRuntime.load({ shared: false });

  it('is private, and every operand is copied in and out', () => {
    expect(rt.shared).toBe(false);
    expect(rt.address(new Float32Array(4))).toBe(-1);
  });

  it('computes what the JavaScript kernels compute, also after its memory grew', () => {
    fc.assert(
      fc.property(cases, ({ kernel, m, k, n, zeros, accumulate, seed }) => {
        const rng = new Rng(seed);
        const s = shapes(kernel, m, k, n);
        const a = random(rng, ...s.a, kernel === 'gemmAtB' ? 0.3 : zeros, false);
        const b = random(rng, ...s.b, kernel === 'gemmAtB' ? zeros : 0.3, false);
        const c = random(rng, m, n, 0, false);
        const ref = reference(kernel, a, b, accumulate ? toRows(c) : undefined);
        if (kernel === 'gemm') gemmWasm(rt, undefined, a, b, c, accumulate);
        else if (kernel === 'gemmABt') gemmABtWasm(rt, undefined, a, b, c, accumulate);
        else gemmAtBWasm(rt, undefined, a, b, c, accumulate);
        expectNear(c, ref, k);
        // Grow the memory now and then: the runtime's own views must follow.
        if (seed % 7 === 0) rt.alloc(1 << 20);
      }),
      { numRuns: 150 },
    );
  });
});
