import { type Matrix, matrix, subview } from '@downhill/linalg';
import type { Activation } from './activations/activation.js';

/**
 * A fully connected layer: a = σ(a_prev · Wᵀ + b) for a batch.
 *
 * `weight` is (outputSize × inputSize) row-major, the PyTorch layout:
 * `weight[j * inputSize + k]` is Nielsen's w_jk, from input k to neuron j.
 * The layer owns no storage: `weight`, `bias`, `weightGrad` and `biasGrad` are
 * views into the network's single `params` and `grads` vectors (weight, then
 * bias), so an optimizer sees one long vector.
 */
export class Dense {
  /** The weights, outputSize × inputSize row-major (a view into the network's `params`). */
  readonly weight: Float32Array;
  /** The biases, one per neuron (a view into `params`). */
  readonly bias: Float32Array;
  /** ∂C/∂weight, in `weight`'s layout (a view into the network's `grads`). */
  readonly weightGrad: Float32Array;
  /** ∂C/∂bias (a view into `grads`). */
  readonly biasGrad: Float32Array;
  /** `weight` as a matrix, for the gemm kernels. */
  readonly weightMatrix: Matrix;
  /** `weightGrad` as a matrix, for the gemm kernels. */
  readonly weightGradMatrix: Matrix;

  /** Weights and biases of an `inputSize → outputSize` layer. */
  static parameterCount(inputSize: number, outputSize: number): number {
    return outputSize * inputSize + outputSize;
  }

  constructor(
    /** Inputs to each neuron: the previous layer's size. */
    readonly inputSize: number,
    /** Neurons in this layer. */
    readonly outputSize: number,
    /** The activation σ of its neurons. */
    readonly activation: Activation,
    params: Float32Array,
    grads: Float32Array,
    /** Where this layer's weights start in `params` and `grads`. */
    readonly offset: number,
  ) {
    const w = outputSize * inputSize;
    const end = offset + w + outputSize;
    if (params.length < end || grads.length < end) {
      throw new RangeError(`Dense: expected params and grads of at least ${end} numbers, found ${params.length} and ${grads.length}`);
    }
    // Views that keep the whole vectors alive (their memory may be the kernels').
    this.weight = subview(params, offset, offset + w);
    this.bias = subview(params, offset + w, end);
    this.weightGrad = subview(grads, offset, offset + w);
    this.biasGrad = subview(grads, offset + w, end);
    this.weightMatrix = matrix(outputSize, inputSize, this.weight);
    this.weightGradMatrix = matrix(outputSize, inputSize, this.weightGrad);
  }

  /** Its weights and biases: outputSize × inputSize + outputSize. */
  get parameterCount(): number {
    return Dense.parameterCount(this.inputSize, this.outputSize);
  }
}
