import { expect, it } from 'vitest';
import { createOptimizer } from './optimizer.js';
import { radam } from './radam.js';
import { type ReferenceStep, checkAgreement } from './testing/index.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with γ = 0.1 (the default 1e-3 moves little), in float64
// (Python) from torch.optim.RAdam's documented algorithm. ρ₁, ρ₂, ρ₃ = 1, 2.0, 3.0:
// these are momentum SGD steps; the agreement test below goes on past ρ_t > 5.
optimizerConformance(radam, {
  goldenHyper: { learningRate: 0.1 },
  goldenSteps: [
    [0.95, -1.1, 0.4625],
    [0.902631578947, -0.389473684211, 0.425493421053],
    [0.857885026219, 0.153253058846, 0.38899209798],
  ],
});

/** torch.optim.RAdam (weight_decay = 0), written from its documented pseudo-code, in float64. */
const torchRadam =
  ({ lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }): ReferenceStep =>
  (θ, g, state, t) => {
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => beta1 * m + (1 - beta1) * g[i]!);
    state.v = (state.v ?? θ.map(() => 0)).map((v, i) => beta2 * v + (1 - beta2) * g[i]! ** 2);
    const mHat = state.m.map((m) => m / (1 - beta1 ** t));
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * t * beta2 ** t) / (1 - beta2 ** t);
    if (!(rho > 5)) return θ.map((x, i) => x - lr * mHat[i]!);
    const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
    return θ.map((x, i) => x - lr * mHat[i]! * r * (Math.sqrt(1 - beta2 ** t) / (Math.sqrt(state.v![i]!) + eps)));
  };

it('agrees with torch.optim.RAdam (1e-6 relative) on both sides of ρ_t = 5: 20 steps with the defaults, 10 with a larger step', () => {
  const defaults = checkAgreement(radam, { reference: torchRadam({}), steps: 20 });
  const bolder = checkAgreement(radam, { hyper: { learningRate: 0.05 }, reference: torchRadam({ lr: 0.05 }), steps: 10 });
  expect([defaults.steps, bolder.steps]).toEqual([20, 10]);
  expect(Math.max(defaults.maxRelDiff, bolder.maxRelDiff)).toBeLessThanOrEqual(1e-6);
});

it('the comparison has teeth: without the rectification r_t it disagrees from the first adaptive step', () => {
  const unrectified: ReferenceStep = (θ, g, state, t) => {
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => 0.9 * m + 0.1 * g[i]!);
    state.v = (state.v ?? θ.map(() => 0)).map((v, i) => 0.999 * v + 0.001 * g[i]! ** 2);
    const rho = 1999 - (2 * t * 0.999 ** t) / (1 - 0.999 ** t);
    const mHat = state.m.map((m) => m / (1 - 0.9 ** t));
    if (!(rho > 5)) return θ.map((x, i) => x - 1e-3 * mHat[i]!);
    return θ.map((x, i) => x - 1e-3 * mHat[i]! * (Math.sqrt(1 - 0.999 ** t) / (Math.sqrt(state.v![i]!) + 1e-8)));
  };
  expect(() => checkAgreement(radam, { reference: unrectified, steps: 10 })).toThrow(/radam \/ agreement with the reference .* at step 6 /);
});

it('takes momentum SGD steps while ρ_t ≤ 5 (t ≤ 5 with β₂ = 0.999), then adaptive ones', () => {
  // g = 1 every step: m̂ = 1, so an SGD step is exactly γ; an adaptive one is γ r_t √(1 − β₂ᵗ)/(√v + ε) with v = 1 − β₂ᵗ, ≈ γ r_t.
  const opt = createOptimizer(radam, 1, { learningRate: 0.01 });
  const θ = Float32Array.of(0),
    steps: number[] = [];
  for (let t = 1; t <= 7; t++) {
    const before = θ[0]!;
    opt.step(θ, Float32Array.of(1));
    steps.push(before - θ[0]!);
  }
  for (const s of steps.slice(0, 5)) expect(s).toBeCloseTo(0.01, 8);
  // ρ∞ = 1999, ρ₅ ≈ 4.9960, ρ₆ ≈ 5.9942, so r₆ = √((ρ₆ − 4)(ρ₆ − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρ₆)) ≈ 0.025821
  // and r₇ ≈ 0.032739 (by hand, float64): small first adaptive steps, growing towards 1.
  expect(steps[5]! / 0.01).toBeCloseTo(0.025821, 4);
  expect(steps[6]! / 0.01).toBeCloseTo(0.032739, 4);
});
