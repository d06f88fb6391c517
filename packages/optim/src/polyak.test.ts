import { describe, expect, it } from 'vitest';
import { MissingLossError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { polyak } from './polyak.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps under the defaults (η = 1, c = 1, f* = 0), with the loss
// f(w) = ½Σcᵢ(wᵢ − w*ᵢ)², in float64 (Python): γ₁ = 10.53125/81.390625 = 0.12939…
optimizerConformance(polyak, {
  goldenSteps: [
    [0.935304281052, -0.835477058936, 0.451478210789],
    [0.873672670751, -0.220737420494, 0.400102114033],
    [0.79928072599, 0.154126195965, 0.330417917622],
  ],
});

describe('the Polyak step', () => {
  const step = (hyper: Record<string, number>, w: number, g: number, loss: number) => {
    const θ = Float32Array.of(w);
    createOptimizer(polyak, 1, hyper).step(θ, Float32Array.of(g), { loss });
    return θ[0]!;
  };

  it('on f = ½a(w − 2)²: c = ½ lands on the minimum in one step, c = 1 halfway, whatever a', () => {
    for (const a of [0.01, 1, 50]) {
      const w = 5,
        f = 0.5 * a * (w - 2) ** 2,
        g = a * (w - 2);
      expect(step({ c: 0.5, learningRate: 1e6 }, w, g, f)).toBeCloseTo(2, 5);
      expect(step({ c: 1, learningRate: 1e6 }, w, g, f)).toBeCloseTo(3.5, 5);
    }
  });

  it('is capped at η, and takes no step when the loss is at or below f* or the gradient is zero', () => {
    expect(step({ learningRate: 0.1 }, 5, 3, 4.5)).toBeCloseTo(5 - 0.1 * 3, 6); // uncapped γ = 0.5
    expect(step({ minimumLoss: 4.5 }, 5, 3, 4.5)).toBe(5);
    expect(step({ minimumLoss: 1 }, 5, 3, 0.5)).toBe(5);
    expect(step({}, 5, 0, 4.5)).toBe(5);
  });

  it('needs the loss: stepping without one is refused', () => {
    expect(polyak.needsLoss).toBe(true);
    expect(() => createOptimizer(polyak, 1).step(Float32Array.of(1), Float32Array.of(1))).toThrow(MissingLossError);
  });
});

describe('converges without a tuned learning rate', () => {
  // Least squares with y = x·w* exactly (interpolation: every mini-batch's
  // loss reaches 0 at w*, so f* = 0 holds batch by batch), the second feature
  // 5 times larger. SGD needs η < 2/L here; Polyak steps find their size.
  function mulberry32(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('mini-batch least squares: reaches w* from batches of 8, with the cap far above any stable rate', () => {
    const random = mulberry32(11);
    const n = 64,
      wStar = [1.5, -0.5, 2];
    const x = Array.from({ length: n }, () => [random() * 2 - 1, 5 * (random() * 2 - 1), random() * 2 - 1]);
    const y = x.map((xi) => xi.reduce((s, v, j) => s + v * wStar[j]!, 0));
    const optimizer = createOptimizer(polyak, 3, { learningRate: 100 });
    const w = new Float32Array(3),
      g = new Float32Array(3),
      info = { loss: 0 };
    for (let epoch = 0; epoch < 60; epoch++) {
      for (let start = 0; start < n; start += 8) {
        g.fill(0);
        info.loss = 0;
        for (let k = start; k < start + 8; k++) {
          const r = x[k]!.reduce((s, v, j) => s + v * w[j]!, 0) - y[k]!;
          info.loss += (0.5 * r * r) / 8;
          for (let j = 0; j < 3; j++) g[j]! += (r * x[k]![j]!) / 8;
        }
        optimizer.step(w, g, info);
      }
    }
    for (let j = 0; j < 3; j++) expect(Math.abs(w[j]! - wStar[j]!)).toBeLessThan(1e-4);
    // Plain SGD with the same η = 100 diverges at once.
    const sgd = createOptimizer('sgd', 3, { learningRate: 100 });
    const v = new Float32Array(3);
    expect(() => {
      for (let k = 0; k < 200; k++) {
        g.fill(0);
        for (let i = 0; i < 8; i++) {
          const r = x[i]!.reduce((s, xv, j) => s + xv * v[j]!, 0) - y[i]!;
          for (let j = 0; j < 3; j++) g[j]! += (r * x[i]![j]!) / 8;
        }
        sgd.step(v, g);
      }
    }).toThrow(/gradient: expected a finite number/);
  });
});
