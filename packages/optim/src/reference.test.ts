import { describe, expect, it } from 'vitest';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import type { OptimizerDefinition } from './define.js';
import { createOptimizer } from './optimizer.js';
import { getOptimizer } from './registry.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import { type ReferenceStep, checkAgreement } from './testing/index.js';

// Agreement with torch.optim, step by step. The reference below is written
// from the pseudo-code in PyTorch's documentation (torch.optim.SGD, Adam,
// AdamW, RMSprop, Adagrad), in float64, independently of the implementations,
// and run on the kit's coupledQuadratic (∇f = Aθ − b mixes the coordinates).
// downhill keeps θ and the slots in float32, so the two differ by float32
// rounding (≈ 6e-8 relative per operation); the problem keeps every θᵢ of
// order 1 over the five steps, so 1e-6 relative agreement is a real bound.

/** Five steps of `definition` against the float64 reference, within 1e-6 relative. */
function expectAgreement(definition: OptimizerDefinition | string, hyper: Record<string, number>, reference: ReferenceStep): void {
  const found = checkAgreement(typeof definition === 'string' ? getOptimizer(definition) : definition, { hyper, reference });
  expect(found.steps).toBe(5);
  expect(found.maxRelDiff).toBeLessThanOrEqual(1e-6);
}

/** torch.optim.SGD (dampening τ = 0, maximize = False). */
const torchSgd =
  ({ lr, momentum = 0, nesterov = false, weightDecay = 0 }: { lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number }): ReferenceStep =>
  (θ, g, state, t) => {
    if (weightDecay !== 0) g = g.map((gi, i) => gi + weightDecay * θ[i]!);
    if (momentum !== 0) {
      state.b = t > 1 ? state.b!.map((bi, i) => momentum * bi + g[i]!) : [...g];
      g = nesterov ? g.map((gi, i) => gi + momentum * state.b![i]!) : state.b;
    }
    return θ.map((x, i) => x - lr * g[i]!);
  };

/** torch.optim.Adam (amsgrad = False) and, with weightDecay, torch.optim.AdamW. */
const torchAdam =
  ({ lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, decoupledWeightDecay = 0 }): ReferenceStep =>
  (θ, g, state, t) => {
    θ = θ.map((x) => x - lr * decoupledWeightDecay * x);
    state.m = (state.m ?? [0, 0, 0]).map((m, i) => beta1 * m + (1 - beta1) * g[i]!);
    state.v = (state.v ?? [0, 0, 0]).map((v, i) => beta2 * v + (1 - beta2) * g[i]! ** 2);
    const mHat = state.m.map((m) => m / (1 - beta1 ** t));
    const vHat = state.v.map((v) => v / (1 - beta2 ** t));
    return θ.map((x, i) => x - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps));
  };

/** torch.optim.RMSprop (centered = False, momentum = 0). */
const torchRmsprop =
  ({ lr = 0.01, alpha = 0.99, eps = 1e-8 }): ReferenceStep =>
  (θ, g, state) => {
    state.v = (state.v ?? [0, 0, 0]).map((v, i) => alpha * v + (1 - alpha) * g[i]! ** 2);
    return θ.map((x, i) => x - (lr * g[i]!) / (Math.sqrt(state.v![i]!) + eps));
  };

/** torch.optim.Adagrad (lr_decay = 0, initial_accumulator_value = 0). */
const torchAdagrad =
  ({ lr = 0.01, lrDecay = 0, eps = 1e-10 }): ReferenceStep =>
  (θ, g, state, t) => {
    const lrT = lr / (1 + (t - 1) * lrDecay);
    state.sum = (state.sum ?? [0, 0, 0]).map((s, i) => s + g[i]! ** 2);
    return θ.map((x, i) => x - (lrT * g[i]!) / (Math.sqrt(state.sum![i]!) + eps));
  };

