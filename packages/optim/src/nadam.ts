import { defineOptimizer } from './define.js';

/**
 * NAdam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"): Adam whose
 * step already applies the next step's momentum, Nesterov's look-ahead, with
 * a momentum that warms up over the first few hundred steps. As
 * torch.optim.NAdam (its defaults too), with ψ the momentum decay:
 *
 *   μ_t ← β₁ (1 − ½ · 0.96^{tψ}),   μ_{t+1} ← β₁ (1 − ½ · 0.96^{(t+1)ψ})
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t ← μ_{t+1} m_t / (1 − ∏_{i=1}^{t+1} μ_i) + (1 − μ_t) g_t / (1 − ∏_{i=1}^{t} μ_i)
 *   v̂_t ← v_t / (1 − β₂ᵗ)
 *   θ_t ← θ_{t−1} − γ m̂_t / (√v̂_t + ε)
 */
export const nadam = defineOptimizer({
  name: 'nadam',
  summary: 'NAdam (Dozat 2016): Adam with Nesterov momentum, as torch.optim.NAdam',
  rule: 'NAdam (Dozat 2016): Adam whose step looks ahead with the next momentum μ_{t+1} = β₁(1 − ½·0.96^{(t+1)ψ})',
  defaults: { learningRate: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 4e-3 },
  symbols: { momentumDecay: 'ψ' },
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)', momentumDecay: '[0, inf)' },
  slots: ['m', 'v'],
  update({ params, grads, slots: { m, v }, h, t }) {
    const { learningRate: gamma, beta1, beta2, epsilon, momentumDecay: psi } = h;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
    updateMuProduct(h, t);
    const product = cache[PRODUCT]!; // ∏_{i=1}^{t} μ_i
    // The same for every weight: the two coefficients of m̂ and the bias correction of v.
    const onM = (gamma * muNext) / (1 - product * muNext);
    const onG = (gamma * (1 - mu)) / (1 - product);
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      params[i]! -= (onM * m[i]! + onG * g) / (Math.sqrt(v[i]! / c2) + epsilon);
    }
  },
});

// ∏_{i=1}^{t} μ_i depends on t, β₁ and ψ alone, so it needs no slot: it is
// recomputed from i = 1 when asked for another (β₁, ψ) or an earlier t (a
// restored state, another optimizer), else carried on from the last t. Either
// way the same multiplications in the same order: the same bits. Kept in a
// Float64Array, and handed over through it, so no step boxes a number.
const BETA1 = 0,
  PSI = 1,
  T = 2,
  PRODUCT = 3;
const cache = Float64Array.of(Number.NaN, Number.NaN, 0, 1);

function updateMuProduct(h: { readonly beta1: number; readonly momentumDecay: number }, t: number): void {
  if (cache[BETA1] !== h.beta1 || cache[PSI] !== h.momentumDecay || cache[T]! > t) {
    cache[BETA1] = h.beta1;
    cache[PSI] = h.momentumDecay;
    cache[T] = 0;
    cache[PRODUCT] = 1;
  }
  while (cache[T]! < t) {
    const i = ++cache[T]!;
    cache[PRODUCT]! *= h.beta1 * (1 - 0.5 * 0.96 ** (i * h.momentumDecay));
  }
}
