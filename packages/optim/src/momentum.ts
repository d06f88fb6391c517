import { defineOptimizer } from './define.js';

/**
 * Classical momentum, the "heavy ball" (Polyak 1964), written as PyTorch does:
 * the velocity accumulates gradients and the step follows the velocity.
 *
 *   v ← μ v + g
 *   w ← w − η v
 *
 * (Sutskever et al. 2013 write v ← μv − ηg, w ← w + v: the same steps while η is constant.)
 */
export const momentum = defineOptimizer({
  name: 'momentum',
  summary: 'Classical (heavy-ball) momentum: v ← μv + g, w ← w − ηv',
  defaults: { learningRate: 0.01, momentum: 0.9 },
  slots: ['v'],
  ranges: { momentum: '[0, 1)' },
  update({ params, grads, slots: { v }, h }) {
    const { learningRate: eta, momentum: mu } = h;
    for (let i = 0; i < params.length; i++) {
      v[i] = mu * v[i]! + grads[i]!;
      params[i]! -= eta * v[i]!;
    }
  },
});
