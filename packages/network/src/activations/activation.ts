import type { Matrix } from '@downhill/linalg';

/** The name of every built-in activation. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'identity' | 'softmax';

/**
 * An activation function σ, applied to a layer's weighted input z (one example
 * per row) to give its activation a = σ(z).
 */
export interface Activation {
  /** Its name in the registry, in model files and on the command line. */
  readonly name: ActivationName;
  /** One line for `--help` and the web demo's menu. */
  readonly summary: string;
  /**
   * True when σ acts on each entry alone, so σ'(z) is a matrix of the shape of
   * z and backprop's ⊙ σ'(z) applies. Softmax mixes a row and is not.
   */
  readonly elementwise: boolean;
  /** a = σ(z), written into `out` (which may be `z` itself); returns `out`. */
  apply(z: Matrix, out: Matrix): Matrix;
  /**
   * σ'(z), written into `out`, given both z and a = σ(z) so each function can
   * use whichever is cheaper (σ' = a(1 − a) for the sigmoid). `out` may alias
   * either input.
   */
  derivative(z: Matrix, a: Matrix, out: Matrix): Matrix;
}
