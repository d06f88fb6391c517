import { defineOptimizer } from './define.js';

/**
 * LAMB (You et al. 2020, "Large Batch Optimization for Deep Learning:
 * Training BERT in 76 Minutes", Algorithm 2): Adam's direction plus decoupled
 * weight decay, rescaled layer by layer so that each layer moves by η times
 * its own norm: a trust ratio ‖θ⁽ˡ⁾‖ / ‖r⁽ˡ⁾ + λθ⁽ˡ⁾‖ per parameter group
 * (each weight matrix and bias vector of a network; the whole vector when
 * there are no groups). With φ the identity, and a ratio of 1 when either
 * norm is 0:
 *
 *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t,   v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
 *   r_t ← (m_t / (1 − β₁ᵗ)) / (√(v_t / (1 − β₂ᵗ)) + ε)
 *   θ⁽ˡ⁾_t ← θ⁽ˡ⁾_{t−1} − η (‖θ⁽ˡ⁾_{t−1}‖ / ‖r⁽ˡ⁾_t + λθ⁽ˡ⁾_{t−1}‖) (r⁽ˡ⁾_t + λθ⁽ˡ⁾_{t−1})
 *
 * decayBiases = 0 leaves the bias vectors out of the decay (λ = 0 for them).
 */
export const lamb = defineOptimizer({
  name: 'lamb',
  summary: 'LAMB (You et al. 2020): Adam with decoupled decay, each layer stepping by η times its own norm',
  rule: 'LAMB (You et al. 2020): per layer l, u = m̂/(√v̂ + ε) + λw, w⁽ˡ⁾ ← w⁽ˡ⁾ − η(‖w⁽ˡ⁾‖/‖u⁽ˡ⁾‖)u⁽ˡ⁾',
  defaults: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-6, weightDecay: 0.01, decayBiases: 1 },
  ranges: { beta1: '[0, 1)', beta2: '[0, 1)', epsilon: '(0, inf)', weightDecay: '[0, inf)', decayBiases: '{0, 1}' },
  slots: ['m', 'v'],
  update({ params, grads, slots: { m, v }, h, t, groups }) {
    const { learningRate: eta, beta1, beta2, epsilon, weightDecay } = h;
    const c1 = 1 - beta1 ** t,
      invRootC2 = 1 / Math.sqrt(1 - beta2 ** t);
    for (let k = 0; k < groups.length; k++) {
      const { offset, length, bias } = groups[k]!;
      const end = offset + length;
      const lambda = bias && h.decayBiases === 0 ? 0 : weightDecay;
      // First pass: the moments, and the norms of θ and of u = r + λθ over the layer.
      let thetaSquares = 0,
        updateSquares = 0;
      for (let i = offset; i < end; i++) {
        const g = grads[i]!,
          theta = params[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        const u = m[i]! / c1 / (Math.sqrt(v[i]!) * invRootC2 + epsilon) + lambda * theta;
        thetaSquares += theta * theta;
        updateSquares += u * u;
      }
      const trust = thetaSquares > 0 && updateSquares > 0 ? Math.sqrt(thetaSquares / updateSquares) : 1;
      // Second pass: the same u (from the stored m and v), scaled by the layer's trust ratio.
      const stepSize = eta * trust;
      for (let i = offset; i < end; i++) {
        const theta = params[i]!;
        params[i] = theta - stepSize * (m[i]! / c1 / (Math.sqrt(v[i]!) * invRootC2 + epsilon) + lambda * theta);
      }
    }
  },
});
