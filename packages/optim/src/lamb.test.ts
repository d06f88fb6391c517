import { describe, expect, it } from 'vitest';
import { lamb } from './lamb.js';
import { createOptimizer } from './optimizer.js';
import { cosineDecay, withSchedule } from './schedule.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with η = 0.1 on goldenProblem, one group (the whole vector),
// in float64 (Python) from the paper's Algorithm 2 with φ the identity.

optimizerConformance(lamb, {
  goldenHyper: { learningRate: 0.1 },
  goldenSteps: [
    [0.867932934681, -1.8666250904, 0.368586820501],
    [0.748724437849, -1.74414494827, 0.248077569478],
    [0.642269235151, -1.63060750555, 0.136640311042],
  ],
  // Decay pulls towards 0, which moves the valley's minimum off (1, 1): λ = 0 there.
  rosenbrock: { hyper: { weightDecay: 0 } },
});

// A 3 → 2 linear layer as a network lays it out: weight [2, 3] row-major, then bias [2].
const layer = [
  { name: 'layers.0.weight', shape: [2, 3] },
  { name: 'layers.0.bias', shape: [2] },
];
const norm = (x: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s);
};

describe('layer by layer', () => {
  it('moves each group by η times its own norm, whatever the scale of its weights and gradients', () => {
    // Weights near 100, biases near 0.01, gradients of unrelated sizes.
    const θ0 = Float32Array.of(100, -80, 120, 90, -110, 70, 0.01, -0.02);
    const g = Float32Array.of(0.3, -2, 5, 1e-3, 0.7, -0.1, 40, -3);
    const moved = (groups?: typeof layer) => {
      const opt = createOptimizer(lamb, 8, { learningRate: 0.01 }, groups ? { groups } : {});
      const θ = θ0.slice();
      opt.step(θ, g);
      const delta = θ.map((x, i) => x - θ0[i]!);
      return [norm(delta, 0, 6) / norm(θ0, 0, 6), norm(delta, 6, 8) / norm(θ0, 6, 8)];
    };
    const [weights, biases] = moved(layer);
    expect(weights).toBeCloseTo(0.01, 6);
    expect(biases).toBeCloseTo(0.01, 6);
    // One trust ratio for the whole vector instead: the biases, tiny beside the weights, are swept far away.
    const [, biasesAlone] = moved();
    expect(biasesAlone).toBeGreaterThan(10);
  });

  it('with no gradient, shrinks each layer by 1 − η (u = λθ, so the ratio is 1/λ); decayBiases = 0 leaves the biases be', () => {
    const run = (decayBiases: number) => {
      const opt = createOptimizer(lamb, 8, { learningRate: 0.1, weightDecay: 0.5, decayBiases }, { groups: layer });
      const θ = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
      opt.step(θ, new Float32Array(8));
      return [...θ];
    };
    expect(run(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((x) => Math.fround(x * 0.9)));
    expect(run(0)).toEqual([...[1, 2, 3, 4, 5, 6].map((x) => Math.fround(x * 0.9)), 7, 8]);
  });

  it('fits a linear layer by least squares, its weights a thousand times its biases, with the layer as groups', () => {
    // y = W*x + b* on 32 points: full-batch gradients of ½ mean ‖Wx + b − y‖², η decaying from 0.02 over 4,000 steps.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const wStar = [40, -25, 10, -30, 15, 35],
      bStar = [0.03, -0.02];
    const xs = Array.from({ length: 32 }, () => [random() * 2, random() * 2, random() * 2]);
    const ys = xs.map((x) => [0, 1].map((j) => wStar[3 * j]! * x[0]! + wStar[3 * j + 1]! * x[1]! + wStar[3 * j + 2]! * x[2]! + bStar[j]!));
    const θ = Float32Array.of(1, 1, 1, 1, 1, 1, 0.001, 0.001),
      g = new Float32Array(8);
    const gradient = () => {
      g.fill(0);
      xs.forEach((x, n) => {
        for (let j = 0; j < 2; j++) {
          const r = (θ[3 * j]! * x[0]! + θ[3 * j + 1]! * x[1]! + θ[3 * j + 2]! * x[2]! + θ[6 + j]! - ys[n]![j]!) / xs.length;
          for (let k = 0; k < 3; k++) g[3 * j + k]! += r * x[k]!;
          g[6 + j]! += r;
        }
      });
    };
    const opt = withSchedule(createOptimizer(lamb, 8, { weightDecay: 0 }, { groups: layer }), cosineDecay({ initial: 0.02, minimum: 0, steps: 4000 }));
    for (let t = 0; t < 4000; t++) {
      gradient();
      opt.step(θ, g);
    }
    for (let i = 0; i < 6; i++) expect(Math.abs(θ[i]! - wStar[i]!)).toBeLessThan(1e-2);
    for (let j = 0; j < 2; j++) expect(Math.abs(θ[6 + j]! - bStar[j]!)).toBeLessThan(1e-3);
  });
});
