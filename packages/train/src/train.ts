import type { Cost } from '@downhill/cost';
import { allFinite, allocFloat32, type Matrix, matrix, type Rng, rowSlice, SparseRows } from '@downhill/linalg';
import { Network } from '@downhill/network';
import type { Optimizer } from '@downhill/optim';
import { DivergenceError } from './divergence.js';
import { evaluate } from './evaluate.js';
import type { Examples } from './examples.js';
import type { WeightAverage } from './weight-average.js';
import { DownhillError } from './errors.js';

/** What one epoch did. */
export interface EpochResult {
  /** The epoch, counting from 1. */
  readonly epoch: number;
  /** Mean training cost over the epoch's mini-batches (as the weights moved). */
  readonly cost: number;
  /** Accuracy on the whole training set after the epoch (unless `trainAccuracy: false`). */
  readonly trainAccuracy?: number;
  /** Accuracy on the test set after the epoch, when one was given. */
  readonly testAccuracy?: number;
  /** Mean cost on the test set after the epoch. */
  readonly testCost?: number;
  /** Test accuracy of the averaged weights (when training with `average`, from its first epoch). */
  readonly averageTestAccuracy?: number;
  /** How many epochs' weights the average holds. */
  readonly averagedEpochs?: number;
  /** Seconds the epoch's mini-batches took (evaluation not included). */
  readonly seconds: number;
  /** Training examples per second during the epoch. */
  readonly examplesPerSecond: number;
}

/**
 * Progress, as `train` reports it to `onEvent`: once at the start, after each mini-batch, and after each
 * epoch.
 */
export type TrainEvent =
  | { readonly type: 'start'; readonly epochs: number; readonly batchesPerEpoch: number; readonly batchSize: number; readonly examples: number }
  | {
      readonly type: 'batch';
      readonly epoch: number;
      readonly batch: number;
      readonly batches: number;
      /** Mean cost of this epoch's batches so far. */
      readonly cost: number;
      readonly examplesPerSecond: number;
    }
  | ({ readonly type: 'epoch'; readonly epochs: number } & EpochResult);

/** What `train` needs: the network, its cost and optimizer, the data, and how long to train. */
export interface TrainOptions {
  /** The network trained, in place. */
  readonly network: Network;
  /** The cost minimized. */
  readonly cost: Cost;
  /** The optimizer, bound to `network.params`. */
  readonly optimizer: Optimizer;
  /** The training examples. */
  readonly train: Examples;
  /** Examples to measure test accuracy and cost on after each epoch. */
  readonly test?: Examples;
  /** The last epoch to run (epochs count from 1). */
  readonly epochs: number;
  /** The epoch to start at, when continuing from a checkpoint (default 1): epochs firstEpoch..epochs run. */
  readonly firstEpoch?: number;
  /**
   * Continue part-way through an epoch (from a checkpoint written when a run
   * was interrupted): `batch` of epoch `epoch`'s mini-batches are done, their
   * costs summing to `costSum` over `examples` examples. Overrides `firstEpoch`.
   * The generator must be in the state it had at the start of that epoch.
   */
  readonly resumeAt?: TrainPosition;
  /** Examples per mini-batch; ignored by full-batch optimizers (gd), which see the whole set each step. */
  readonly batchSize: number;
  /** Shuffles the examples each epoch. */
  readonly rng: Rng;
  /**
   * Keep the mean of the weights at the end of each epoch from `average.from`
   * on (stochastic weight averaging), and report its test accuracy too. The
   * network itself keeps the last step's weights; `average.params` holds the mean.
   */
  readonly average?: WeightAverage;
  /** Also measure accuracy on the whole training set after each epoch (default true). */
  readonly trainAccuracy?: boolean;
  /** Called with progress: at the start, after each mini-batch and after each epoch. */
  readonly onEvent?: (event: TrainEvent) => void;
  /** Awaited after each epoch (e.g. to write a checkpoint) before the next one starts. */
  readonly afterEpoch?: (result: EpochResult) => void | Promise<void>;
  /**
   * Stop early: checked between mini-batches (at least every 50 ms) and between
   * epochs. `train` then rejects with a `TrainingInterrupted` that says where
   * it stopped, with the generator wound back to the start of that epoch, so
   * that a checkpoint saved then continues bit-identically (see `resumeAt`).
   */
  readonly signal?: AbortSignal;
  /** Clock in milliseconds (default performance.now). */
  readonly now?: () => number;
  /**
   * Called before each mini-batch; when it returns a promise, the loop waits
   * for it (a page pausing the run, stepping it one mini-batch at a time, or
   * slowing it down to watch), then checks `signal`. Returning nothing costs nothing.
   */
  readonly beforeBatch?: () => void | Promise<void>;
}

