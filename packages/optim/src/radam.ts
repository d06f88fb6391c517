import { defineOptimizer } from './define.js';

/**
 * RAdam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and
 * Beyond"): Adam whose adaptive step is switched on, and scaled by a
 * rectification r_t, only once the second moment has seen enough steps for
 * its variance to be tractable (ρ_t > 5); before that, momentum SGD. As
 * torch.optim.RAdam (its defaults too):
 *
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t,   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t ← m_t / (1 − β₁ᵗ)
 *   ρ_∞ ← 2 / (1 − β₂) − 1,   ρ_t ← ρ_∞ − 2t β₂ᵗ / (1 − β₂ᵗ)
 *   if ρ_t > 5:  l_t ← √(1 − β₂ᵗ) / (√v_t + ε)
 *                r_t ← √((ρ_t − 4)(ρ_t − 2) ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2) ρ_t))
 *                θ_t ← θ_{t−1} − γ m̂_t r_t l_t
 *   else:        θ_t ← θ_{t−1} − γ m̂_t
 */
export const radam = defineOptimizer({
  name: 'radam',
  summary: 'RAdam (Liu et al. 2020): Adam with its adaptive step rectified, momentum SGD until the variance is tractable',
  rule: 'RAdam (Liu et al. 2020): w ← w − ηr_t m̂√(1 − β₂ᵗ)/(√v + ε) once ρ_t > 5, else w ← w − ηm̂',
  defaults: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)' },
  slots: ['m', 'v'],
  update({ params, grads, slots: { m, v }, h, t }) {
    const { learningRate: gamma, beta1, beta2, epsilon } = h;
    const c1 = 1 - beta1 ** t,
      c2 = 1 - beta2 ** t;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * t * beta2 ** t) / c2;
    const adaptive = rho > 5;
    // The same for every weight: γ/(1 − β₁ᵗ), times r_t √(1 − β₂ᵗ) when adaptive.
    const stepSize = adaptive ? (gamma / c1) * Math.sqrt(c2) * Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : gamma / c1;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      params[i]! -= adaptive ? (stepSize * m[i]!) / (Math.sqrt(v[i]!) + epsilon) : stepSize * m[i]!;
    }
  },
});
