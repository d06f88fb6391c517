import { defineOptimizer } from './define.js';

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the
 * gradient — the parameters shrink directly instead of through m and v.
 * As torch.optim.AdamW, decay first, scaled by the learning rate:
 *
 *   θ ← θ − γ λ θ
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t,   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   θ_t ← θ − γ (m_t / (1 − β₁ᵗ)) / (√(v_t / (1 − β₂ᵗ)) + ε)
 *
 * decayBiases = 0 leaves the bias vectors out of the decay (λ = 0 for them), as
 * is usual for networks; it needs the parameter groups (a network's layers) to
 * know which numbers are biases.
 */
export const adamw = defineOptimizer({
  name: 'adamw',
  summary: 'AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay',
  rule: 'AdamW (Loshchilov & Hutter 2019): decoupled weight decay w ← w − ηλw, then Adam',
  defaults: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2, decayBiases: 1 },
  slots: ['m', 'v'],
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)', weightDecay: '[0, inf)', decayBiases: '{0, 1}' },
  update({ params, grads, slots: { m, v }, h, t, groups }) {
    const { learningRate: gamma, beta1, beta2, epsilon, weightDecay: lambda } = h;
    // Bias corrections folded into two numbers per step, as in adam.ts.
    const stepSize = gamma / (1 - beta1 ** t),
      invRootC2 = 1 / Math.sqrt(1 - beta2 ** t);
    for (let k = 0; k < groups.length; k++) {
      const { offset, length, bias } = groups[k]!;
      const shrink = bias && h.decayBiases === 0 ? 1 : 1 - gamma * lambda;
      for (let i = offset; i < offset + length; i++) {
        const g = grads[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        params[i] = params[i]! * shrink - (stepSize * m[i]!) / (Math.sqrt(v[i]!) * invRootC2 + epsilon);
      }
    }
  },
});
