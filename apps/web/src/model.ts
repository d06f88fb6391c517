// Settings → the network, cost and optimizer of a run (in the worker), and the
// network's answer for one picture (on the page). Wiring only: the maths is in
// the packages.
import { type Cost, getCost } from '@downhill/cost';
import { scalePixels } from '@downhill/datasets';
import { matrix, Rng } from '@downhill/linalg';
import { defaultInit, type InitName, Network, type NetworkSpec, sequentialSpec } from '@downhill/network';
import { createOptimizer, getOptimizer, type Optimizer } from '@downhill/optim';
import type { Settings } from './settings.js';

export interface Run {
  readonly spec: NetworkSpec;
  readonly init: InitName;
  readonly cost: Cost;
  readonly network: Network;
  readonly optimizer: Optimizer;
  /** Initialises the weights, then shuffles the examples each epoch. */
  readonly rng: Rng;
}

/** The CLI's choices: softmax output with cross-entropy (else sigmoid), LeCun init for sigmoid, He for ReLU, else Xavier. */
export function createRun(settings: Settings): Run {
  const cost = getCost(settings.cost);
  const spec = sequentialSpec([...settings.layers], settings.activation, cost.fusedActivation ?? 'sigmoid');
  const init = defaultInit(settings.activation);
  const rng = new Rng(settings.seed);
  const network = Network.create(spec, { rng, init });
  const optimizer = createOptimizer(getOptimizer(settings.optimizer), network.params.length, { learningRate: settings.learningRate });
  return { spec, init, cost, network, optimizer, rng };
}

/** The network's output activations for one 28×28 picture (bytes, white ink on black, as MNIST). */
export function predict(network: Network, pixels: Uint8Array): Float32Array {
  // The same scaling of bytes to inputs as in training.
  return network.forward(matrix(1, pixels.length, scalePixels(pixels))).data.slice();
}
