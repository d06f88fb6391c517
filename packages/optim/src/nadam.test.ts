import { expect, it } from 'vitest';
import { nadam } from './nadam.js';
import { createOptimizer } from './optimizer.js';
import { type ReferenceStep, checkAgreement } from './testing/index.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with γ = 0.1 (the default 2e-3 moves little), in float64
// (Python) from torch.optim.NAdam's documented algorithm, ∏μ carried as a number.
optimizerConformance(nadam, {
  goldenHyper: { learningRate: 0.1 },
  goldenSteps: [
    [0.894354824277, -1.89435482228, 0.394354824982],
    [0.824670652369, -1.8176773016, 0.318570468482],
    [0.764727045868, -1.74695850867, 0.249194028725],
  ],
});

/** torch.optim.NAdam (weight_decay = 0), written from its documented pseudo-code, in float64. */
const torchNadam =
  ({ lr = 2e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, momentumDecay = 4e-3 }): ReferenceStep =>
  (θ, g, state, t) => {
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    const product = (state.muProduct?.[0] ?? 1) * mu;
    state.muProduct = [product];
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => beta1 * m + (1 - beta1) * g[i]!);
    state.v = (state.v ?? θ.map(() => 0)).map((v, i) => beta2 * v + (1 - beta2) * g[i]! ** 2);
    const mHat = state.m.map((m, i) => (muNext * m) / (1 - product * muNext) + ((1 - mu) * g[i]!) / (1 - product));
    const vHat = state.v.map((v) => v / (1 - beta2 ** t));
    return θ.map((x, i) => x - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps));
  };

// A bolder run is compared over fewer steps: once a coordinate's gradient
// nears zero, float32 storage of θ, m and v makes the two drift apart by
// about a factor 2 a step (from step 12 here), as a float32-rounded copy of
// the reference itself does.
it('agrees with torch.optim.NAdam (1e-6 relative): 20 steps with the defaults, 10 with a larger step and a faster momentum warm-up', () => {
  const defaults = checkAgreement(nadam, { reference: torchNadam({}), steps: 20 });
  const bolder = checkAgreement(nadam, {
    hyper: { learningRate: 0.05, beta1: 0.8, momentumDecay: 0.1 },
    reference: torchNadam({ lr: 0.05, beta1: 0.8, momentumDecay: 0.1 }),
    steps: 10,
  });
  expect([defaults.steps, bolder.steps]).toEqual([20, 10]);
  expect(Math.max(defaults.maxRelDiff, bolder.maxRelDiff)).toBeLessThanOrEqual(1e-6);
});

it('the comparison has teeth: NAdam without the look-ahead (μ_{t+1} = μ_t) disagrees', () => {
  const noLookAhead: ReferenceStep = (θ, g, state, t) => {
    const mu = 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
    const product = (state.p?.[0] ?? 1) * mu;
    state.p = [product];
    state.m = (state.m ?? θ.map(() => 0)).map((m, i) => 0.9 * m + 0.1 * g[i]!);
    state.v = (state.v ?? θ.map(() => 0)).map((v, i) => 0.999 * v + 0.001 * g[i]! ** 2);
    return θ.map((x, i) => x - (2e-3 * (state.m![i]! / (1 - product))) / (Math.sqrt(state.v![i]! / (1 - 0.999 ** t)) + 1e-8));
  };
  expect(() => checkAgreement(nadam, { reference: noLookAhead, steps: 5 })).toThrow(/nadam \/ agreement with the reference/);
});

it('takes the same steps whether ∏μ is carried on or recomputed: two runs interleaved, and one restored mid-way', () => {
  const a = createOptimizer(nadam, 2, { learningRate: 0.01 }),
    b = createOptimizer(nadam, 2, { learningRate: 0.01, momentumDecay: 0.05 });
  const c = createOptimizer(nadam, 2, { learningRate: 0.01 });
  const wa = Float32Array.of(1, -1),
    wb = Float32Array.of(1, -1),
    wc = Float32Array.of(1, -1);
  for (let k = 0; k < 30; k++) {
    a.step(wa, wa.slice()); // g = θ: f = ½‖θ‖²
    b.step(wb, wb.slice()); // another ψ in between: the cache starts over each time
  }
  for (let k = 0; k < 15; k++) c.step(wc, wc.slice());
  const saved = c.state(),
    at = wc.slice();
  for (let k = 0; k < 15; k++) c.step(wc, wc.slice());
  expect([...wa]).toEqual([...wc]);
  expect([...wb]).not.toEqual([...wc]);
  // Restored at t = 15 after the product has been carried to t = 30: recomputed, the same bits.
  const d = createOptimizer(nadam, 2, { learningRate: 0.01 });
  d.restore(saved);
  for (let k = 0; k < 15; k++) d.step(at, at.slice());
  expect([...at]).toEqual([...wa]);
});
