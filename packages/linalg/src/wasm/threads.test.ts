// Bit-identity with one thread or several: every kernel that threads share
// gives the same bits whether its output range is computed at once or in
// pieces (split anywhere on the kernel's alignment), and a product shared with
// real worker threads equals the one computed alone.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allocFloat32, kernelThreads, threadPool, threadsReady, useKernels, wasm } from '../backend.js';
import { gemm, gemmABt, gemmAtB } from '../gemm.js';
import { type Matrix, matrix } from '../matrix.js';
import { Rng } from '../rng.js';
import { SparseRows } from '../sparse.js';
import { WasmListing } from './ops.js';
import type { WasmRuntime } from './runtime.js';

afterAll(() => {
  useKernels('auto');
});

const rt = (): WasmRuntime => {
  useKernels('wasm', { threads: 1 });
  return wasm()!;
};

/** `count` random numbers in the kernels' memory, `zeros` of them 0; returns the array and its address. */
function fill(runtime: WasmRuntime, rng: Rng, count: number, zeros = 0): { array: Float32Array; at: number } {
  const array = allocFloat32(count);
  for (let i = 0; i < count; i++) array[i] = rng.uniform() < zeros ? 0 : rng.normal();
  return { array, at: runtime.address(array) };
}

/** Run `kernel(lo, hi)` over [0, size) at once and in pieces cut at `cuts` (multiples of the alignment): the output's bits must agree. */
function expectSplitsAgree(output: Float32Array, start: Float32Array, kernel: (lo: number, hi: number) => void, size: number, cuts: number[]): void {
  output.set(start);
  kernel(0, size);
  const whole = output.slice();
  output.set(start);
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < size).sort((a, b) => a - b), size];
  // Pieces in reverse order, as threads may finish in any order.
  for (let i = bounds.length - 2; i >= 0; i--) kernel(bounds[i]!, bounds[i + 1]!);
  expect(new Uint32Array(output.buffer, output.byteOffset, output.length)).toEqual(new Uint32Array(whole.buffer));
}

const sizes = fc.record({
  m: fc.integer({ min: 1, max: 37 }),
  k: fc.integer({ min: 1, max: 45 }),
  n: fc.integer({ min: 1, max: 45 }),
  cuts: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }),
  accumulate: fc.boolean(),
  zeros: fc.constantFrom(0, 0.6, 0.95),
  seed: fc.integer(),
});

