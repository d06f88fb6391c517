// Settings → the network, cost and optimizer of a run (in the worker), and the
// network's answer for one picture (on the page). Wiring only: the maths is in
// the packages.
import { scalePixels } from '@downhill/datasets';
import { matrix } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { createRun as createTrainingRun, type Run } from '@downhill/train';
import type { Settings } from './settings.js';

/**
 * The page's settings as a run of `@downhill/train` (the CLI's defaults: softmax
 * output with cross-entropy, LeCun init for sigmoid, He for ReLU; no weight
 * averaging, since the page shows the weights as they move).
 */
export function createRun(settings: Settings): Run {
  return createTrainingRun({
    layers: settings.layers,
    activation: settings.activation,
    cost: settings.cost,
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    batch: settings.batchSize,
    epochs: settings.epochs,
    seed: settings.seed,
    averageFrom: null,
  });
}

/** The network's output activations for one 28×28 picture (bytes, white ink on black, as MNIST). */
export function predict(network: Network, pixels: Uint8Array): Float32Array {
  // The same scaling of bytes to inputs as in training.
  return network.forward(matrix(1, pixels.length, scalePixels(pixels))).data.slice();
}