/** A point between two mini-batches: `batch` of epoch `epoch`'s batches are done. */
export interface TrainPosition {
  /** The epoch. */
  readonly epoch: number;
  /** Mini-batches of it done. */
  readonly batch: number;
  /** Σ cost × batch size over the epoch's batches so far. */
  readonly costSum: number;
  /** Examples in the epoch's batches so far. */
  readonly examples: number;
}

/**
 * Training stopped by its `signal`, between two mini-batches. The network,
 * optimizer and average hold the state after `position.batch` batches of
 * `position.epoch`; the generator holds its state at the start of that epoch.
 */
export class TrainingInterrupted extends DownhillError {
  override readonly code = 'TRAINING_INTERRUPTED';
  override name = 'TrainingInterrupted';
  constructor(
    /** Where it stopped. */
    readonly position: TrainPosition,
    /** The epochs finished before the interruption. */
    readonly epochs: readonly EpochResult[],
  ) {
    super(`training interrupted in epoch ${position.epoch} after ${position.batch} mini-batches`);
  }
}

/** What `train` did. */
export interface TrainResult {
  /** Each epoch run. */
  readonly epochs: EpochResult[];
  /** Training examples the optimizer stepped on, over all epochs. */
  readonly examplesSeen: number;
}

// Divergence, judged in the loop by two rules, neither of which cries wolf on
// a healthy run's first steps (a small network's first step may well be
// longer than its small initial weights):
// - a step more than `overshoot` times longer than the whole weight vector has
//   flung the weights away: gradient descent only works while steps are small
//   next to the landscape's curvature. Watched on the first steps (where a
//   too-large learning rate shows) and then now and then, so it costs ~nothing.
// - the cost climbing: its running mean (an exponential average over a few
//   mini-batches, so one unlucky batch is not a trend) above twice its lowest so
//   far, and above 1.5 times the first batch's (worse than the untrained
//   network: a healthy run never gets there), for `climbing` mini-batches in a
//   row. So a climbing cost is seen for a few steps before the run stops.
//   "The first batch's" means the larger of its cost and the cost of knowing
//   nothing (every output the targets' mean: ½·0.9 for the lesson's quadratic
//   cost, ln 10 for cross-entropy): a run that starts from trained weights (a
//   resumed run, or `train` called one epoch at a time) starts low, and the
//   noise of small batches around a low cost is no climb.
const watchFirstSteps = 100;
const watchEvery = 100;
const overshoot = 10;
const smoothing = 0.3;
const climbing = 5;

/**
 * Distance ‖θ − θ₀‖ between two parameter vectors, and ‖θ₀‖ (into `out`), in
 * one pass. Four running sums each, so the float64 additions do not wait on
 * one another: these are only compared with each other (a tenfold margin) and
 * printed to three digits.
 */
function distanceAndNorm(a: Float32Array, b: Float32Array, out: { moved: number; size: number }): void {
  let d0 = 0,
    d1 = 0,
    d2 = 0,
    d3 = 0,
    n0 = 0,
    n1 = 0,
    n2 = 0,
    n3 = 0,
    i = a.length % 4;
  const n = a.length;
  // The first length mod 4 numbers on their own, before the main loop: a loop run after it would have no type
  // feedback when the main loop is optimized mid-call, and would throw the optimized code away each call.
  for (let r = 0; r < i; r++) {
    const e = a[r]! - b[r]!;
    d0 += e * e;
    n0 += b[r]! * b[r]!;
  }
  for (; i + 3 < n; i += 4) {
    const b0 = b[i]!,
      b1 = b[i + 1]!,
      b2 = b[i + 2]!,
      b3 = b[i + 3]!;
    const e0 = a[i]! - b0,
      e1 = a[i + 1]! - b1,
      e2 = a[i + 2]! - b2,
      e3 = a[i + 3]! - b3;
    d0 += e0 * e0;
    d1 += e1 * e1;
    d2 += e2 * e2;
    d3 += e3 * e3;
    n0 += b0 * b0;
    n1 += b1 * b1;
    n2 += b2 * b2;
    n3 += b3 * b3;
  }
  out.moved = Math.sqrt(d0 + d1 + (d2 + d3));
  out.size = Math.sqrt(n0 + n1 + (n2 + n3));
}

