import { defineOptimizer } from './define.js';

/**
 * Adagrad (Duchi, Hazan & Singer 2011): each coordinate's step shrinks with the
 * sum of its squared gradients so far. As torch.optim.Adagrad (lr_decay 0,
 * initial accumulator 0), ε outside the square root:
 *
 *   s_t ← s_{t−1} + g_t²
 *   θ_t ← θ_{t−1} − γ g_t / (√s_t + ε)
 */
export const adagrad = defineOptimizer({
  name: 'adagrad',
  summary: 'Adagrad: per-coordinate steps divided by the root of the summed squared gradients',
  rule: 'Adagrad: s ← s + g², w ← w − ηg / (√s + ε)',
  defaults: { learningRate: 0.01, epsilon: 1e-10 },
  slots: ['stateSum'],
  ranges: { epsilon: '(0, inf)' },
  update({ params, grads, slots: { stateSum }, h }) {
    const { learningRate: gamma, epsilon } = h;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      stateSum[i]! += g * g;
      params[i]! -= (gamma * g) / (Math.sqrt(stateSum[i]!) + epsilon);
    }
  },
});