describe('a product computed in pieces is bit-identical to one computed at once', () => {
  it('gemmOuter, split by columns (multiples of 8) or by rows (multiples of 4)', () => {
    const runtime = rt();
    fc.assert(
      fc.property(sizes, ({ m, k, n, cuts, accumulate, seed }) => {
        const rng = new Rng(seed);
        const a = fill(runtime, rng, m * k),
          b = fill(runtime, rng, k * n),
          c = fill(runtime, rng, m * n);
        const start = c.array.slice(),
          acc = accumulate ? 1 : 0;
        expectSplitsAgree(
          c.array,
          start,
          (lo, hi) => runtime.kernels.gemmOuter(c.at, n, a.at, k, 1, b.at, n, k, acc, 0, m, lo, hi),
          n,
          cuts.map((x) => 8 * x),
        );
        expectSplitsAgree(
          c.array,
          start,
          (lo, hi) => runtime.kernels.gemmOuter(c.at, n, a.at, 1, m, b.at, n, k, acc, lo, hi, 0, n),
          m,
          cuts.map((x) => 4 * x),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('gemmABtDense, each piece packing its own columns', () => {
    const runtime = rt();
    fc.assert(
      fc.property(sizes, ({ m, k, n, cuts, accumulate, seed }) => {
        const rng = new Rng(seed);
        const a = fill(runtime, rng, m * k),
          b = fill(runtime, rng, n * k),
          c = fill(runtime, rng, m * n);
        const packed = runtime.scratch('test-pack', k * n * 4);
        expectSplitsAgree(
          c.array,
          c.array.slice(),
          (lo, hi) => runtime.kernels.gemmABtDense(c.at, a.at, b.at, packed, m, n, k, accumulate ? 1 : 0, lo, hi),
          n,
          cuts.map((x) => 8 * x),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('the sparse forward and weight-gradient products, split by columns or by rows of either', () => {
    const runtime = rt();
    fc.assert(
      fc.property(sizes, ({ m, k, n, cuts, accumulate, zeros, seed }) => {
        const rng = new Rng(seed);
        const x = matrix(m, k, fill(runtime, rng, m * k, zeros).array);
        const listing = new WasmListing(runtime, {}).list(x).columns();
        if (listing.count < 0) return; // too dense to list: the dense kernels take it (tested above)
        const w = fill(runtime, rng, n * k),
          z = fill(runtime, rng, m * n),
          d = fill(runtime, rng, m * n),
          g = fill(runtime, rng, n * k);
        const packed = runtime.scratch('test-pack', k * n * 4),
          transposed = runtime.scratch('test-transposed', k * n * 4);
        const acc = accumulate ? 1 : 0,
          { kernels } = runtime;
        const { rowStart, column, value, columnStart, rowOf, columnValue } = listing;
        // z by columns (each piece packing its rows of W), and by rows (W packed once).
        expectSplitsAgree(
          z.array,
          z.array.slice(),
          (lo, hi) => kernels.sparseForward(z.at, n, w.at, k, packed, rowStart, column, value, acc, 1, 0, m, lo, hi),
          n,
          cuts.map((c) => 4 * c),
        );
        kernels.packTransposed(packed, n, w.at, k, 0, n);
        expectSplitsAgree(
          z.array,
          z.array.slice(),
          (lo, hi) => kernels.sparseForward(z.at, n, w.at, k, packed, rowStart, column, value, acc, 0, lo, hi, 0, n),
          m,
          cuts,
        );
        // The gradient by its rows, and by the input's columns then turned back by rows.
        expectSplitsAgree(
          g.array,
          g.array.slice(),
          (lo, hi) => kernels.sparseGradient(g.at, n, k, d.at, transposed, columnStart, rowOf, columnValue, acc, 1, 0, k, lo, hi),
          n,
          cuts.map((c) => 4 * c),
        );
        const start = g.array.slice();
        kernels.sparseGradient(g.at, n, k, d.at, transposed, columnStart, rowOf, columnValue, acc, 1, 0, k, 0, n);
        const whole = g.array.slice();
        g.array.set(start);
        const cut = Math.min(k, cuts[0] ?? 1),
          rowCut = Math.min(n, 4 * (cuts[1] ?? 1));
        kernels.sparseGradient(g.at, n, k, d.at, transposed, columnStart, rowOf, columnValue, acc, 0, cut, k, 0, n);
        kernels.sparseGradient(g.at, n, k, d.at, transposed, columnStart, rowOf, columnValue, acc, 0, 0, cut, 0, n);
        kernels.unpackTransposed(g.at, k, transposed, n, acc, rowCut, n);
        kernels.unpackTransposed(g.at, k, transposed, n, acc, 0, rowCut);
        expect(new Uint32Array(g.array.buffer, g.array.byteOffset, g.array.length)).toEqual(new Uint32Array(whole.buffer));
        // One thread, from the list by row (no list by column): the same bits.
        if (n % 4 === 0) {
          g.array.set(start);
          kernels.sparseGradientRows(g.at, n, k, d.at, transposed, m, rowStart, column, value, acc);
          expect(new Uint32Array(g.array.buffer, g.array.byteOffset, g.array.length)).toEqual(new Uint32Array(whole.buffer));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('worker threads', () => {
  /** One MNIST-sized layer: the products W3's first layer makes, listed input and dense. */
  function products(): Float32Array[] {
    const rng = new Rng(3);
    const random = (rows: number, cols: number, zeros: number): Matrix => {
      const m = matrix(rows, cols, allocFloat32(rows * cols));
      for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeros ? 0 : rng.normal();
      return m;
    };
    const x = random(128, 784, 0.85),
      w = random(300, 784, 0),
      delta = random(128, 300, 0.5),
      a = random(128, 300, 0);
    const rows = new SparseRows().list(x);
    return [
      gemmABt(rows, w, matrix(128, 300)).data, // sparse forward, by columns
      gemmAtB(delta, rows, matrix(300, 784)).data, // sparse weight gradient, by rows
      gemmABt(rows, random(100, 784, 0), matrix(128, 100)).data, // narrow sparse forward, by rows of z
      gemmAtB(random(128, 100, 0.5), rows, matrix(100, 784), true).data, // narrow sparse gradient, by the input's columns
      gemmABt(a, random(400, 300, 0), random(128, 400, 0), true).data, // dense, each thread packing its columns of Bᵀ
      gemm(delta, w, matrix(128, 784)).data, // by columns
      gemmAtB(delta, a, matrix(300, 300)).data, // by columns
      gemmABt(random(512, 300, 0), random(10, 300, 0), matrix(512, 10)).data, // narrow: by rows
    ];
  }

  it('share large products and give the same bits as one thread', async () => {
    useKernels('wasm', { threads: 1 });
    expect(kernelThreads()).toBe(1);
    const alone = products();
    useKernels('wasm', { threads: 2 });
    expect(kernelThreads()).toBe(2);
    expect(await threadsReady()).toBe(2);
    const pool = threadPool()!;
    // However the pieces fall between the threads (it depends on who is awake first), the bits are the same.
    for (let round = 0; round < 5; round++) {
      const shared = products();
      shared.forEach((data, i) => {
        expect(new Uint32Array(data.buffer, data.byteOffset, data.length), `product ${i}`).toEqual(
          new Uint32Array(alone[i]!.buffer, alone[i]!.byteOffset, alone[i]!.length),
        );
      });
    }
    // And the worker did take pieces.
    expect(pool.sharedPieces).toBeGreaterThan(0);
  });

  it('are none with the js kernels, and never fewer than one', () => {
    useKernels('js', { threads: 2 });
    expect(kernelThreads()).toBe(1);
    expect(() => useKernels('wasm', { threads: 0 })).toThrow(/threads.*≥ 1/);
  });
});
