// How much memory a training run will hold, worked out from its settings
// before anything is allocated, so that `--layers 784,1000000,10` (or a
// checkpoint asking for as much) is refused with a sentence, not with
// "Array buffer allocation failed" after a minute of swapping.

/** Bytes of one float32. */
const FLOAT = 4;
/** Rows `evaluate` runs at once. */
const EVALUATION_ROWS = 1000;
/** Float32 buffers per training batch row and unit: z, a, δ, σ'(z). */
const TRAINING_POOLS = 4;
/** Float32 buffers per evaluation row and unit: z, a. */
const EVALUATION_POOLS = 2;

/** What a run's buffers depend on, for `trainingBytes`. */
export interface MemoryPlan {
  /** Layer sizes, input first. */
  readonly layers: readonly number[];
  /** Rows of a training batch (the whole set for full-batch optimizers). */
  readonly batch: number;
  /** State vectors the optimizer keeps, each as long as the parameters (Adam: 2). */
  readonly optimizerSlots: number;
  /** Whether the run keeps a weight average (a mean, and a network to evaluate it). */
  readonly average: boolean;
}

/** Weights and biases of a dense network with these layer sizes. */
export function parameterCountOf(layers: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < layers.length; l++) count += layers[l - 1]! * layers[l]! + layers[l]!;
  return count;
}

/**
 * Bytes the run's float32 buffers take: parameters and gradient, the
 * optimizer's slots, the copy the divergence check keeps, the weight average
 * and its network, and the work buffers of a training batch and of an
 * evaluation batch.
 */
export function trainingBytes(plan: MemoryPlan): number {
  const params = parameterCountOf(plan.layers);
  const vectors = 2 + plan.optimizerSlots + 1 + (plan.average ? 3 : 0);
  const units = plan.layers.slice(1).reduce((a, b) => a + b, 0);
  const io = plan.layers[0]! + plan.layers.at(-1)!;
  const work = plan.batch * (TRAINING_POOLS * units + io) + EVALUATION_ROWS * (EVALUATION_POOLS * units + io);
  return FLOAT * (vectors * params + work);
}

/** Bytes as a person reads them: 12.4 MB, 3.1 GB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes,
    unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toPrecision(3)} ${units[unit]}`;
}
