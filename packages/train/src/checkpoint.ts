import type { Rng } from '@downhill/linalg';
import { CHECKPOINT_METADATA, CHECKPOINT_TENSOR_PREFIXES, loadModel, ModelFormatError, type Network, saveModel } from '@downhill/network';
import { createOptimizer, type Optimizer, OptimizerError, type OptimizerState } from '@downhill/optim';
import type { TrainPosition } from './train.js';
import type { WeightAverage } from './weight-average.js';

// A checkpoint is a model file (any safetensors reader opens its layers) that
// also carries what a run needs to continue bit-identically: the optimizer's
// name, hyperparameters, step count and state slots (as tensors
// `optimizer.<slot>`), the random generator's state and the epoch reached,
// and, when the run averages its weights, the mean so far (`average.params`).

/** A training run saved between epochs (or mini-batches), as `loadCheckpoint` reads it back. */
export interface Checkpoint {
  /** The network, with the weights of the moment. */
  readonly network: Network;
  /** The optimizer's state: name, hyperparameters, step count and slots. */
  readonly optimizer: OptimizerState;
  /** The last finished epoch. */
  readonly epoch: number;
  /**
   * Where in epoch `epoch + 1` the run stopped, when it was interrupted part-way
   * through one (continue with `train({ resumeAt: position })`); the generator
   * state is then the one at the start of that epoch.
   */
  readonly position?: TrainPosition;
  /** The random generator's state (`Rng.getState()`). */
  readonly rngState: number[];
  /** The weight average so far, if the run keeps one (see WeightAverage.restore). */
  readonly average?: {
    /** The first epoch averaged. */
    readonly from: number;
    /** How many epochs' weights the mean holds. */
    readonly count: number;
    /** The mean, as long as the network's parameters. */
    readonly params: Float32Array;
  };
  /** The caller's metadata (string → string). */
  readonly metadata: Record<string, string>;
}

// Named as @downhill/network's CHECKPOINT_TENSOR_PREFIXES say, so loadModel opens a checkpoint as a model.
const slotPrefix = 'optimizer.';
const averageTensor = 'average.params';

