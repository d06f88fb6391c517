// The gemm kernels in the shapes one mini-batch of each benchmarked network
// uses, on real MNIST pixels (so the sparse first-layer paths see real zeros).
import { type LabeledImages, toBatch } from '@downhill/datasets';
import { type Matrix, Rng, gemm, gemmABt, gemmAtB, matrix } from '@downhill/linalg';
import { medianSample, timeLoop } from './harness.js';

export interface KernelResult {
  readonly network: string;
  readonly kernel: 'gemm' | 'gemmABt' | 'gemmAtB';
  /** What the product computes, in the network's terms. */
  readonly role: string;
  /** C's shape and the inner dimension: m × n ← k. */
  readonly shape: string;
  readonly microsecondsPerCall: number;
  /** 2·m·n·k / time: the dense-equivalent rate (sparse paths skip zeros, so can beat the machine's real rate). */
  readonly gflops: number;
  /** Calls in one MNIST epoch × time per call (for the networks' shapes). */
  readonly msPerEpoch?: number;
}

interface Case {
  role: string;
  kernel: KernelResult['kernel'];
  a: Matrix;
  b: Matrix;
}

export function benchKernels(train: LabeledImages, options: { minMs: number; reps: number }): KernelResult[] {
  const rng = new Rng(2024);
  const order = rng.shuffle(Uint32Array.from({ length: train.count }, (_, i) => i));
  const images = (size: number): Matrix => {
    const x = matrix(size, 784), y = matrix(size, 10);
    toBatch(train, order, 0, size, x, y);
    return x;
  };
  // Weights ~ N(0, std²); `zeros` of the entries exactly 0, as ReLU leaves them.
  const random = (rows: number, cols: number, zeros = 0, std = 1): Matrix => {
    const m = matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < zeros ? 0 : rng.normal() * std;
    return m;
  };
  const sigmoidActivations = (rows: number, cols: number): Matrix => {
    const m = matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
    return m;
  };

  const networks: { name: string; batchesPerEpoch?: number; cases: Case[] }[] = [
    {
      name: '784-16-16-10 sigmoid, batch 10',
      batchesPerEpoch: train.count / 10,
      cases: [
        { role: 'forward z⁰ = x·W⁰ᵀ (sparse x)', kernel: 'gemmABt', a: images(10), b: random(16, 784) },
        { role: 'forward z¹ = a⁰·W¹ᵀ', kernel: 'gemmABt', a: sigmoidActivations(10, 16), b: random(16, 16) },
        { role: 'forward z² = a¹·W²ᵀ', kernel: 'gemmABt', a: sigmoidActivations(10, 16), b: random(10, 16) },
        { role: 'backprop δ¹ ∝ δ²·W²', kernel: 'gemm', a: random(10, 10), b: random(10, 16) },
        { role: 'backprop δ⁰ ∝ δ¹·W¹', kernel: 'gemm', a: random(10, 16), b: random(16, 16) },
        { role: '∂C/∂W⁰ = δ⁰ᵀ·x (sparse x)', kernel: 'gemmAtB', a: random(10, 16), b: images(10) },
        { role: '∂C/∂W¹ = δ¹ᵀ·a⁰', kernel: 'gemmAtB', a: random(10, 16), b: sigmoidActivations(10, 16) },
        { role: '∂C/∂W² = δ²ᵀ·a¹', kernel: 'gemmAtB', a: random(10, 10), b: sigmoidActivations(10, 16) },
      ],
    },
    {
      name: '784-100-10 relu, batch 128',
      batchesPerEpoch: train.count / 128,
      cases: [
        { role: 'forward z⁰ = x·W⁰ᵀ (sparse x)', kernel: 'gemmABt', a: images(128), b: random(100, 784, 0, 0.05) },
        { role: 'forward z¹ = a⁰·W¹ᵀ (half zeros)', kernel: 'gemmABt', a: random(128, 100, 0.5), b: random(10, 100, 0, 0.14) },
        { role: 'backprop δ⁰ ∝ δ¹·W¹', kernel: 'gemm', a: random(128, 10), b: random(10, 100, 0, 0.14) },
        { role: '∂C/∂W⁰ = δ⁰ᵀ·x (sparse x)', kernel: 'gemmAtB', a: random(128, 100, 0.5), b: images(128) },
        { role: '∂C/∂W¹ = δ¹ᵀ·a⁰', kernel: 'gemmAtB', a: random(128, 10), b: random(128, 100, 0.5) },
      ],
    },
    {
      name: 'dense 128 × 256 × 256 (no zeros)',
      cases: [
        { role: 'A·Bᵀ', kernel: 'gemmABt', a: random(128, 256), b: random(256, 256) },
        { role: 'A·B', kernel: 'gemm', a: random(128, 256), b: random(256, 256) },
        { role: 'Aᵀ·B', kernel: 'gemmAtB', a: random(128, 256), b: random(128, 256) },
      ],
    },
  ];

  const results: KernelResult[] = [];
  for (const { name, batchesPerEpoch, cases } of networks) {
    for (const { role, kernel, a, b } of cases) {
      const [m, n, k] =
        kernel === 'gemm' ? [a.rows, b.cols, a.cols] : kernel === 'gemmABt' ? [a.rows, b.rows, a.cols] : [a.cols, b.cols, a.rows];
      const c = matrix(m, n);
      const run = kernel === 'gemm' ? () => gemm(a, b, c) : kernel === 'gemmABt' ? () => gemmABt(a, b, c) : () => gemmAtB(a, b, c);
      timeLoop(run, options.minMs); // warm-up: let the JIT optimise this shape
      const samples = Array.from({ length: options.reps }, () => timeLoop(run, options.minMs));
      const perCall = medianSample(samples).cpu;
      results.push({
        network: name,
        kernel,
        role,
        shape: `${m} × ${n} ← ${k}`,
        microsecondsPerCall: perCall * 1000,
        gflops: (2 * m * n * k) / (perCall * 1e6),
        ...(batchesPerEpoch === undefined ? {} : { msPerEpoch: perCall * batchesPerEpoch }),
      });
    }
  }
  return results;
}
