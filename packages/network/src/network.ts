import type { Cost } from '@downhill/cost';
import {
  type ElementwiseActivation,
  type Matrix,
  type Rng,
  ShapeMismatchError,
  SparseRows,
  activationBackward,
  addRowVector,
  allocFloat32,
  biasActivate,
  gemm,
  gemmABt,
  gemmAtB,
  hadamard,
  sumRows,
} from '@downhill/linalg';
import type { Activation } from './activations/activation.js';
import { identity } from './activations/identity.js';
import { getActivation } from './activations/registry.js';
import { relu } from './activations/relu.js';
import { sigmoid } from './activations/sigmoid.js';
import { tanh } from './activations/tanh.js';
import { Dense } from './dense.js';
import { IncompatibleCostError } from './errors.js';
import { type InitName, getInitializer } from './init.js';
import { type NetworkSpec, validateSpec } from './spec.js';
import { MatrixPool } from './workspace.js';

/** Options of `Network.create`. */
export interface CreateOptions {
  /** Every initial weight and bias is drawn from this generator. */
  rng: Rng;
  /** Default 'normal' (N(0, 1), as Nielsen's network.py). */
  init?: InitName;
}

/**
 * The activations linalg computes in one pass with the bias (z += b, a = σ(z))
 * and, backward, with the Hadamard product (δ ⊙= σ'(z)); the same arithmetic
 * as their own `apply` and `derivative` (network.test.ts checks it).
 */
const fusedActivations = new Map<Activation, ElementwiseActivation>([
  [sigmoid, 'sigmoid'],
  [tanh, 'tanh'],
  [relu, 'relu'],
  [identity, 'identity'],
]);

/** Weights and biases of a network with this spec. */
export function parameterCount(spec: NetworkSpec): number {
  let count = 0,
    inputs = spec.inputSize;
  for (const layer of spec.layers) {
    count += Dense.parameterCount(inputs, layer.units);
    inputs = layer.units;
  }
  return count;
}

/**
 * A dense feed-forward network, trained on mini-batches (one example per row).
 *
 * Indices: layer l = 0 … L is the l-th layer of weights (the input is not a
 * layer); zˡ is its weighted input, aˡ = σ(zˡ) its activation, δˡ = ∂C/∂zˡ its
 * error, and a⁻¹ is the input batch x.
 */
export class Network {
  /** The checked, frozen spec. */
  readonly spec: NetworkSpec;
  /** The layers, input side first (the input is not a layer). */
  readonly layers: Dense[];
  /** Every weight and bias in one vector, layer by layer: weight, then bias. */
  readonly params: Float32Array;
  /** ∂C/∂params, in the same layout, filled by `computeGradients`. */
  readonly grads: Float32Array;

  // The input batch's non-zeros, listed once per batch for the first layer's
  // forward product and its weight gradient (most of an image is 0): listed
  // here, or handed in listed (a SparseRows in x's place).
  private readonly input = new SparseRows();
  private listedInput: SparseRows = this.input;
  // Work buffers per batch size: forward (z, a) and backward (δ, and σ'(z) for activations without a fused kernel).
  private readonly weightedInputs: MatrixPool;
  private readonly activations: MatrixPool;
  private readonly deltas: MatrixPool;
  private readonly sigmaPrimes: MatrixPool;

  /** A network with fresh weights and biases drawn from `options.rng`. */
  static create(spec: NetworkSpec, options: CreateOptions): Network {
    const checked = validateSpec(spec);
    const initializer = getInitializer(options.init ?? 'normal');
    const network = new Network(checked, allocFloat32(parameterCount(checked)));
    for (const layer of network.layers) initializer.init(layer, options.rng);
    return network;
  }

  /** A network with the given weights and biases (copied), laid out as `params`. */
  static fromParams(spec: NetworkSpec, params: Float32Array): Network {
    const checked = validateSpec(spec);
    const count = parameterCount(checked);
    if (!(params instanceof Float32Array) || params.length !== count) {
      const found = params instanceof Float32Array ? `${params.length}` : String(params);
      throw new ShapeMismatchError('Network.fromParams', `a Float32Array of ${count} parameters`, found);
    }
    const copy = allocFloat32(count);
    copy.set(params);
    return new Network(checked, copy);
  }

  private constructor(spec: NetworkSpec, params: Float32Array) {
    this.spec = spec;
    // Allocated where the kernels work on them in place (linalg decides where).
    this.params = params;
    this.grads = allocFloat32(params.length);
    this.layers = [];
    let offset = 0,
      inputs = spec.inputSize;
    for (const { units, activation } of spec.layers) {
      const layer = new Dense(inputs, units, getActivation(activation), this.params, this.grads, offset);
      this.layers.push(layer);
      offset += layer.parameterCount;
      inputs = units;
    }
    const widths = spec.layers.map((layer) => layer.units);
    this.weightedInputs = new MatrixPool(widths);
    this.activations = new MatrixPool(widths);
    this.deltas = new MatrixPool(widths);
    this.sigmaPrimes = new MatrixPool(widths);
  }

  /** Number of weights and biases: the length of `params` (13,002 for 784-16-16-10). */
  get parameterCount(): number {
    return this.params.length;
  }

  /** Inputs per example (784 for MNIST). */
  get inputSize(): number {
    return this.spec.inputSize;
  }

