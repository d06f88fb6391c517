// downhill's side of the comparison, through its public API as the CLI uses
// it: createRun and train from @downhill/train.
// Also the two things the TF.js side copies from it so both train the same
// network the same way: the initial weights and the epoch's batch order.
import type { Cost } from '@downhill/cost';
import type { LabeledImages } from '@downhill/datasets';
import * as linalg from '@downhill/linalg';
import type { Network } from '@downhill/network';
import type { Optimizer } from '@downhill/optim';
import { createRun, evaluate, imageExamples, train } from '@downhill/train';
import { adamHyperparameters, type Workload } from './workloads.js';

/** One epoch of `workload` as downhill runs it, set up but not yet trained. */
export interface DownhillRun {
  readonly network: Network;
  readonly cost: Cost;
  readonly optimizer: Optimizer;
  /** The weights before any training (downhill's layout: per layer W, out × in row-major, then b). */
  readonly initial: Float32Array;
  /**
   * The example order of the first epoch: what `train` will draw from the
   * generator (it starts each epoch from the identity order and shuffles it
   * with the run's Rng), worked out beforehand on a copy of that generator.
   */
  readonly order: Uint32Array;
  /** Train one epoch with @downhill/train's loop. */
  epoch(): Promise<void>;
  /** Accuracy on `set` (all of it). */
  accuracy(set: LabeledImages): number;
}

export function downhillRun(workload: Workload, set: LabeledImages, seed = 1): DownhillRun {
  const run = createRun({
    layers: workload.sizes,
    activation: workload.hidden,
    output: workload.output,
    cost: workload.cost,
    init: workload.init,
    optimizer: workload.optimizer,
    learningRate: workload.learningRate,
    hyperparameters: workload.optimizer === 'adam' ? adamHyperparameters : {},
    batch: workload.batch,
    epochs: 1,
    seed,
    averageFrom: null,
  });
  const { network, cost, optimizer, rng } = run;
  const initial = network.params.slice();
  const examples = imageExamples(set);

  const copy = new linalg.Rng(seed);
  copy.setState(rng.getState());
  const order = copy.shuffle(Uint32Array.from({ length: set.count }, (_, i) => i));

  return {
    network,
    cost,
    optimizer,
    initial,
    order,
    async epoch() {
      await train({ ...run.trainOptions, train: examples, trainAccuracy: false });
    },
    accuracy: (test) => evaluate(network, imageExamples(test)).accuracy,
  };
}

/**
 * The kernel backend @downhill/linalg says is active. The WebAssembly backend
 * is being written; its switch is DOWNHILL_KERNELS=js|wasm and linalg is to
 * say which one runs through `kernelBackend()`. Until linalg exports that
 * function, only the JavaScript kernels exist, and this says 'js' whatever
 * DOWNHILL_KERNELS asks for, so a downhill-wasm row is never faked.
 */
export async function kernelBackend(): Promise<string> {
  const probe = (linalg as unknown as Record<string, unknown>).kernelBackend;
  if (typeof probe !== 'function') return 'js';
  return String(await (probe as () => unknown)());
}
