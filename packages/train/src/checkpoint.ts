import type { Rng } from '@downhill/linalg';
import { loadModel, ModelFormatError, type Network, saveModel } from '@downhill/network';
import type { Optimizer, OptimizerState } from '@downhill/optim';
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
  return { network, optimizer: { ...optimizer, slots }, epoch, rngState, ...(average ? { average } : {}), metadata: rest };
}
