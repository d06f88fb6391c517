import { defineOptimizer } from './define.js';

/**
 * RMSProp (Hinton, Coursera lecture 6e, 2012): divide each step by a running
 * root-mean-square of recent gradients. As torch.optim.RMSprop (not centred,
 * no momentum), ε outside the square root:
 *
 *   v_t ← α v_{t−1} + (1 − α) g_t²
 *   θ_t ← θ_{t−1} − γ g_t / (√v_t + ε)
 */
export const rmsprop = defineOptimizer({
  name: 'rmsprop',
  summary: 'RMSProp: steps divided by a running RMS of the gradient',
  rule: 'RMSProp: v ← αv + (1 − α)g², w ← w − ηg / (√v + ε)',
  defaults: { learningRate: 1e-3, alpha: 0.99, epsilon: 1e-8 },
  slots: ['v'],
  ranges: { alpha: '[0, 1)', epsilon: '(0, inf)' },
  update({ params, grads, slots: { v }, h }) {
    const { learningRate: gamma, alpha, epsilon } = h;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * g * g;
      params[i]! -= (gamma * g) / (Math.sqrt(v[i]!) + epsilon);
    }
  },
});
