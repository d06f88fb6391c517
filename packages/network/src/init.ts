import type { Rng } from '@downhill/linalg';
import type { ActivationName } from './activations/activation.js';
import type { Dense } from './dense.js';
import { UnknownNameError } from './errors.js';

/** The name of every built-in initializer. */
export type InitName = 'normal' | 'lecun' | 'xavier' | 'he';

/** How a layer's first weights and biases are drawn. */
export interface Initializer {
  /** Its name in the registry and on the command line. */
  readonly name: InitName;
  /** One line for `--help`. */
  readonly summary: string;
  /** Fill the layer's weights, then its biases, from `rng`. */
  init(layer: Dense, rng: Rng): void;
}

/** Every initialiser by name. */
export const initializers: ReadonlyMap<InitName, Initializer> = new Map<InitName, Initializer>([
  [
    'normal',
    {
      name: 'normal',
      summary: "N(0, 1) weights and biases, as Nielsen's network.py",
      init(layer, rng) {
        rng.fillNormal(layer.weight, 0, 1);
        rng.fillNormal(layer.bias, 0, 1);
      },
    },
  ],
  [
    'lecun',
    {
      name: 'lecun',
      // N(0, 1) weights make a sigmoid neuron with 784 inputs start saturated
      // (z has a standard deviation of ~10), so it learns slowly; scaling by
      // 1/√in keeps z near 1 (LeCun et al. 1998). Biases stay N(0, 1), as in
      // Nielsen's network2.py ("improved" initialisation, ch. 3).
      summary: "LeCun normal weights N(0, 1/in), biases N(0, 1): Nielsen's improved initialisation for sigmoid neurons",
      init(layer, rng) {
        rng.fillNormal(layer.weight, 0, 1 / Math.sqrt(layer.inputSize));
        rng.fillNormal(layer.bias, 0, 1);
      },
    },
  ],
  [
    'xavier',
    {
      name: 'xavier',
      // Keeps the variance of activations and of gradients about equal across
      // layers for tanh/sigmoid-like units (Glorot & Bengio 2010).
      summary: 'Glorot normal: weights N(0, 2/(in + out)), biases 0',
      init(layer, rng) {
        rng.fillNormal(layer.weight, 0, Math.sqrt(2 / (layer.inputSize + layer.outputSize)));
        layer.bias.fill(0);
      },
    },
  ],
  [
    'he',
    {
      name: 'he',
      // ReLU zeroes half its inputs, so twice the variance keeps signals alive (He et al. 2015).
      summary: 'He normal: weights N(0, 2/in), biases 0 (for ReLU)',
      init(layer, rng) {
        rng.fillNormal(layer.weight, 0, Math.sqrt(2 / layer.inputSize));
        layer.bias.fill(0);
      },
    },
  ],
]);

/** The initialiser registered as `name`; throws UnknownNameError listing the valid names. */
export function getInitializer(name: string): Initializer {
  const found = initializers.get(name as InitName);
  if (found === undefined) throw new UnknownNameError('initialiser', name, [...initializers.keys()]);
  return found;
}

/**
 * The initialiser that suits a layer of `activation` neurons: LeCun for
 * sigmoid (Nielsen's improved initialisation), He for ReLU, Glorot (Xavier)
 * for the rest.
 */
export function defaultInit(activation: ActivationName): InitName {
  return activation === 'sigmoid' ? 'lecun' : activation === 'relu' ? 'he' : 'xavier';
}
