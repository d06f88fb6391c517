import type { ActivationName } from './activations/activation.js';
import { activations, isActivationName } from './activations/registry.js';
import { NetworkSpecError, brief } from './errors.js';

/** One dense layer: how many neurons, and their activation function. */
export interface LayerSpec {
  /** Neurons in the layer. */
  units: number;
  /** Their activation function. */
  activation: ActivationName;
}

/** A feed-forward network: the input size, then each layer in order (the last is the output). */
export interface NetworkSpec {
  /** Inputs per example (784 for MNIST's 28 × 28 pixels). */
  inputSize: number;
  /** The layers in order, input side first; the last is the output layer. */
  layers: LayerSpec[];
}

/**
 * The spec for the usual stack of dense layers: `sizes` as in Nielsen's
 * `Network([784, 16, 16, 10])`, `hidden` for every hidden layer and `output`
 * (default: `hidden`) for the last.
 */
export function sequentialSpec(sizes: number[], hidden: ActivationName, output: ActivationName = hidden): NetworkSpec {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new NetworkSpecError('sequentialSpec', 'at least two sizes (input and output)', brief(sizes));
  }
  const spec: NetworkSpec = {
    inputSize: sizes[0]!,
    layers: sizes.slice(1).map((units, i) => ({ units, activation: i === sizes.length - 2 ? output : hidden })),
  };
  return validateSpec(spec);
}

/** The most weights and biases a network may have: they share one Float32Array, which V8 caps at 2³² − 1 elements. */
export const MAX_PARAMETERS = 2 ** 32 - 1;

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}

/**
 * A checked, frozen copy of `spec` holding only the fields a network uses.
 * It also checks specs parsed from JSON, so every field's type is checked.
 */
export function validateSpec(spec: unknown): NetworkSpec {
  if (typeof spec !== 'object' || spec === null) throw new NetworkSpecError('spec', 'an object { inputSize, layers }', brief(spec));
  const { inputSize, layers } = spec as Partial<NetworkSpec>;
  if (!isPositiveInteger(inputSize)) throw new NetworkSpecError('spec.inputSize', 'a positive integer', brief(inputSize));
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new NetworkSpecError('spec.layers', 'a non-empty array of { units, activation }', brief(layers));
  }
  let weights = 0,
    inputs = inputSize;
  const checked = layers.map((layer: unknown, i): LayerSpec => {
    const where = `spec.layers[${i}]`;
    if (typeof layer !== 'object' || layer === null) throw new NetworkSpecError(where, 'an object { units, activation }', brief(layer));
    const { units, activation } = layer as Partial<LayerSpec>;
    if (!isPositiveInteger(units)) throw new NetworkSpecError(`${where}.units`, 'a positive integer', brief(units));
    if (!isActivationName(activation)) {
      throw new NetworkSpecError(`${where}.activation`, `one of ${[...activations.keys()].join(', ')}`, brief(activation));
    }
    // The weights and biases live in one Float32Array, so they must fit in one.
    weights += units * (inputs + 1);
    inputs = units;
    if (weights > MAX_PARAMETERS) {
      throw new NetworkSpecError(
        `${where}.units`,
        `at most ${MAX_PARAMETERS} weights and biases in all (one Float32Array)`,
        `${units} units, making ${weights}`,
      );
    }
    // Softmax has no elementwise σ', so backprop can only pass through it when
    // the cost supplies ∂C/∂z itself: that is, in the output layer.
    if (activation === 'softmax' && i !== layers.length - 1) {
      throw new NetworkSpecError(`${where}.activation`, 'softmax only in the output (last) layer', `softmax in hidden layer ${i}`);
    }
    return Object.freeze({ units, activation });
  });
  return Object.freeze({ inputSize, layers: Object.freeze(checked) as LayerSpec[] });
}