  /** Outputs per example: the last layer's size. */
  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.outputSize;
  }

  /**
   * The output activations for the batch `x` (batch × inputSize), in a buffer
   * the network owns: valid until the next call of `forward` or `computeGradients`.
   */
  forward(x: Matrix): Matrix {
    const a = this.forwardLayers(x);
    return a[a.length - 1]!;
  }

  /**
   * The activations aˡ of every layer for the batch `x`, first hidden layer to
   * output (what the lesson's picture of the network lights up), in buffers the
   * network owns: valid until the next call of `forward` or `computeGradients`.
   * `x` may be a `SparseRows` that lists the batch (as `toBatch` fills one):
   * its list is used as it is, not made again.
   */
  forwardLayers(x: Matrix): readonly Matrix[] {
    if (x.cols !== this.spec.inputSize) {
      throw new ShapeMismatchError('Network.forward', `x with ${this.spec.inputSize} columns (one example per row)`, `${x.rows} × ${x.cols}`);
    }
    const z = this.weightedInputs.get(x.rows),
      a = this.activations.get(x.rows);
    // A SparseRows is taken as listed (the caller listed the batch, e.g. as it filled it).
    const listed = x instanceof SparseRows ? x : this.input.list(x);
    this.listedInput = listed;
    let input: Matrix = listed;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l]!;
      // zˡ = aˡ⁻¹ Wˡᵀ + bˡ,  aˡ = σ(zˡ)
      gemmABt(input, layer.weightMatrix, z[l]!);
      const fused = fusedActivations.get(layer.activation);
      if (fused) {
        biasActivate(z[l]!, layer.bias, fused, a[l]!);
      } else {
        addRowVector(z[l]!, layer.bias);
        layer.activation.apply(z[l]!, a[l]!);
      }
      input = a[l]!;
    }
    return a;
  }

  /**
   * Forward pass and backpropagation for the batch (x, y): fills `grads` with
   * the gradient of the batch-mean cost and returns the cost.
   */
  computeGradients(x: Matrix, y: Matrix, cost: Cost): number {
    const L = this.layers.length - 1;
    if (y.rows !== x.rows || y.cols !== this.outputSize) {
      throw new ShapeMismatchError('Network.computeGradients', `y of ${x.rows} × ${this.outputSize} (one target row per example)`, `${y.rows} × ${y.cols}`);
    }
    const fusedDelta = usesFusedDelta(this.layers[L]!.activation, cost);
    this.forward(x);
    const z = this.weightedInputs.get(x.rows),
      a = this.activations.get(x.rows);
    const delta = this.deltas.get(x.rows);

    // BP1: the output error δᴸ = ∇ₐC ⊙ σ'(zᴸ); for softmax + cross-entropy the
    // cost hands over δᴸ = (a − y)/n directly.
    if (fusedDelta) {
      cost.outputDelta!(a[L]!, y, delta[L]!);
    } else {
      cost.derivative(a[L]!, y, delta[L]!);
      this.timesSigmaPrime(L, delta[L]!, z[L]!, a[L]!);
    }

    // BP2: δˡ = (δˡ⁺¹ Wˡ⁺¹) ⊙ σ'(zˡ), back to the first layer (never to the input).
    for (let l = L - 1; l >= 0; l--) {
      gemm(delta[l + 1]!, this.layers[l + 1]!.weightMatrix, delta[l]!);
      this.timesSigmaPrime(l, delta[l]!, z[l]!, a[l]!);
    }

    for (let l = 0; l <= L; l++) {
      const layer = this.layers[l]!;
      // BP3: ∂C/∂bˡ = Σ over the batch's rows of δˡ
      sumRows(delta[l]!, layer.biasGrad);
      // BP4: ∂C/∂Wˡ = δˡᵀ aˡ⁻¹  (each example's outer product, summed over the batch;
      // for the first layer from the input's non-zeros listed in the forward pass)
      gemmAtB(delta[l]!, l === 0 ? this.listedInput : a[l - 1]!, layer.weightGradMatrix);
    }

    return cost.value(a[L]!, y);
  }

  /** δ ⊙= σ'(z) for layer l: one fused pass, or σ'(z) into a work buffer and the Hadamard product. */
  private timesSigmaPrime(l: number, delta: Matrix, z: Matrix, a: Matrix): void {
    const activation = this.layers[l]!.activation,
      kernel = fusedActivations.get(activation);
    if (kernel) {
      activationBackward(delta, z, a, kernel);
    } else {
      const sigmaPrime = this.sigmaPrimes.get(delta.rows)[l]!;
      activation.derivative(z, a, sigmaPrime);
      hadamard(delta.data, sigmaPrime.data);
    }
  }

  /** A small table: each layer's shape, activation and parameter count, and the total. */
  describe(): string {
    const rows = [['layer', 'shape', 'activation', 'parameters']];
    this.layers.forEach((layer, l) => {
      rows.push([String(l), `${layer.inputSize} → ${layer.outputSize}`, layer.activation.name, thousands(layer.parameterCount)]);
    });
    rows.push(['total', '', '', thousands(this.parameterCount)]);
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    return rows
      .map((r) =>
        r
          .map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n');
  }
}

/**
 * Whether BP1 takes δᴸ from the cost (softmax + a cost fused with it), or
 * computes ∇ₐC ⊙ σ'(zᴸ). Any other pairing of softmax and cost is an error.
 */
function usesFusedDelta(output: Activation, cost: Cost): boolean {
  if (output.elementwise) {
    if (cost.fusedActivation !== undefined) {
      throw new IncompatibleCostError(
        `a ${cost.fusedActivation} output layer for cost '${cost.name}' (e.g. sequentialSpec(sizes, hidden, '${cost.fusedActivation}'))`,
        `output activation '${output.name}'`,
      );
    }
    return false;
  }
  if (cost.fusedActivation !== output.name || cost.outputDelta === undefined) {
    throw new IncompatibleCostError(`a cost fused with ${output.name} (e.g. 'cross-entropy') for a ${output.name} output layer`, `cost '${cost.name}'`);
  }
  return true;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
