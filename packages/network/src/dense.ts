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
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly weightGrad: Float32Array;
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
    readonly inputSize: number,
    readonly outputSize: number,
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

  get parameterCount(): number {
    return Dense.parameterCount(this.inputSize, this.outputSize);
  }
}
