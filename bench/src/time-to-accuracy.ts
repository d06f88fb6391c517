// How long a training setup takes to reach a test accuracy: the lesson's
// "with the usual tweaks, about 98 %", timed. run.ts passes it the run of
// `downhill train --preset tweaks` (runPresets.get('tweaks'), set up by createRun).
import type { Cost } from '@downhill/cost';
import type { Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import type { Optimizer } from '@downhill/optim';
import { type Examples, train, type WeightAverage } from '@downhill/train';

export interface TrainingSetup {
  readonly network: Network;
  readonly cost: Cost;
  readonly optimizer: Optimizer;
  readonly rng: Rng;
  readonly batchSize: number;
  /** Weight averaging, when the setup uses it: then the averaged weights' accuracy counts. */
  readonly average?: WeightAverage;
}

export interface TimeToAccuracy {
  readonly reached: boolean;
  /** Epochs trained: the first that reached the target, or maxEpochs. */
  readonly epochs: number;
  /** Test accuracy after the last epoch trained. */
  readonly accuracy: number;
  /** Wall-clock seconds from the first step to the end of the last epoch, the test evaluations included. */
  readonly seconds: number;
  /** The epochs' own seconds (train's EpochResult.seconds): the steps alone. */
  readonly trainingSeconds: number;
}

/** Train `setup` epoch by epoch until its test accuracy reaches `target` (a fraction) or `maxEpochs` have run. */
export async function timeToAccuracy(
  setup: TrainingSetup,
  data: { readonly train: Examples; readonly test: Examples },
  target: number,
  maxEpochs: number,
): Promise<TimeToAccuracy> {
  if (!(target > 0 && target <= 1)) throw new RangeError(`timeToAccuracy: expected a target accuracy in (0, 1], found ${target}`);
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw new RangeError(`timeToAccuracy: expected maxEpochs ≥ 1, found ${maxEpochs}`);
  const started = performance.now();
  let trainingSeconds = 0,
    accuracy = 0,
    epochs = 0;
  // One call per epoch (train continues a run from firstEpoch, shuffling as an unbroken run would).
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    const result = await train({
      network: setup.network,
      cost: setup.cost,
      optimizer: setup.optimizer,
      rng: setup.rng,
      batchSize: setup.batchSize,
      train: data.train,
      test: data.test,
      epochs: epoch,
      firstEpoch: epoch,
      trainAccuracy: false,
      ...(setup.average ? { average: setup.average } : {}),
    });
    const last = result.epochs.at(-1)!;
    trainingSeconds += last.seconds;
    accuracy = last.averageTestAccuracy ?? last.testAccuracy ?? 0;
    epochs = epoch;
    if (accuracy >= target) break;
  }
  return { reached: accuracy >= target, epochs, accuracy, seconds: (performance.now() - started) / 1000, trainingSeconds };
}
