// The gemm kernels in the shapes one mini-batch of each benchmarked network
// uses (W1 784-16-16-10 batch 10, W2 784-100-10 and W3 784-800-10 batch 128),
// on real MNIST pixels (so the sparse first-layer paths see real zeros), and a
// dense 128 × 784 × 800 product: each on the JavaScript kernels, the wasm
// kernels, and the wasm kernels with two threads.
//
//   node --conditions=source --import tsx bench/src/kernels.ts [--min-ms 40] [--reps 5]
// prints the table alone; `pnpm bench` prints it with the rest.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type LabeledImages, toBatch } from '@downhill/datasets';
import { type Matrix, Rng, SparseRows, allocFloat32, gemm, gemmABt, gemmAtB, kernelThreads, matrix, threadsReady, useKernels } from '@downhill/linalg';
import { medianSample, timeLoop } from './harness.js';

/** The kernels each row is measured on: JavaScript, WebAssembly SIMD, WebAssembly SIMD with two threads. */
export type KernelSetup = 'js' | 'wasm' | 'wasm, 2 threads';
export const kernelSetups: readonly KernelSetup[] = ['js', 'wasm', 'wasm, 2 threads'];

export interface KernelTiming {
  /** Median wall-clock time per call (wall, not CPU: the threaded runs use two cores). */
  readonly microsecondsPerCall: number;
  /** 2·m·n·k / time: the dense-equivalent rate (sparse paths skip zeros, so can beat the machine's real rate). */
  readonly gflops: number;
  /** Calls in one MNIST epoch × time per call (for the networks' shapes). */
  readonly msPerEpoch?: number;
}

export interface KernelResult extends KernelTiming {
  readonly network: string;
  readonly kernel: 'gemm' | 'gemmABt' | 'gemmAtB' | 'list';
  /** What the product computes, in the network's terms. */
  readonly role: string;
  /** C's shape and the inner dimension: m × n ← k. */
  readonly shape: string;
  /** The same call on each kernel setup; the fields above repeat `wasm` (what `pnpm train` uses, one thread). */
  readonly setups: Readonly<Record<KernelSetup, KernelTiming | undefined>>;
}

interface Case {
  role: string;
  kernel: KernelResult['kernel'];
  a: Matrix;
  b: Matrix;
  /** a (gemmABt) or b (gemmAtB) is the batch of images, listed once per batch as the network does. */
  listed?: boolean;
}

