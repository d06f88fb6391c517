// The training worker: fetches the MNIST shards a run needs, trains with
// @downhill/train's loop, and reports to the page (throttled progress, every
// epoch, snapshots of the weights) while the page stays responsive. Pause,
// Step and the speed control act through the loop's beforeBatch (pace.ts); a
// new η is set on the live optimizer, from the next mini-batch on. linalg
// picks the kernels here as anywhere: WebAssembly SIMD, over a shared memory
// with a second thread for large products when the page is cross-origin
// isolated (vite.config.ts sends the headers), else over a private memory.
import type { Cost } from '@downhill/cost';
import { type LabeledImages, subset } from '@downhill/datasets';
import { kernelBackend, kernelThreads, matrix, Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { type Examples, evaluate, imageExamples, train } from '@downhill/train';
import { type LoadProgress, type Mnist, MnistShardStore } from './mnist.js';
import { createRun } from './model.js';
import { Pace } from './pace.js';
import type { FromWorker, Mistake, Position, ToWorker, WorkerScope } from './protocol.js';
import { checkSettings, type Settings } from './settings.js';
import { throttle } from './throttle.js';

const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** How often the page hears about batches, and gets new weights to draw, at full speed. */
const PROGRESS_MS = 100;
const SNAPSHOT_MS = 400;
/** The first mini-batches of a run are each reported, so a cost that climbs at once is seen climbing. */
const EVERY_BATCH_AT_FIRST = 50;
/** Test digits read wrong that the page shows. */
const MISTAKES = 48;

let store: MnistShardStore | undefined;
/** The run under way: how to stop it, its pace, and the optimizer whose η the page may change. */
let running: { controller: AbortController; pace: Pace; setLearningRate(value: number): void } | undefined;
/** Work that must not overlap a run (the random-labels experiment). */
let busy: Promise<unknown> = Promise.resolve();

function data(need: { train: number; test: number }, onProgress: LoadProgress = () => {}): Promise<Mnist> {
  if (!store) throw new Error('MNIST: the page has not said where the shards are');
  return store.load(need, (p) => {
    onProgress(p);
    post({ type: 'loading', ...p });
  });
}

function report(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}

/** Examples that remember the last mini-batch handed out, so Step can say its cost after the step too. */
function remembering(examples: Examples): Examples & { lastCost(network: Network, cost: Cost): number } {
  let last: { indices: ArrayLike<number>; start: number; size: number } | undefined;
  return {
    ...examples,
    batch(indices, start, size, x, y) {
      last = { indices, start, size };
      examples.batch(indices, start, size, x, y);
    },
    lastCost(network, cost) {
      if (!last) return Number.NaN;
      const x = matrix(last.size, examples.inputSize),
        y = matrix(last.size, examples.classes);
      examples.batch(last.indices, last.start, last.size, x, y);
      return cost.value(network.forward(x), y);
    },
  };
}

async function run(settings: Settings, options: { speed: number; paused: boolean; steps: number }): Promise<void> {
  const checked = checkSettings(settings);
  if (!checked.ok) throw new RangeError(checked.problems.map((p) => p.message).join('; '));
  settings = checked.settings;
  const controller = new AbortController();
  let position: Position = { epoch: 1, epochs: settings.epochs, batch: 0, batches: 0, step: 0 };
  const pace = new Pace(options, () => post({ type: 'paused', ...position }));
  const { spec, cost, network, optimizer, rng } = createRun(settings);
  const started = { step: 0 };
  running = {
    controller,
    pace,
    setLearningRate(value: number) {
      optimizer.h.learningRate = value;
      post({ type: 'learningRate', learningRate: value, step: started.step });
    },
  };
  const loaded = { downloaded: 0, cached: 0 };
  const { train: trainSet, test: testSet } = await data({ train: settings.trainExamples, test: settings.testExamples }, (p) => {
    loaded.downloaded = p.loaded - p.cached;
    loaded.cached = p.cached;
  });
  if (controller.signal.aborted) {
    post({ type: 'stopped', epoch: 0 });
    return;
  }
  const trainExamples = remembering(imageExamples(subset(trainSet, settings.trainExamples)));
  const testExamples = imageExamples(subset(testSet, settings.testExamples));
  const snapshot = () => {
    const params = network.params.slice();
    post({ type: 'snapshot', params }, [params.buffer]);
  };
  const progressGate = throttle(PROGRESS_MS);
  const snapshotGate = throttle(SNAPSHOT_MS);
  // The epoch's cost sum so far, to tell each batch's own cost from the running mean.
  let sum = 0,
    seen = 0,
    batchSize = settings.batchSize;
  try {
    const result = await train({
      network,
      cost,
      optimizer,
      rng,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      train: trainExamples,
      test: testExamples,
      trainAccuracy: false,
      signal: controller.signal,
      beforeBatch: pace.gate,
      onEvent: (event) => {
        switch (event.type) {
          case 'start': {
            const params = network.params.slice();
            post(
              {
                type: 'started',
                spec,
                params,
                learningRate: optimizer.h.learningRate,
                trainExamples: event.examples,
                testExamples: settings.testExamples,
                batchSize: event.batchSize,
                batchesPerEpoch: event.batchesPerEpoch,
                epochs: event.epochs,
                ...loaded,
                kernels: kernelBackend(),
                threads: kernelThreads(),
              },
              [params.buffer],
            );
            position = { ...position, batches: event.batchesPerEpoch };
            batchSize = event.batchSize;
            snapshotGate();
            break;
          }
          case 'batch': {
            if (event.batch === 1) sum = seen = 0;
            const size = Math.min(batchSize, trainExamples.count - (event.batch - 1) * batchSize);
            const total = event.cost * (seen + size);
            const batchCost = (total - sum) / size;
            sum = total;
            seen += size;
            started.step++;
            position = { epoch: event.epoch, epochs: settings.epochs, batch: event.batch, batches: event.batches, step: started.step };
            const stepped = pace.takeStep();
            const slow = pace.isSlow || pace.isPaused;
            if (slow || started.step <= EVERY_BATCH_AT_FIRST || progressGate() || event.batch === event.batches) {
              post({ type: 'progress', ...position, cost: event.cost, batchCost, examplesPerSecond: event.examplesPerSecond });
            }
            if (stepped) {
              post({ type: 'stepped', ...position, before: batchCost, after: trainExamples.lastCost(network, cost), learningRate: optimizer.h.learningRate });
            }
            if (slow || snapshotGate()) snapshot();
            break;
          }
          case 'epoch':
            post({
              type: 'epoch',
              epoch: event.epoch,
              epochs: event.epochs,
              cost: event.cost,
              testAccuracy: event.testAccuracy!,
              seconds: event.seconds,
              examplesPerSecond: event.examplesPerSecond,
            });
            snapshot();
            break;
        }
      },
    });
    const seconds = result.epochs.reduce((s, e) => s + e.seconds, 0);
    post({ type: 'done', testAccuracy: result.epochs.at(-1)!.testAccuracy!, seconds });
    results(network, testSet, settings.testExamples);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    post({ type: 'stopped', epoch: position.epoch });
  } finally {
    pace.stop();
    if (running?.controller === controller) running = undefined;
  }

  function results(net: typeof network, test: LabeledImages, count: number): void {
    const set = subset(test, count);
    const evaluation = evaluate(net, imageExamples(set));
    const wrong: number[] = [];
    for (let i = 0; i < set.count && wrong.length < MISTAKES; i++) if (evaluation.predictions[i] !== set.labels[i]) wrong.push(i);
    const size = set.rows * set.cols;
    const pixels = new Uint8Array(wrong.length * size);
    wrong.forEach((i, k) => {
      pixels.set(set.pixels.subarray(i * size, (i + 1) * size), k * size);
    });
    const mistakes: Mistake[] = [];
    if (wrong.length > 0) {
      const x = matrix(
        wrong.length,
        size,
        Float32Array.from(pixels, (p) => p / 255),
      );
      const out = net.forward(x);
      const classes = out.cols;
      wrong.forEach((index, k) => {
        const predicted = evaluation.predictions[index]!;
        mistakes.push({ index, label: set.labels[index]!, predicted, output: out.data[k * classes + predicted]! });
      });
    }
    post({ type: 'results', confusion: evaluation.confusion, mistakes, pixels, count: set.count }, [pixels.buffer]);
  }
}

/** The starting weights for `settings` (from its seed), as a new run would draw them. */
function fresh(settings: Settings): void {
  const checked = checkSettings(settings);
  if (!checked.ok) throw new RangeError(checked.problems.map((p) => p.message).join('; '));
  const { spec, network } = createRun(checked.settings);
  const params = network.params.slice();
  post({ type: 'fresh', spec, params, seed: checked.settings.seed }, [params.buffer]);
}

async function sample(index: number): Promise<void> {
  const { test } = await data({ train: 0, test: index + 1 });
  const i = Math.min(Math.max(0, Math.floor(index)), test.count - 1);
  const size = test.rows * test.cols;
  const pixels = test.pixels.slice(i * size, (i + 1) * size);
  post({ type: 'sample', index: i, pixels, label: test.labels[i]! }, [pixels.buffer]);
}

/** The random-labels experiment's sizes: enough digits to show memorising, few enough to take seconds. */
export const RANDOM_LABELS = { train: 1000, test: 2000, epochs: 30 } as const;

/**
 * The lesson's surprise (Zhang et al. 2017), as `downhill experiment
 * random-labels` runs it: a network with room to memorise, trained on true
 * labels, then on the same labels shuffled: it learns those by heart too, far
 * more slowly, and nothing that carries over to new digits.
 */
async function randomLabels(seed: number): Promise<void> {
  const { train: all, test: allTest } = await data({ train: RANDOM_LABELS.train, test: RANDOM_LABELS.test });
  const set = subset(all, RANDOM_LABELS.train);
  const test = imageExamples(subset(allTest, RANDOM_LABELS.test));
  const labels = set.labels.slice();
  new Rng(seed + 1).shuffle(labels);
  const began = performance.now();
  for (const [name, examples] of [
    ['true', set],
    ['shuffled', { ...set, labels }],
  ] as const) {
    const run = createRun({
      layers: [784, 100, 10],
      activation: 'relu',
      cost: 'cross-entropy',
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: 32,
      epochs: RANDOM_LABELS.epochs,
      trainExamples: set.count,
      testExamples: RANDOM_LABELS.test,
      seed,
    });
    await train({
      ...run.trainOptions,
      train: imageExamples(examples),
      test,
      trainAccuracy: true,
      onEvent: (e) => {
        if (e.type === 'epoch')
          post({ type: 'randomLabels', labels: name, epoch: e.epoch, epochs: e.epochs, trainAccuracy: e.trainAccuracy!, testAccuracy: e.testAccuracy! });
      },
    });
  }
  post({ type: 'randomLabelsDone', trainExamples: set.count, testExamples: RANDOM_LABELS.test, seconds: (performance.now() - began) / 1000 });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'data':
      store = new MnistShardStore(message.manifest, message.base);
      break;
    case 'train': {
      running?.pace.stop();
      running?.controller.abort();
      const next = busy.then(() => run(message.settings, message));
      busy = next.catch(report);
      break;
    }
    case 'pause':
      running?.pace.pause();
      break;
    case 'resume':
      running?.pace.resume();
      post({ type: 'resumed' });
      break;
    case 'step':
      running?.pace.step();
      break;
    case 'speed':
      running?.pace.setSpeed(message.speed);
      break;
    case 'learningRate':
      running?.setLearningRate(message.learningRate);
      break;
    case 'reset':
      running?.pace.stop();
      running?.controller.abort();
      busy = busy.then(() => fresh(message.settings)).catch(report);
      break;
    case 'sample':
      sample(message.index).catch(report);
      break;
    case 'randomLabels':
      busy = busy.then(() => randomLabels(message.seed)).catch(report);
      break;
  }
};
