import { describe, expect, it } from 'vitest';
import { NonFiniteGradientError } from './errors.js';
import { createOptimizer } from './optimizer.js';

// The lesson's picture: on f(x, y) = ½(x² + 50y²), a bowl 50 times steeper
// across than along, each optimizer rolls down to the minimum at (0, 0).

const f = (w: Float32Array) => 0.5 * (w[0]! ** 2 + 50 * w[1]! ** 2);
function gradient(w: Float32Array, g: Float32Array): void {
  g[0] = w[0]!;
  g[1] = 50 * w[1]!;
}

function roll(name: string, hyper: Record<string, number>, steps: number): { w: Float32Array; costs: number[] } {
  const optimizer = createOptimizer(name, 2, hyper);
  const w = Float32Array.from([-4, 1]),
    g = new Float32Array(2);
  const costs = [f(w)];
  for (let k = 0; k < steps; k++) {
    gradient(w, g);
    optimizer.step(w, g);
    costs.push(f(w));
  }
  return { w, costs };
}

describe('reaches the minimum of the ill-conditioned bowl ½(x² + 50y²)', () => {
  it('gd, η = 0.03 < 2/50: the cost falls at every step', () => {
    const { w, costs } = roll('gd', { learningRate: 0.03 }, 600);
    expect(Math.hypot(w[0]!, w[1]!)).toBeLessThan(1e-6);
    for (let k = 1; k < costs.length; k++) if (costs[k]! > costs[k - 1]!) throw new Error(`cost rose at step ${k}`);
  });

  it('gd, η = 0.05 > 2/50: diverges across the steep direction, as the lesson warns', () => {
    expect(() => roll('gd', { learningRate: 0.05 }, 10_000)).toThrow(NonFiniteGradientError);
  });

  it('sgd (on the exact gradient: it is gd with momentum 0)', () => {
    const { w } = roll('sgd', { learningRate: 0.03 }, 600);
    expect(Math.hypot(w[0]!, w[1]!)).toBeLessThan(1e-6);
  });

  it('momentum, with its defaults, in fewer steps than gd needs', () => {
    const { w } = roll('momentum', {}, 400);
    expect(Math.hypot(w[0]!, w[1]!)).toBeLessThan(1e-6);
    const gd = roll('gd', { learningRate: 0.03 }, 400);
    expect(Math.hypot(gd.w[0]!, gd.w[1]!)).toBeGreaterThan(1e-5);
  });

  it('adam, with its defaults', () => {
    const { w } = roll('adam', {}, 10_000);
    expect(Math.hypot(w[0]!, w[1]!)).toBeLessThan(1e-4);
  });
});

describe('mini-batch SGD on least squares', () => {
  // y = x·w* exactly, so every mini-batch gradient vanishes at w*: SGD with a
  // fixed η converges to w* itself rather than to a noisy neighbourhood.
  // The second feature is 5 times larger, which makes the bowl ill-conditioned.
  function mulberry32(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('reaches w* with batches of 8, shuffled each epoch', () => {
    const random = mulberry32(42);
    const n = 64,
      wStar = [1.5, -0.5, 2];
    const x = Array.from({ length: n }, () => [random() * 2 - 1, 5 * (random() * 2 - 1), random() * 2 - 1]);
    const y = x.map((xi) => xi.reduce((s, v, j) => s + v * wStar[j]!, 0));
    const optimizer = createOptimizer('sgd', 3, { learningRate: 0.05, momentum: 0.5 });
    expect(optimizer.definition.fullBatch).toBe(false);
    const w = new Float32Array(3),
      g = new Float32Array(3);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let epoch = 0; epoch < 100; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let start = 0; start < n; start += 8) {
        g.fill(0);
        // ∇ of the batch's mean of ½(x·w − y)²
        for (const k of order.slice(start, start + 8)) {
          const r = x[k]!.reduce((s, v, j) => s + v * w[j]!, 0) - y[k]!;
          for (let j = 0; j < 3; j++) g[j]! += (r * x[k]![j]!) / 8;
        }
        optimizer.step(w, g);
      }
    }
    for (let j = 0; j < 3; j++) expect(Math.abs(w[j]! - wStar[j]!)).toBeLessThan(1e-4);
  });
});
