import type { LabeledImages } from '@downhill/datasets';
import { matrix } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { UsageError } from '../errors.js';

/** The activations of every layer for one input, input first. */
export function layerActivations(network: Network, input: Float32Array): Float32Array[] {
  const layers = network.forwardLayers(matrix(1, input.length, input));
  return [input, ...layers.map((a) => a.data.slice())];
}

/** Test image `index` of a set, checked against the set and the network. */
export function pickImage(set: LabeledImages, index: number, network: Network, modelPath: string): { pixels: Uint8Array; label: number } {
  if (index >= set.count) throw new UsageError(`--index: expected a test image number below ${set.count}, found ${index}`);
  const size = set.rows * set.cols;
  if (size !== network.spec.inputSize) {
    throw new UsageError(`${modelPath}: the model expects ${network.spec.inputSize} inputs, the images have ${set.rows}×${set.cols} = ${size} pixels`);
  }
  return { pixels: set.pixels.subarray(index * size, (index + 1) * size), label: set.labels[index]! };
}

/** The side of the square image a layer of `inputs` weights per neuron shows, or an error saying why it cannot. */
export function squareSide(inputs: number, what: string): number {
  const side = Math.round(Math.sqrt(inputs));
  if (side * side !== inputs)
    throw new UsageError(`${what}: the first layer has ${inputs} inputs per neuron, not a square image, so its weights cannot be drawn as tiles`);
  return side;
}