describe('agrees with torch.optim for five steps (1e-6 relative)', () => {
  it('SGD', () => expectAgreement(sgd, { learningRate: 0.05 }, torchSgd({ lr: 0.05 })));

  it('SGD with momentum', () => expectAgreement(sgd, { learningRate: 0.05, momentum: 0.9 }, torchSgd({ lr: 0.05, momentum: 0.9 })));

  it('SGD with Nesterov momentum', () =>
    expectAgreement(sgd, { learningRate: 0.05, momentum: 0.9, nesterov: 1 }, torchSgd({ lr: 0.05, momentum: 0.9, nesterov: true })));

  it('SGD with weight decay (and momentum)', () => {
    expectAgreement(sgd, { learningRate: 0.05, weightDecay: 0.1 }, torchSgd({ lr: 0.05, weightDecay: 0.1 }));
    expectAgreement(sgd, { learningRate: 0.05, momentum: 0.5, weightDecay: 0.1 }, torchSgd({ lr: 0.05, momentum: 0.5, weightDecay: 0.1 }));
  });

  it("the named 'momentum' and 'nesterov' optimizers are SGD's momentum and Nesterov", () => {
    expectAgreement('momentum', {}, torchSgd({ lr: 0.01, momentum: 0.9 }));
    expectAgreement('nesterov', {}, torchSgd({ lr: 0.01, momentum: 0.9, nesterov: true }));
  });

  it('Adam, with the defaults and with a larger step', () => {
    expectAgreement(adam, {}, torchAdam({}));
    expectAgreement(adam, { learningRate: 0.1 }, torchAdam({ lr: 0.1 }));
  });

  it('AdamW (weight decay 1e-2, and a strong 0.5 that the comparison would notice)', () => {
    expectAgreement(adamw, {}, torchAdam({ decoupledWeightDecay: 1e-2 }));
    expectAgreement(adamw, { learningRate: 0.1, weightDecay: 0.5 }, torchAdam({ lr: 0.1, decoupledWeightDecay: 0.5 }));
  });

  it("RMSProp at PyTorch's default learning rate 0.01 (downhill's default is 1e-3)", () => expectAgreement(rmsprop, { learningRate: 0.01 }, torchRmsprop({})));

  it('Adagrad, with the defaults and with a larger step', () => {
    expectAgreement(adagrad, {}, torchAdagrad({}));
    expectAgreement(adagrad, { learningRate: 0.5 }, torchAdagrad({ lr: 0.5 }));
  });

  it('the comparison has teeth: Adam without bias correction disagrees', () => {
    const uncorrected: ReferenceStep = (θ, g, state) => {
      state.m = (state.m ?? [0, 0, 0]).map((m, i) => 0.9 * m + 0.1 * g[i]!);
      state.v = (state.v ?? [0, 0, 0]).map((v, i) => 0.999 * v + 0.001 * g[i]! ** 2);
      return θ.map((x, i) => x - (1e-3 * state.m![i]!) / (Math.sqrt(state.v![i]!) + 1e-8));
    };
    expect(() => expectAgreement(adam, {}, uncorrected)).toThrow(
      /^adam \/ agreement with the reference on coupled quadratic ½θᵀAθ − bᵀθ: expected θ0 = [\d.]+ at step 1 \(within 1e-6 relative\) with \{\}, found /,
    );
  });
});

describe("Adam's first three steps, by hand from Kingma & Ba's Algorithm 1", () => {
  // f(θ) = ½‖θ‖², so g = θ; θ₀ = (1, −2); α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
  // Worked in 30-digit decimal arithmetic (first coordinate; the second alike):
  //  t = 1: g = 1;  m = 0.1;  v = 0.001;  m̂ = 0.1/0.1 = 1;  v̂ = 0.001/0.001 = 1
  //         θ = 1 − 0.1·1/(√1 + 1e-8) = 0.900000001          (second: −1.9000000005)
  //  t = 2: g = 0.900000001;  m = 0.09 + 0.0900000001 = 0.1800000001
  //         v = 0.000999 + 0.000810000001(8) = 0.0018090000018;  m̂ = m/0.19 = 0.94736842157894736
  //         v̂ = v/0.001999 = 0.90495247713856928;  √v̂ = 0.95128990173268...
  //         θ = 0.900000001 − 0.1·0.94736842157894736/(0.95128990173268 + 1e-8) = 0.8004122297123374
  //                                                           (second: −1.800166486621092)
  //  t = 3: g = 0.8004122297123374;  m = 0.24204122306123374;  v = 0.0024478507392712755
  //         m̂ = m/0.271 = 0.89314104450639756;  v̂ = v/0.002997001 = 0.81676674090908730
  //         θ = 0.7015862745044142                            (second: −1.700623392812113)
  it('match the hand-computed values', () => {
    const optimizer = createOptimizer(adam, 2, { learningRate: 0.1 });
    const θ = Float32Array.from([1, -2]);
    const expected = [
      [0.900000001, -1.9000000005],
      [0.8004122297123374, -1.800166486621092],
      [0.7015862745044142, -1.700623392812113],
    ];
    for (const [k, want] of expected.entries()) {
      optimizer.step(θ, θ.slice()); // g = θ
      expect(Math.abs(θ[0]! - want[0]!) / Math.abs(want[0]!), `step ${k + 1}`).toBeLessThan(1e-6);
      expect(Math.abs(θ[1]! - want[1]!) / Math.abs(want[1]!), `step ${k + 1}`).toBeLessThan(1e-6);
    }
  });
});
