import { expect, it } from 'vitest';
import { lion } from './lion.js';
import { createOptimizer } from './optimizer.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with η = 0.01, λ = 1 (under the defaults every step is just ±1e-4),
// in float64 (Python) from Algorithm 2, e.g. w₁ = w₀ − 0.01(sign(0.1g₁) + w₀) = (0.98, −1.97, 0.485).
optimizerConformance(lion, {
  goldenHyper: { learningRate: 0.01, weightDecay: 1 },
  goldenSteps: [
    [0.98, -1.97, 0.485],
    [0.9602, -1.9403, 0.47015],
    [0.940598, -1.910897, 0.4554485],
  ],
  // Sign steps of η: larger η to travel far in the budget, and the final wobble is about η.
  bowl: { hyper: { learningRate: 1e-3 } },
  rosenbrock: { hyper: { learningRate: 1e-3 } },
});

it('steps by the sign of β₁-interpolated momentum, and remembers with β₂', () => {
  // By hand, η = 0.1, θ₀ = 0:
  //  g₁ = 1:     c = 0.1·1 = 0.1 > 0                      → θ = −0.1;  m = 0.01·1 = 0.01
  //  g₂ = −0.05: c = 0.9·0.01 + 0.1·(−0.05) = 0.004 > 0   → θ = −0.2 (against g₂: momentum wins)
  //                                                          m = 0.99·0.01 + 0.01·(−0.05) = 0.0094
  //  g₃ = −0.2:  c = 0.9·0.0094 + 0.1·(−0.2) = −0.01154   → θ = −0.1
  const opt = createOptimizer(lion, 1, { learningRate: 0.1 });
  const θ = new Float32Array(1);
  const path = [1, -0.05, -0.2].map((g) => {
    opt.step(θ, Float32Array.of(g));
    return θ[0]!;
  });
  expect(path[0]).toBeCloseTo(-0.1, 7);
  expect(path[1]).toBeCloseTo(-0.2, 7);
  expect(path[2]).toBeCloseTo(-0.1, 7);
  expect(opt.state().slots.m![0]).toBeCloseTo(0.99 * 0.0094 + 0.01 * -0.2, 9);
});

it('decays weights decoupled from the gradient: with g = 0, θ ← (1 − ηλ)θ', () => {
  const opt = createOptimizer(lion, 1, { learningRate: 0.1, weightDecay: 0.5 });
  const θ = Float32Array.of(2);
  for (let k = 0; k < 3; k++) opt.step(θ, Float32Array.of(0));
  expect(θ[0]).toBeCloseTo(2 * 0.95 ** 3, 6);
});
