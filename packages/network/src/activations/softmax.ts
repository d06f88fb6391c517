import type { Matrix } from '@downhill/linalg';
import type { Activation } from './activation.js';
import { assertSameShape } from './same-shape.js';
import { DownhillError } from '../errors.js';

/** Thrown when softmax's derivative is asked for as if it were elementwise. */
export class SoftmaxDerivativeError extends DownhillError {
  override readonly code = 'SOFTMAX_DERIVATIVE';
  override name = 'SoftmaxDerivativeError';
  constructor() {
    super(
      'softmax.derivative: expected softmax only as the output layer under a cost with ' +
        "fusedActivation 'softmax' (e.g. cross-entropy), which supplies ∂C/∂z directly, found a request for an elementwise σ'(z)",
    );
  }
}

/**
 * Softmax over each row, aⱼ = e^{zⱼ} / Σₖ e^{zₖ}: outputs that are positive and
 * sum to 1, read as the network's probabilities for the classes.
 */
export const softmax: Activation = {
  name: 'softmax',
  summary: 'softmax over each row (probabilities); output layer with cross-entropy only',
  elementwise: false,
  apply(z: Matrix, out: Matrix): Matrix {
    assertSameShape('softmax.apply', z, out);
    const Z = z.data,
      O = out.data,
      n = z.cols;
    for (let i = 0; i < z.rows; i++) {
      const o = i * n;
      // Subtracting the row's maximum changes nothing mathematically and keeps
      // every exp ≤ 1, so large z cannot overflow to Infinity/NaN.
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (Z[o + j]! > max) max = Z[o + j]!;
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(Z[o + j]! - max);
        O[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) O[o + j]! *= inv;
    }
    return out;
  },
  derivative(): Matrix {
    // Its Jacobian is not diagonal; the fused cost gives δᴸ = (a − y)/n instead.
    throw new SoftmaxDerivativeError();
  },
};
