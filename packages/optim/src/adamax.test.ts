import { expect, it } from 'vitest';
import { adamax } from './adamax.js';
import { createOptimizer } from './optimizer.js';
import { type ReferenceStep, checkAgreement } from './testing/index.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with γ = 0.1 (the default 2e-3 moves little), in float64
// (Python) from torch.optim.Adamax's documented algorithm.
optimizerConformance(adamax, {
  goldenHyper: { learningRate: 0.1 },
  goldenSteps: [
    [0.900000002, -1.90000000011, 0.400000002667],
    [0.810436756123, -1.80224142293, 0.303412189263],
    [0.730909756823, -1.70676986324, 0.210276143372],
  ],
});

/** torch.optim.Adamax (weight_decay = 0), written from its documented pseudo-code, in float64. */
const torchAdamax =
  ({ lr = 2e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }): ReferenceStep =>
  (θ, g, state, t) => {
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => beta1 * m + (1 - beta1) * g[i]!);
    state.u = (state.u ?? θ.map(() => 0)).map((u, i) => Math.max(beta2 * u, Math.abs(g[i]!) + eps));
    return θ.map((x, i) => x - (lr * state.m![i]!) / ((1 - beta1 ** t) * state.u![i]!));
  };

it('agrees with torch.optim.Adamax (1e-6 relative): 20 steps with the defaults, 10 with a larger step and β₂ = 0.9', () => {
  const defaults = checkAgreement(adamax, { reference: torchAdamax({}), steps: 20 });
  const bolder = checkAgreement(adamax, { hyper: { learningRate: 0.05, beta2: 0.9 }, reference: torchAdamax({ lr: 0.05, beta2: 0.9 }), steps: 10 });
  expect([defaults.steps, bolder.steps]).toEqual([20, 10]);
  expect(Math.max(defaults.maxRelDiff, bolder.maxRelDiff)).toBeLessThanOrEqual(1e-6);
});

it('the comparison has teeth: ε added outside the maximum, max(β₂u, |g|) + ε, disagrees (seen with ε = 1)', () => {
  const outside: ReferenceStep = (θ, g, state, t) => {
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => 0.9 * m + 0.1 * g[i]!);
    state.u = (state.u ?? θ.map(() => 0)).map((u, i) => Math.max(0.999 * u, Math.abs(g[i]!)) + 1);
    return θ.map((x, i) => x - (0.05 * state.m![i]!) / ((1 - 0.9 ** t) * state.u![i]!));
  };
  expect(() => checkAgreement(adamax, { hyper: { learningRate: 0.05, epsilon: 1 }, reference: outside })).toThrow(/adamax \/ agreement with the reference/);
});

it('takes a first step of γ against the gradient’s sign, whatever its scale', () => {
  for (const scale of [1e-3, 1, 1e3]) {
    const opt = createOptimizer(adamax, 2, { learningRate: 0.1 });
    const θ = Float32Array.of(0, 0);
    opt.step(θ, Float32Array.of(scale, -2 * scale));
    // t = 1: m = 0.1g, u = |g| + ε, step = 0.1·0.1g/(0.1(|g| + ε)) ≈ 0.1·sign(g).
    expect(θ[0]).toBeCloseTo(-0.1, 5);
    expect(θ[1]).toBeCloseTo(0.1, 5);
  }
});
