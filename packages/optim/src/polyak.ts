import { defineOptimizer } from './define.js';

/**
 * Polyak-step SGD (Polyak 1987; for mini-batches, SPS_max of Loizou et al.
 * 2021): gradient descent whose step size comes from how far the loss is
 * above its least value f*, so no learning rate needs tuning, only a cap:
 *
 *   γ_t ← min((f(θ_{t−1}) − f*) / (c ‖g_t‖²), η)     (0 when f ≤ f* or g = 0)
 *   θ_t ← θ_{t−1} − γ_t g_t
 *
 * f is the loss the gradient is of (a mini-batch's cost in training). c = 1 is
 * Polyak's step, which on a convex f never moves θ further from a minimizer;
 * SPS takes c = ½ (on a one-dimensional quadratic, one step to the minimum).
 * f* = 0 suits losses that can reach zero (a network that fits its mini-batch).
 */
export const polyak = defineOptimizer({
  name: 'polyak',
  summary: 'Polyak-step SGD (Polyak 1987; Loizou et al. 2021): step size (f − f*)/(c‖g‖²) from the loss, capped at η',
  rule: 'Polyak-step SGD (Polyak 1987; Loizou et al. 2021): γ = min((f − f*)/(c‖g‖²), η), w ← w − γg',
  defaults: { learningRate: 1, c: 1, minimumLoss: 0 },
  symbols: { minimumLoss: 'f*' },
  ranges: { c: '(0, inf)' },
  slots: [],
  needsLoss: true,
  update({ params, grads, h, loss }) {
    let squares = 0;
    for (let i = 0; i < params.length; i++) squares += grads[i]! * grads[i]!;
    const gap = loss - h.minimumLoss;
    const gamma = squares > 0 && gap > 0 ? Math.min(gap / (h.c * squares), h.learningRate) : 0;
    for (let i = 0; i < params.length; i++) params[i]! -= gamma * grads[i]!;
  },
});
