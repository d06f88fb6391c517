import { defineOptimizer } from './define.js';

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of
 * Optimization Algorithms", Algorithm 2): every coordinate moves by exactly
 * η (plus decay), in the sign of an interpolation between momentum and
 * gradient; the momentum itself is tracked with a slower β₂.
 *
 *   c_t ← β₁ m_{t−1} + (1 − β₁) g_t
 *   θ_t ← θ_{t−1} − η_t (sign(c_t) + λ θ_{t−1})
 *   m_t ← β₂ m_{t−1} + (1 − β₂) g_t
 *
 * Defaults as the paper's reference code: η = 1e-4 (the paper advises 3–10×
 * smaller than AdamW's, since sign steps are large), β₁ = 0.9, β₂ = 0.99, λ = 0.
 */
export const lion = defineOptimizer({
  name: 'lion',
  summary: 'Lion (Chen et al. 2023): steps of size η in the sign of interpolated momentum',
  rule: 'Lion (Chen et al. 2023): w ← w − η(sign(β₁m + (1 − β₁)g) + λw), m ← β₂m + (1 − β₂)g',
  defaults: { learningRate: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0 },
  slots: ['m'],
  ranges: { beta1: '[0, 1]', beta2: '[0, 1]', weightDecay: '[0, inf)' },
  update({ params, grads, slots: { m }, h }) {
    const { learningRate: eta, beta1, beta2, weightDecay: lambda } = h;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!,
        theta = params[i]!;
      const c = beta1 * m[i]! + (1 - beta1) * g;
      params[i] = theta - eta * (Math.sign(c) + lambda * theta);
      m[i] = beta2 * m[i]! + (1 - beta2) * g;
    }
  },
});
