import type { Matrix } from '@downhill/linalg';
import { type Cost, checkShapes } from './cost.js';

/**
 * Outputs are clamped at this before the log, so a softmax output that
 * underflowed to 0 gives a large but finite cost (−ln 1e-12 ≈ 27.6 per example)
 * rather than Infinity.
 */
export const LOG_EPSILON = 1e-12;

/**
 * Softmax cross-entropy, for a softmax output layer and one-hot targets:
 *
 *   C = −1/n Σₓ Σⱼ yⱼ ln aⱼ,   a = softmax(z)
 *
 * Through the softmax the gradient with respect to the weighted input is just
 * ∂C/∂z = (a − y)/n (`outputDelta`), which is why a network fuses the two: no
 * Jacobian, and no σ' to make learning slow when an output is badly wrong
 * (Nielsen ch. 3). The plain ∂C/∂a = −y/(n a) is there for completeness.
 */
export const softmaxCrossEntropy: Cost = {
  name: 'cross-entropy',
  summary: 'softmax cross-entropy: C = −1/n Σ Σⱼ yⱼ ln aⱼ, fused with a softmax output layer',
  fusedActivation: 'softmax',

  value(a: Matrix, y: Matrix): number {
    checkShapes('softmaxCrossEntropy.value', a, y);
    const A = a.data,
      Y = y.data;
    let sum = 0;
    for (let i = 0; i < A.length; i++) {
      const yi = Y[i]!;
      // Skipping y = 0 is exact (0 · ln a = 0) and saves a log per wrong class.
      if (yi !== 0) sum -= yi * Math.log(Math.max(A[i]!, LOG_EPSILON));
    }
    return sum / a.rows;
  },

  derivative(a: Matrix, y: Matrix, out: Matrix): Matrix {
    checkShapes('softmaxCrossEntropy.derivative', a, y, out);
    const A = a.data,
      Y = y.data,
      O = out.data;
    const n = a.rows;
    for (let i = 0; i < A.length; i++) {
      const yi = Y[i]!;
      O[i] = yi === 0 ? 0 : -yi / (n * Math.max(A[i]!, LOG_EPSILON));
    }
    return out;
  },

  outputDelta(a: Matrix, y: Matrix, out: Matrix): Matrix {
    checkShapes('softmaxCrossEntropy.outputDelta', a, y, out);
    const A = a.data,
      Y = y.data,
      O = out.data;
    const inv = 1 / a.rows;
    for (let i = 0; i < A.length; i++) O[i] = (A[i]! - Y[i]!) * inv;
    return out;
  },
};
