import { defineOptimizer } from './define.js';

/**
 * Nesterov momentum (Nesterov 1983), in PyTorch's formulation: the step looks
 * ahead along the velocity, using the gradient at the current point
 * (Sutskever et al. 2013 show it equals evaluating the gradient at w + μv).
 *
 *   v ← μ v + g
 *   w ← w − η (g + μ v)
 */
export const nesterov = defineOptimizer({
  name: 'nesterov',
  summary: 'Nesterov momentum (PyTorch formulation): v ← μv + g, w ← w − η(g + μv)',
  rule: "Nesterov momentum, PyTorch's form: v ← μv + g, w ← w − η(g + μv)",
  defaults: { learningRate: 0.01, momentum: 0.9 },
  slots: ['v'],
  ranges: { momentum: '[0, 1)' },
  update({ params, grads, slots: { v }, h }) {
    const { learningRate: eta, momentum: mu } = h;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      v[i] = mu * v[i]! + g;
      params[i]! -= eta * (g + mu * v[i]!);
    }
  },
});
