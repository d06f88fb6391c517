import { type Matrix, ShapeMismatchError } from '@downhill/linalg';

/**
 * A cost function C(a, y) over a mini-batch: how lousy the network's output
 * activations `a` are against the targets `y` (both batch × k, one example per
 * row; for classification `y` holds one-hot rows).
 *
 * `value` is the MEAN over the batch, and `derivative` writes ∂C/∂a including
 * that 1/n, so a network's gradient is the gradient of the batch-mean cost and
 * the learning rate does not depend on the batch size.
 */
export interface Cost {
  /** Registry name, e.g. 'quadratic'. */
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** C, the mean cost over the batch. */
  value(a: Matrix, y: Matrix): number;
  /** ∂C/∂a written into `out` (same shape as `a`); returns `out`. */
  derivative(a: Matrix, y: Matrix, out: Matrix): Matrix;
  /**
   * Set when the cost is meant to sit on top of this output activation, and
   * the gradient with respect to the weighted input z is simpler than going
   * through ∂C/∂a and the activation's Jacobian.
   */
  readonly fusedActivation?: 'softmax';
  /** ∂C/∂z for the fused activation: the output layer's δᴸ directly. */
  outputDelta?(a: Matrix, y: Matrix, out: Matrix): Matrix;
}

/** Throws ShapeMismatchError unless a, y (and out) have one shape and at least one row. */
export function checkShapes(operation: string, a: Matrix, y: Matrix, out?: Matrix): void {
  if (y.rows !== a.rows || y.cols !== a.cols) {
    throw new ShapeMismatchError(operation, `targets y of the same shape as a (${a.rows} × ${a.cols})`, `${y.rows} × ${y.cols}`);
  }
  if (out !== undefined && (out.rows !== a.rows || out.cols !== a.cols)) {
    throw new ShapeMismatchError(operation, `out of the same shape as a (${a.rows} × ${a.cols})`, `${out.rows} × ${out.cols}`);
  }
  // A mean over zero examples is 0/0; better to say so than to return NaN.
  if (a.rows === 0) throw new ShapeMismatchError(operation, 'a batch of at least one example (row)', '0 rows');
}