export async function benchKernels(train: LabeledImages, options: { minMs: number; reps: number }): Promise<KernelResult[]> {
  const rng = new Rng(2024);
  const order = rng.shuffle(Uint32Array.from({ length: train.count }, (_, i) => i));
  // Inputs in ordinary arrays (the training loop's batch), everything else in the kernels' memory (the network's buffers).
  const images = (size: number): Matrix => {
    const x = matrix(size, 784),
      y = matrix(size, 10);
    toBatch(train, order, 0, size, x, y);
    return x;
  };
  // Weights ~ N(0, std²); `zeros` of the entries exactly 0, as ReLU leaves them.
  const random = (rows: number, cols: number, zeros = 0, std = 1): Matrix => {
    const m = matrix(rows, cols, allocFloat32(rows * cols));
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeros ? 0 : rng.normal() * std;
    return m;
  };
  const sigmoidActivations = (rows: number, cols: number): Matrix => {
    const m = matrix(rows, cols, allocFloat32(rows * cols));
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
    return m;
  };

  const networks = (): { name: string; batchesPerEpoch?: number; cases: Case[] }[] => [
    {
      name: 'W1 784-16-16-10 sigmoid, batch 10',
      batchesPerEpoch: train.count / 10,
      cases: [
        { role: "list x's non-zeros (once per batch)", kernel: 'list', a: images(10), b: matrix(0, 0) },
        { role: 'forward z⁰ = x·W⁰ᵀ (sparse x)', kernel: 'gemmABt', a: images(10), b: random(16, 784), listed: true },
        { role: 'forward z¹ = a⁰·W¹ᵀ', kernel: 'gemmABt', a: sigmoidActivations(10, 16), b: random(16, 16) },
        { role: 'forward z² = a¹·W²ᵀ', kernel: 'gemmABt', a: sigmoidActivations(10, 16), b: random(10, 16) },
        { role: 'backprop δ¹ ∝ δ²·W²', kernel: 'gemm', a: random(10, 10), b: random(10, 16) },
        { role: 'backprop δ⁰ ∝ δ¹·W¹', kernel: 'gemm', a: random(10, 16), b: random(16, 16) },
        { role: '∂C/∂W⁰ = δ⁰ᵀ·x (sparse x)', kernel: 'gemmAtB', a: random(10, 16), b: images(10), listed: true },
        { role: '∂C/∂W¹ = δ¹ᵀ·a⁰', kernel: 'gemmAtB', a: random(10, 16), b: sigmoidActivations(10, 16) },
        { role: '∂C/∂W² = δ²ᵀ·a¹', kernel: 'gemmAtB', a: random(10, 10), b: sigmoidActivations(10, 16) },
      ],
    },
    {
      name: 'W2 784-100-10 relu, batch 128',
      batchesPerEpoch: train.count / 128,
      cases: [
        { role: "list x's non-zeros (once per batch)", kernel: 'list', a: images(128), b: matrix(0, 0) },
        { role: 'forward z⁰ = x·W⁰ᵀ (sparse x)', kernel: 'gemmABt', a: images(128), b: random(100, 784, 0, 0.05), listed: true },
        { role: 'forward z¹ = a⁰·W¹ᵀ (half zeros)', kernel: 'gemmABt', a: random(128, 100, 0.5), b: random(10, 100, 0, 0.14) },
        { role: 'backprop δ⁰ ∝ δ¹·W¹', kernel: 'gemm', a: random(128, 10), b: random(10, 100, 0, 0.14) },
        { role: '∂C/∂W⁰ = δ⁰ᵀ·x (sparse x)', kernel: 'gemmAtB', a: random(128, 100, 0.5), b: images(128), listed: true },
        { role: '∂C/∂W¹ = δ¹ᵀ·a⁰', kernel: 'gemmAtB', a: random(128, 10), b: random(128, 100, 0.5) },
      ],
    },
    {
      name: 'W3 784-800-10 relu, batch 128',
      batchesPerEpoch: train.count / 128,
      cases: [
        { role: 'forward z⁰ = x·W⁰ᵀ (sparse x)', kernel: 'gemmABt', a: images(128), b: random(800, 784, 0, 0.05), listed: true },
        { role: 'forward z¹ = a⁰·W¹ᵀ (half zeros)', kernel: 'gemmABt', a: random(128, 800, 0.5), b: random(10, 800, 0, 0.05) },
        { role: 'backprop δ⁰ ∝ δ¹·W¹', kernel: 'gemm', a: random(128, 10), b: random(10, 800, 0, 0.05) },
        { role: '∂C/∂W⁰ = δ⁰ᵀ·x (sparse x)', kernel: 'gemmAtB', a: random(128, 800, 0.5), b: images(128), listed: true },
        { role: '∂C/∂W¹ = δ¹ᵀ·a⁰', kernel: 'gemmAtB', a: random(128, 10), b: random(128, 800, 0.5) },
      ],
    },
    {
      name: 'dense 128 × 784 × 800 (no zeros)',
      cases: [
        { role: 'A·Bᵀ', kernel: 'gemmABt', a: random(128, 784), b: random(800, 784) },
        { role: 'A·B', kernel: 'gemm', a: random(128, 784), b: random(784, 800) },
        { role: 'Aᵀ·B', kernel: 'gemmAtB', a: random(784, 128), b: random(784, 800) },
      ],
    },
  ];

  const timings = new Map<string, Partial<Record<KernelSetup, KernelTiming>>>();
  const rows: Omit<KernelResult, keyof KernelTiming | 'setups'>[] = [];
  for (const setup of kernelSetups) {
    const threads = setup === 'wasm, 2 threads' ? 2 : 1;
    const backend = setup === 'js' ? 'js' : 'wasm';
    useKernels(backend, { threads });
    // No row for a setup this engine cannot run (no second core, or no worker threads).
    if (kernelThreads() !== threads || (await threadsReady()) !== threads) continue;
    // Operands made per setup, so that each lives where that setup keeps it.
    for (const { name, batchesPerEpoch, cases } of networks()) {
      for (const { role, kernel, a, b, listed } of cases) {
        const listing = new SparseRows();
        const [m, n, k] =
          kernel === 'list'
            ? [a.rows, a.cols, 0]
            : kernel === 'gemm'
              ? [a.rows, b.cols, a.cols]
              : kernel === 'gemmABt'
                ? [a.rows, b.rows, a.cols]
                : [a.cols, b.cols, a.rows];
        const c = matrix(m, n, allocFloat32(m * n));
        const ax = listed && kernel === 'gemmABt' ? listing.list(a) : a;
        const bx = listed && kernel === 'gemmAtB' ? listing.list(b) : b;
        const run =
          kernel === 'list'
            ? () => listing.list(a)
            : kernel === 'gemm'
              ? () => gemm(ax, bx, c)
              : kernel === 'gemmABt'
                ? () => gemmABt(ax, bx, c)
                : () => gemmAtB(ax, bx, c);
        timeLoop(run, options.minMs); // warm-up: let the JIT optimise this shape
        const samples = Array.from({ length: options.reps }, () => timeLoop(run, options.minMs));
        const perCall = medianSample(samples).wall;
        const key = `${name}\n${role}`;
        if (!timings.has(key)) {
          timings.set(key, {});
          rows.push({ network: name, kernel, role, shape: kernel === 'list' ? `${m} × ${n}` : `${m} × ${n} ← ${k}` });
        }
        timings.get(key)![setup] = {
          microsecondsPerCall: perCall * 1000,
          gflops: kernel === 'list' ? 0 : (2 * m * n * k) / (perCall * 1e6),
          ...(batchesPerEpoch === undefined ? {} : { msPerEpoch: perCall * batchesPerEpoch }),
        };
      }
    }
  }
  useKernels('auto');
  return rows.map((row) => {
    const t = timings.get(`${row.network}\n${row.role}`)!;
    const setups = { js: t.js, wasm: t.wasm, 'wasm, 2 threads': t['wasm, 2 threads'] };
    const main = t.wasm ?? t.js!;
    return { ...row, ...main, setups };
  });
}