/**
 * A checkpoint file (safetensors bytes that any reader opens as a model): the network, the optimizer's state,
 * the generator's state, the epoch reached and the weight average, if any.
 */
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
      [CHECKPOINT_METADATA]: JSON.stringify({
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

/**
 * The checkpoint in `bytes`, every part checked as untrusted input before it
 * is returned: the network (as `loadModel` checks it), the epoch, the random
 * state, the optimizer's state (restored into a fresh optimizer of its kind,
 * so its slots, step count and hyperparameters are ones it accepts) and the
 * weight average. `source` (e.g. the file name) prefixes every error.
 */
export function loadCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const fail = (problem: string, expected: string, found: string): never => {
    throw new ModelFormatError(source, problem, expected, found);
  };
  const { network, metadata, extraTensors } = loadModel(bytes, source, { extraTensorPrefix: CHECKPOINT_TENSOR_PREFIXES });
  const { [CHECKPOINT_METADATA]: checkpoint, ...rest } = metadata;
  if (checkpoint === undefined) {
    fail('not a checkpoint', `__metadata__.${CHECKPOINT_METADATA} (written by downhill train --checkpoint)`, 'a plain model file');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(checkpoint!);
  } catch (error) {
    fail('checkpoint metadata is not JSON', 'JSON', cut((error as Error).message, 100));
  }
  if (!isRecord(parsed)) fail('checkpoint metadata is not an object', '{ epoch, optimizer: { name, hyper, t }, rng, average? }', show(parsed));
  const { epoch, optimizer, rng, average, position } = parsed as Record<string, unknown>;
  const size = network.params.length;

  if (!Number.isSafeInteger(epoch) || (epoch as number) < 0) fail('checkpoint epoch is not a number of epochs', 'an integer from 0 to 2⁵³ − 1', show(epoch));

  // Rng.getState: xoshiro128**'s four 32-bit words, then the spare normal draw (NaN, which JSON writes as null, when there is none).
  if (!Array.isArray(rng) || rng.length !== 5) fail('checkpoint random state has the wrong size', '5 numbers (Rng.getState)', show(rng));
  const words = (rng as unknown[]).slice(0, 4);
  if (!words.every((w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32) || words.every((w) => w === 0)) {
    fail('checkpoint random state is not a generator state', 'four 32-bit unsigned integers, not all zero', show(words));
  }
  const spare = (rng as unknown[])[4];
  if (spare !== null && !Number.isFinite(spare)) fail('checkpoint random state has a bad spare draw', 'a finite number or null', show(spare));
  const rngState = (rng as number[]).map((x) => (x === null ? Number.NaN : x));

  if (!isRecord(optimizer) || typeof optimizer.name !== 'string') fail('checkpoint has no optimizer', '{ name, hyper, t }', show(optimizer));
  const { name, hyper = {}, t } = optimizer as { name: string; hyper?: unknown; t?: unknown };
  if (!Number.isSafeInteger(t) || (t as number) < 0) fail('checkpoint optimizer step count is not a count', 'optimizer.t, an integer ≥ 0', show(t));
  if (!isRecord(hyper) || !Object.values(hyper).every(Number.isFinite))
    fail('checkpoint hyperparameters are not all numbers', 'optimizer.hyper, name → finite number', show(hyper));
  const slots: Record<string, Float32Array> = {};
  for (const [tensor, { data }] of extraTensors) {
    if (tensor === averageTensor) continue;
    if (!tensor.startsWith(slotPrefix))
      fail(`extra tensor ${quoted(tensor)}`, `only ${slotPrefix}<slot> and ${averageTensor} beside the layers`, quoted(tensor));
    if (data.length !== size) fail(`checkpoint optimizer slot ${quoted(tensor)} has the wrong length`, `${size} numbers, one per parameter`, `${data.length}`);
    const bad = data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`checkpoint optimizer slot ${quoted(tensor)} holds a number that is not finite at index ${bad}`, 'finite numbers', String(data[bad]));
    slots[tensor.slice(slotPrefix.length)] = data;
  }
  const state: OptimizerState = { name, hyper: hyper as Record<string, number>, t: t as number, slots };
  try {
    // The optimizer's own rules for its state (registered name, its slots, hyperparameter ranges), on a throwaway copy.
    createOptimizer(name, size).restore(state);
  } catch (error) {
    if (!(error instanceof OptimizerError)) throw error;
    fail(`checkpoint optimizer state is not one ${quoted(name)} accepts`, 'a state its optimizer restores', cut(error.message, 160));
  }

  const averaged = extraTensors.get(averageTensor);
  let restored: Checkpoint['average'];
  if (average !== undefined || averaged !== undefined) {
    const { from, count } = isRecord(average) ? average : {};
    if (averaged === undefined || averaged.data.length !== size || !isRecord(average)) {
      fail(
        'checkpoint weight average is incomplete',
        `tensor '${averageTensor}' of ${size} numbers and checkpoint.average { from, count }`,
        `${averaged ? `${averaged.data.length} numbers` : 'no tensor'} and ${show(average ?? null)}`,
      );
    }
    if (!Number.isSafeInteger(from) || (from as number) < 1) fail('checkpoint weight average starts at no epoch', 'average.from, an integer ≥ 1', show(from));
    // Epochs from..epoch have ended, so at most that many are in the mean.
    const most = Math.max(0, (epoch as number) - (from as number) + 1);
    if (!Number.isSafeInteger(count) || (count as number) < 0 || (count as number) > most) {
      fail('checkpoint weight average has a bad count', `average.count, an integer from 0 to ${most} (epochs ${from} to ${epoch})`, show(count));
    }
    const bad = averaged!.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`tensor '${averageTensor}' holds a number that is not finite at index ${bad}`, 'finite weights', String(averaged!.data[bad]));
    restored = { from: from as number, count: count as number, params: averaged!.data };
  }
  const at = position === undefined ? undefined : checkPosition(position, epoch as number, fail);
  return {
    network,
    optimizer: state,
    epoch: epoch as number,
    rngState,
    ...(at ? { position: at } : {}),
    ...(restored ? { average: restored } : {}),
    metadata: rest,
  };
}

/** A saved position: part-way through the epoch after the last finished one, counts whole and sums finite. */
function checkPosition(position: unknown, epoch: number, fail: (problem: string, expected: string, found: string) => never): TrainPosition {
  const p = position as Partial<TrainPosition> | null;
  const count = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (
    typeof p !== 'object' ||
    p === null ||
    p.epoch !== epoch + 1 ||
    !count(p.batch) ||
    !count(p.examples) ||
    typeof p.costSum !== 'number' ||
    !Number.isFinite(p.costSum) ||
    p.costSum < 0
  ) {
    fail(
      'checkpoint position is not valid',
      `checkpoint.position { epoch: ${epoch + 1}, batch, costSum, examples } with whole counts and a finite cost`,
      JSON.stringify(position).slice(0, 80),
    );
  }
  return { epoch: p!.epoch!, batch: p!.batch!, costSum: p!.costSum!, examples: p!.examples! };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text from a file for a one-line message: control characters escaped, cut short. */
function cut(text: string, max = 60): string {
  const escaped = JSON.stringify(text.slice(0, max)).slice(1, -1);
  return escaped.length > max || text.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

function quoted(name: string): string {
  return `'${cut(name)}'`;
}

/** A value from a file for a one-line message: JSON, cut short (and never a throw, however deep it nests). */
function show(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = '(nested too deep to show)';
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
