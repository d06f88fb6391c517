import { defineOptimizer } from './define.js';

/**
 * Gradient descent (Cauchy 1847; the lesson's "roll downhill"), on the gradient
 * of the cost over the whole training set:
 *
 *   w ← w − η ∇C(w)
 *
 * η = 0.1 by default: stable for most cost surfaces scaled like an average
 * over examples. (Nielsen's sigmoid network with quadratic cost trains with η = 3.)
 */
export const gd = defineOptimizer({
  name: 'gd',
  summary: 'Gradient descent on the full-batch gradient: w ← w − η∇C',
  defaults: { learningRate: 0.1 },
  // Training a network with no --lr: the lesson's η = 3.0 (Nielsen's sigmoid network, quadratic cost).
  trainingLearningRate: 3,
  slots: [],
  fullBatch: true,
  update({ params, grads, h }) {
    const eta = h.learningRate;
    for (let i = 0; i < params.length; i++) params[i]! -= eta * grads[i]!;
  },
});
