import { defineOptimizer } from './define.js';

/**
 * Adam (Kingma & Ba 2015, Algorithm 1): steps scaled by bias-corrected running
 * moments of the gradient.
 *
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t ← m_t / (1 − β₁ᵗ),   v̂_t ← v_t / (1 − β₂ᵗ)
 *   θ_t ← θ_{t−1} − α m̂_t / (√v̂_t + ε)
 */
export const adam = defineOptimizer({
  name: 'adam',
  summary: 'Adam (Kingma & Ba 2015): steps scaled by bias-corrected running moments of the gradient',
  rule: 'Adam (Kingma & Ba 2015), bias-corrected moments, ε outside the root',
  defaults: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  slots: ['m', 'v'],
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)' },
  update({ params, grads, slots: { m, v }, h, t }) {
    const { learningRate: alpha, beta1, beta2, epsilon } = h;
    // The bias corrections are the same for every weight, so they are folded
    // into two numbers once per step: α m̂/(√v̂ + ε) = (α/c₁) m / (√v/√c₂ + ε).
    // One division and one square root per weight instead of three and one.
    const stepSize = alpha / (1 - beta1 ** t),
      invRootC2 = 1 / Math.sqrt(1 - beta2 ** t);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      params[i]! -= (stepSize * m[i]!) / (Math.sqrt(v[i]!) * invRootC2 + epsilon);
    }
  },
});
