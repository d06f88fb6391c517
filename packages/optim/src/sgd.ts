import { axpy, onVectorKernels } from '@downhill/linalg';
import { defineOptimizer } from './define.js';

/**
 * Stochastic gradient descent on mini-batch gradients (Robbins & Monro 1951;
 * Nielsen ch. 1), with PyTorch's optional momentum, Nesterov and weight decay.
 * As in torch.optim.SGD (dampening τ = 0), with g_t the mini-batch gradient:
 *
 *   g_t ← g_t + λ θ_{t−1}                    if λ ≠ 0
 *   b_t ← μ b_{t−1} + g_t                    if μ ≠ 0   (b_0 = 0, so b_1 = g_1)
 *   g_t ← g_t + μ b_t  (Nesterov)  or  b_t   if μ ≠ 0
 *   θ_t ← θ_{t−1} − γ g_t
 *
 * With μ = λ = 0 this is Nielsen's w ← w − (η/m) Σ ∇C_x (the 1/m is in the gradient).
 * decayBiases = 0 leaves the bias vectors out of the decay (λ = 0 for them), as
 * is usual for networks; it needs the parameter groups (a network's layers) to
 * know which numbers are biases.
 */
export const sgd = defineOptimizer({
  name: 'sgd',
  summary: 'Mini-batch stochastic gradient descent, with optional momentum, Nesterov and weight decay (as torch.optim.SGD)',
  rule: 'Mini-batch SGD, with optional momentum, Nesterov and weight decay as `torch.optim.SGD`',
  defaults: { learningRate: 0.1, momentum: 0, nesterov: 0, weightDecay: 0, decayBiases: 1 },
  // Training a network with no --lr: the lesson's η = 3.0 (Nielsen's sigmoid network, quadratic cost).
  trainingLearningRate: 3,
  slots: ['b'],
  ranges: { momentum: '[0, 1)', nesterov: '{0, 1}', weightDecay: '[0, inf)', decayBiases: '{0, 1}' },
  check: (h) =>
    h.nesterov === 1 && h.momentum === 0 ? { hyperparameter: 'momentum', expected: '> 0 when nesterov = 1 (Nesterov momentum needs a momentum)' } : undefined,
  update({ params, grads, slots: { b }, h, groups }) {
    const { learningRate: gamma, momentum: mu, weightDecay } = h;
    if (mu === 0 && weightDecay === 0) {
      // Plain SGD, the lesson's rule θ ← θ − ηg: on the kernels (BLAS's axpy, four numbers at a time,
      // the same bits) when the vectors live there, else one multiply-add a number here.
      if (onVectorKernels(params, grads)) axpy(-gamma, grads, params);
      else for (let i = 0; i < params.length; i++) params[i]! -= gamma * grads[i]!;
      return;
    }
    const nesterov = h.nesterov === 1;
    for (let k = 0; k < groups.length; k++) {
      const { offset, length, bias } = groups[k]!;
      const lambda = bias && h.decayBiases === 0 ? 0 : weightDecay;
      for (let i = offset; i < offset + length; i++) {
        let g = grads[i]! + lambda * params[i]!;
        if (mu !== 0) {
          b[i] = mu * b[i]! + g;
          g = nesterov ? g + mu * b[i]! : b[i]!;
        }
        params[i]! -= gamma * g;
      }
    }
  },
});
