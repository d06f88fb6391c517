import type { Rng } from '@downhill/linalg';
import { loadModel, ModelFormatError, type Network, saveModel } from '@downhill/network';
import type { Optimizer, OptimizerState } from '@downhill/optim';
import type { TrainPosition } from './train.js';
import type { WeightAverage } from './weight-average.js';

// A checkpoint is a model file (any safetensors reader opens its layers) that
// also carries what a run needs to continue bit-identically: the optimizer's
// name, hyperparameters, step count and state slots (as tensors
// `optimizer.<slot>`), the random generator's state and the epoch reached,
// and, when the run averages its weights, the mean so far (`average.params`).

export interface Checkpoint {
  readonly network: Network;
  readonly optimizer: OptimizerState;
  /** The last finished epoch. */
  readonly epoch: number;
  /**
   * Where in epoch `epoch + 1` the run stopped, when it was interrupted part-way
   * through one (continue with `train({ resumeAt: position })`); the generator
   * state is then the one at the start of that epoch.
   */
  readonly position?: TrainPosition;
  readonly rngState: number[];
  /** The weight average so far, if the run keeps one (see WeightAverage.restore). */
  readonly average?: { readonly from: number; readonly count: number; readonly params: Float32Array };
  /** The caller's metadata (string → string). */
  readonly metadata: Record<string, string>;
}

const slotPrefix = 'optimizer.';
const averageTensor = 'average.params';

export function saveCheckpoint(options: {
  network: Network;
  optimizer: Optimizer;
  rng: Rng;
  epoch: number;
  average?: WeightAverage;
  /** Part-way through epoch `epoch + 1` (from a `TrainingInterrupted`). */
  position?: TrainPosition;
  metadata?: Record<string, string>;
}): Uint8Array {
  const { name, hyper, t, slots } = options.optimizer.state();
  const { average } = options;
  const tensors = Object.keys(slots)
    .sort()
    .map((slot) => ({ name: `${slotPrefix}${slot}`, dtype: 'F32' as const, shape: [slots[slot]!.length], data: slots[slot]! }));
  if (average) tensors.push({ name: averageTensor, dtype: 'F32', shape: [average.params.length], data: average.params });
  return saveModel(
    options.network,
    {
      ...options.metadata,
      checkpoint: JSON.stringify({
        epoch: options.epoch,
        optimizer: { name, hyper, t },
        rng: options.rng.getState(),
        ...(options.position ? { position: options.position } : {}),
        ...(average ? { average: { from: average.from, count: average.count } } : {}),
      }),
    },
    tensors,
  );
}

export function loadCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const { network, metadata, extraTensors } = loadModel(bytes, source, { extraTensorPrefix: [slotPrefix, averageTensor] });
  const { checkpoint, ...rest } = metadata;
  if (checkpoint === undefined) {
    throw new ModelFormatError(source, 'not a checkpoint', '__metadata__.checkpoint (written by downhill train --checkpoint)', 'a plain model file');
  }
  let parsed: {
    epoch: number;
    optimizer: { name: string; hyper: Record<string, number>; t: number };
    rng: number[];
    average?: { from: number; count: number };
    position?: TrainPosition;
  };
  try {
    parsed = JSON.parse(checkpoint);
  } catch (error) {
    throw new ModelFormatError(source, 'checkpoint metadata is not JSON', 'JSON', (error as Error).message);
  }
  const { epoch, optimizer, rng } = parsed;
  if (!Number.isInteger(epoch) || epoch < 0 || !optimizer || typeof optimizer.name !== 'string' || !Array.isArray(rng)) {
    throw new ModelFormatError(source, 'checkpoint metadata is incomplete', '{ epoch, optimizer: { name, hyper, t }, rng }', checkpoint.slice(0, 80));
  }
  const position = parsed.position === undefined ? undefined : checkPosition(parsed.position, epoch, source);
  // JSON turns NaN (no spare normal draw kept) into null.
  const rngState = rng.map((x) => (x === null ? Number.NaN : x));
  const slots: Record<string, Float32Array> = {};
  for (const [name, tensor] of extraTensors) if (name.startsWith(slotPrefix)) slots[name.slice(slotPrefix.length)] = tensor.data;
  const averaged = extraTensors.get(averageTensor);
  let average: Checkpoint['average'];
  if (parsed.average !== undefined || averaged !== undefined) {
    const { from, count } = parsed.average ?? {};
    if (averaged === undefined || averaged.data.length !== network.params.length || !Number.isInteger(from) || !Number.isInteger(count)) {
      throw new ModelFormatError(
        source, 'checkpoint weight average is incomplete',
        `tensor '${averageTensor}' of ${network.params.length} numbers and checkpoint.average { from, count }`,
        `${averaged ? `${averaged.data.length} numbers` : 'no tensor'} and ${JSON.stringify(parsed.average ?? null)}`,
      );
    }
    average = { from: from!, count: count!, params: averaged.data };
  }
  return { network, optimizer: { ...optimizer, slots }, epoch, rngState, ...(position ? { position } : {}), ...(average ? { average } : {}), metadata: rest };
}

/** A saved position: part-way through the epoch after the last finished one, counts whole and sums finite. */
function checkPosition(position: unknown, epoch: number, source: string): TrainPosition {
  const p = position as Partial<TrainPosition> | null;
  const count = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (
    typeof p !== 'object' || p === null || p.epoch !== epoch + 1 || !count(p.batch) || !count(p.examples) ||
    typeof p.costSum !== 'number' || !Number.isFinite(p.costSum) || p.costSum < 0
  ) {
    throw new ModelFormatError(
      source, 'checkpoint position is not valid',
      `checkpoint.position { epoch: ${epoch + 1}, batch, costSum, examples } with whole counts and a finite cost`,
      JSON.stringify(position).slice(0, 80),
    );
  }
  return { epoch: p.epoch, batch: p.batch, costSum: p.costSum, examples: p.examples };
}