/** The results as a table (rows of cells, the first the header): GFLOP/s and µs per call for each setup, ms per epoch on wasm. */
export function kernelTable(results: readonly KernelResult[]): string[][] {
  const fixed = (x: number | undefined, digits: number) => (x === undefined ? '–' : x.toFixed(digits));
  const out: string[][] = [['', 'kernel', 'role', 'C ← k', 'js µs', 'wasm µs', '2 thr µs', 'js GFLOP/s', 'wasm GFLOP/s', '2 thr GFLOP/s', 'wasm ms/epoch']];
  let last = '';
  for (const r of results) {
    if (r.network !== last) out.push([r.network, '', '', '', '', '', '', '', '', '', '']);
    last = r.network;
    const s = r.setups,
      list = r.kernel === 'list';
    out.push([
      '',
      r.kernel,
      r.role,
      r.shape,
      fixed(s.js?.microsecondsPerCall, 1),
      fixed(s.wasm?.microsecondsPerCall, 1),
      fixed(s['wasm, 2 threads']?.microsecondsPerCall, 1),
      list ? '' : fixed(s.js?.gflops, 2),
      list ? '' : fixed(s.wasm?.gflops, 2),
      list ? '' : fixed(s['wasm, 2 threads']?.gflops, 2),
      fixed(s.wasm?.msPerEpoch, 0),
    ]);
  }
  return out;
}

/** Columns padded to their widest cell; cells starting with a digit (or –) right-aligned. */
export function formatTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (/^[\d×.–-]/.test(cell) && c > 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

// Run on its own: just the table.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'min-ms': { type: 'string', default: '40' }, reps: { type: 'string', default: '5' } } });
  const { loadMnist } = await import('@downhill/datasets/node');
  const { train } = await loadMnist();
  const results = await benchKernels(train, { minMs: Number(values['min-ms']), reps: Number(values.reps) });
  process.stdout.write('gemm kernels in the shapes one mini-batch uses (median wall time per call; GFLOP/s counts 2·m·n·k, zeros included):\n');
  process.stdout.write(`${formatTable(kernelTable(results))}\n`);
}