/** The cost of knowing nothing but the targets' mean: every output row set to the mean of `y`'s rows. */
function knowingNothing(cost: Cost, y: Matrix): number {
  const mean = new Float64Array(y.cols);
  for (let i = 0; i < y.rows; i++) for (let j = 0; j < y.cols; j++) mean[j]! += y.data[i * y.cols + j]! / y.rows;
  const a = matrix(y.rows, y.cols, new Float32Array(y.rows * y.cols));
  for (let i = 0; i < y.rows; i++) a.data.set(mean, i * y.cols);
  return cost.value(a, y);
}

// Hand the event loop a turn now and then, so progress bars redraw, a web
// worker answers messages and Ctrl-C is heard, without slowing the loop.
const yieldEveryMs = 50;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Stochastic gradient descent as the lesson tells it: shuffle the training
 * data, cut it into mini-batches, and for each one compute the gradient of the
 * cost by backpropagation and take a step downhill. After each epoch, measure
 * how well the network does on data it has never seen.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { network, cost, optimizer, rng, epochs } = options;
  const data = options.train;
  const now = options.now ?? (() => performance.now());
  const batchSize = optimizer.definition.fullBatch ? data.count : Math.min(options.batchSize, data.count);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`train: expected a batch size of at least 1, found ${options.batchSize}`);
  }
  if (data.inputSize !== network.spec.inputSize) {
    throw new RangeError(`train: the network expects ${network.spec.inputSize} inputs, the data has ${data.inputSize}`);
  }
  const batches = Math.ceil(data.count / batchSize);
  // In the kernels' own memory, so the products read the batch where it lies (no copy in).
  const x = matrix(batchSize, data.inputSize, allocFloat32(batchSize * data.inputSize));
  const y = matrix(batchSize, data.classes, allocFloat32(batchSize * data.classes));
  // The batch's non-zeros, when the data set lists them as it fills x (images do), for the network's first layer.
  const listed = new SparseRows();
  const order = new Uint32Array(data.count);
  const results: EpochResult[] = [];
  const before = new Float32Array(network.params.length);
  const watch = { moved: 0, size: 0 }; // ‖step‖ and ‖θ‖ on watched steps
  const stepInfo = { loss: 0 }; // the batch's cost, for rules that read it (Polyak steps); one object, so steps allocate nothing
  const average = options.average;
  if (average && average.params.length !== network.params.length) {
    throw new RangeError(`train: the weight average holds ${average.params.length} parameters, the network ${network.params.length}`);
  }
  // The averaged weights, in a network of their own for evaluation.
  const averaged = average && options.test ? Network.fromParams(network.spec, average.params) : undefined;
  let examplesSeen = 0,
    steps = 0;
  // The cost's running mean, its lowest so far, the first batch's cost, and how many batches in a row it has been too high.
  let smoothed = Number.NaN,
    lowest = Number.POSITIVE_INFINITY,
    firstCost = Number.NaN,
    climbed = 0;
  let lastYield = now();

  const resumeAt = options.resumeAt;
  if (resumeAt && !(Number.isInteger(resumeAt.batch) && resumeAt.batch >= 0 && resumeAt.batch <= batches)) {
    throw new RangeError(`train: expected to resume after 0 to ${batches} mini-batches of epoch ${resumeAt.epoch}, found ${resumeAt.batch}`);
  }
  const stopped = (epoch: number, batch: number, costSum: number, examples: number, rngAtEpochStart: number[]): never => {
    rng.setState(rngAtEpochStart);
    throw new TrainingInterrupted({ epoch, batch, costSum, examples }, results);
  };

  options.onEvent?.({ type: 'start', epochs, batchesPerEpoch: batches, batchSize, examples: data.count });
  for (let epoch = resumeAt?.epoch ?? options.firstEpoch ?? 1; epoch <= epochs; epoch++) {
    const partial = resumeAt?.epoch === epoch ? resumeAt : undefined;
    const rngAtEpochStart = rng.getState();
    if (options.signal?.aborted) stopped(epoch, partial?.batch ?? 0, partial?.costSum ?? 0, partial?.examples ?? 0, rngAtEpochStart);
    // Each epoch's order depends only on the generator's state, so a run
    // resumed from a checkpoint sees the same batches as one that never stopped.
    for (let i = 0; i < order.length; i++) order[i] = i;
    rng.shuffle(order);
    const started = now();
    let costSum = partial?.costSum ?? 0,
      seen = partial?.examples ?? 0;
    const seenBefore = seen;
    for (let b = partial?.batch ?? 0; b < batches; b++) {
      const gate = options.beforeBatch?.();
      if (gate) {
        await gate;
        lastYield = now();
        if (options.signal?.aborted) stopped(epoch, b, costSum, seen, rngAtEpochStart);
      }
      const start = b * batchSize,
        size = Math.min(batchSize, data.count - start);
      const xb = size === batchSize ? x : rowSlice(x, 0, size);
      const yb = size === batchSize ? y : rowSlice(y, 0, size);
      const xl = data.batch(order, start, size, xb, yb, listed) === true ? listed : xb;

      const c = network.computeGradients(xl, yb, cost);
      if (!Number.isFinite(c)) {
        throw new DivergenceError(epoch, b + 1, c, optimizer.h.learningRate, `the cost became ${c}`);
      }
      const watched = steps < watchFirstSteps || steps % watchEvery === 0;
      if (watched) before.set(network.params);
      stepInfo.loss = c;
      optimizer.step(network.params, network.grads, stepInfo);
      steps++;
      if (watched) {
        distanceAndNorm(network.params, before, watch);
        const { moved, size } = watch;
        if (!(moved <= overshoot * size) && size > 0) {
          throw new DivergenceError(
            epoch,
            b + 1,
            c,
            optimizer.h.learningRate,
            `step ${steps} moved the weights by ${moved.toPrecision(3)}, ${(moved / size).toPrecision(2)} times more than their whole length (${size.toPrecision(3)})`,
          );
        }
      }
      smoothed = Number.isNaN(smoothed) ? c : smoothed + smoothing * (c - smoothed);
      firstCost = Number.isNaN(firstCost) ? Math.max(c, knowingNothing(cost, yb)) : firstCost;
      lowest = Math.min(lowest, smoothed);
      const bound = Math.max(2 * lowest, 1.5 * firstCost);
      climbed = smoothed > bound ? climbed + 1 : 0;
      if (climbed >= climbing) {
        throw new DivergenceError(
          epoch,
          b + 1,
          c,
          optimizer.h.learningRate,
          `the cost climbed from ${lowest.toPrecision(3)} to ${smoothed.toPrecision(3)} (its running mean), above ${bound.toPrecision(3)} for ${climbing} mini-batches in a row`,
        );
      }

      costSum += c * size;
      seen += size;
      examplesSeen += size;
      const t = now();
      if (options.onEvent) {
        const seconds = (t - started) / 1000;
        options.onEvent({
          type: 'batch',
          epoch,
          batch: b + 1,
          batches,
          cost: costSum / seen,
          examplesPerSecond: seconds > 0 ? (seen - seenBefore) / seconds : 0,
        });
      }
      if (t - lastYield > yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = now();
        if (options.signal?.aborted && b + 1 < batches) stopped(epoch, b + 1, costSum, seen, rngAtEpochStart);
      }
    }
    const seconds = (now() - started) / 1000;
    if (!allFinite(network.params)) {
      throw new DivergenceError(epoch, batches, Number.NaN, optimizer.h.learningRate, 'the weights became infinite or NaN');
    }
    const trainEval = options.trainAccuracy === false ? undefined : evaluate(network, data);
    const testEval = options.test ? evaluate(network, options.test, { cost }) : undefined;
    let averageEval: ReturnType<typeof evaluate> | undefined;
    if (average?.add(epoch, network.params) && averaged && options.test) {
      averaged.params.set(average.params);
      averageEval = evaluate(averaged, options.test);
    }
    const result: EpochResult = {
      epoch,
      cost: costSum / seen,
      ...(trainEval ? { trainAccuracy: trainEval.accuracy } : {}),
      ...(testEval ? { testAccuracy: testEval.accuracy, testCost: testEval.cost! } : {}),
      ...(averageEval ? { averageTestAccuracy: averageEval.accuracy } : {}),
      ...(average && average.count > 0 ? { averagedEpochs: average.count } : {}),
      seconds,
      examplesPerSecond: seconds > 0 ? (seen - seenBefore) / seconds : 0,
    };
    results.push(result);
    options.onEvent?.({ type: 'epoch', epochs, ...result });
    await options.afterEpoch?.(result);
    await yieldToEventLoop();
    lastYield = now();
  }
  return { epochs: results, examplesSeen };
}
