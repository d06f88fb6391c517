import { defineOptimizer } from './define.js';

/**
 * Adamax (Kingma & Ba 2015, section 7.1): Adam with the second moment's
 * L² norm replaced by the L^∞ norm, a running maximum of |g| that needs no
 * bias correction. As torch.optim.Adamax (its defaults too, and ε added to
 * |g| inside the maximum):
 *
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   u_t ← max(β₂ u_{t−1}, |g_t| + ε)
 *   θ_t ← θ_{t−1} − γ m_t / ((1 − β₁ᵗ) u_t)
 */
export const adamax = defineOptimizer({
  name: 'adamax',
  summary: 'Adamax (Kingma & Ba 2015): Adam with a running maximum of |g| in place of the RMS',
  rule: 'Adamax (Kingma & Ba 2015): m ← β₁m + (1 − β₁)g, u ← max(β₂u, |g| + ε), w ← w − ηm / ((1 − β₁ᵗ)u)',
  defaults: { learningRate: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)' },
  slots: ['m', 'u'],
  update({ params, grads, slots: { m, u }, h, t }) {
    const { learningRate: gamma, beta1, beta2, epsilon } = h;
    const stepSize = gamma / (1 - beta1 ** t); // the bias correction, once per step
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      u[i] = Math.max(beta2 * u[i]!, Math.abs(g) + epsilon);
      params[i]! -= (stepSize * m[i]!) / u[i]!;
    }
  },
});
