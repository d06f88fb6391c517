import type { Network } from './network.js';

/** One layer's weight matrix or bias vector, as a named, shaped piece of `network.params`. */
export interface ParameterTensor {
  /** `layers.<l>.weight` or `layers.<l>.bias`: the tensor names of a model file. */
  readonly name: string;
  /** [out, in] for a weight matrix (row-major), [out] for a bias. */
  readonly shape: readonly number[];
  /** Where it starts in `network.params` (and `network.grads`). */
  readonly offset: number;
  /** How many numbers it has: the product of `shape`. */
  readonly length: number;
}

/**
 * The network's parameter vector seen as its tensors, in order: each layer's
 * weight, then its bias. What an optimizer that works layer by layer (LAMB),
 * or decays weights but not biases, needs:
 * `createOptimizer(definition, network.params.length, hyper, { groups: parameterGroups(network) })`.
 */
export function parameterGroups(network: Network): ParameterTensor[] {
  return network.layers.flatMap((layer, l) => [
    { name: `layers.${l}.weight`, shape: [layer.outputSize, layer.inputSize], offset: layer.offset, length: layer.weight.length },
    { name: `layers.${l}.bias`, shape: [layer.outputSize], offset: layer.offset + layer.weight.length, length: layer.bias.length },
  ]);
}
