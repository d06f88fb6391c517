// The training worker: loads MNIST once, trains with @downhill/train's loop,
// and reports to the page (throttled progress, every epoch, snapshots of the
// weights) while the page stays responsive. linalg picks the kernels here as
// anywhere: WebAssembly SIMD, over a shared memory with a second thread for
// large products when the page is cross-origin isolated (vite.config.ts sends
// the headers), else over a private memory; the page is told which.
import { subset } from '@downhill/datasets';
import { kernelBackend, kernelThreads } from '@downhill/linalg';
import { imageExamples, train } from '@downhill/train';
import { type Mnist, loadMnist } from './mnist.js';
import { createRun } from './model.js';
import type { FromWorker, WorkerScope } from './protocol.js';
import { checkSettings, type Settings } from './settings.js';
import { throttle } from './throttle.js';

const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** How often the page hears about batches, and gets new weights to draw. */
const PROGRESS_MS = 100;
const SNAPSHOT_MS = 500;

let mnist: Promise<Mnist> | undefined;
let running: AbortController | undefined;

function data(): Promise<Mnist> {
  mnist ??= loadMnist((loaded, total) => post({ type: 'loading', loaded, total }));
  // A failed download may succeed when asked again.
  mnist.catch(() => {
    mnist = undefined;
  });
  return mnist;
}

function report(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}

async function run(settings: Settings): Promise<void> {
  const checked = checkSettings(settings);
  if (!checked.ok) throw new RangeError(checked.problems.join('; '));
  settings = checked.settings;
  const controller = new AbortController();
  running = controller;
  const { train: trainSet, test: testSet } = await data();
  if (controller.signal.aborted) {
    post({ type: 'stopped', epoch: 0 });
    return;
  }
  const { spec, cost, network, optimizer, rng } = createRun(settings);
  const snapshot = (epoch: number) => {
    const params = network.params.slice();
    post({ type: 'snapshot', params, epoch }, [params.buffer]);
  };
  const progressGate = throttle(PROGRESS_MS);
  const snapshotGate = throttle(SNAPSHOT_MS);
  let epoch = 0;
  try {
    const result = await train({
      network, cost, optimizer, rng,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      train: imageExamples(subset(trainSet, settings.trainExamples)),
      test: imageExamples(subset(testSet, settings.testExamples)),
      trainAccuracy: false,
      signal: controller.signal,
      onEvent: (event) => {
        switch (event.type) {
          case 'start':
            post({
              type: 'started', spec, description: network.describe(), parameters: network.parameterCount,
              learningRate: optimizer.h.learningRate, trainExamples: event.examples, testExamples: settings.testExamples,
              batchSize: event.batchSize, batchesPerEpoch: event.batchesPerEpoch, epochs: event.epochs,
              kernels: kernelBackend(), threads: kernelThreads(),
            });
            snapshot(0);
            snapshotGate();
            break;
          case 'batch':
            epoch = event.epoch;
            if (progressGate() || event.batch === event.batches) {
              post({
                type: 'progress', epoch: event.epoch, epochs: settings.epochs, batch: event.batch, batches: event.batches,
                cost: event.cost, examplesPerSecond: event.examplesPerSecond,
              });
            }
            if (snapshotGate()) snapshot(event.epoch);
            break;
          case 'epoch':
            post({
              type: 'epoch', epoch: event.epoch, epochs: event.epochs, cost: event.cost, testAccuracy: event.testAccuracy!,
              seconds: event.seconds, examplesPerSecond: event.examplesPerSecond,
            });
            snapshot(event.epoch);
            break;
        }
      },
    });
    const seconds = result.epochs.reduce((s, e) => s + e.seconds, 0);
    post({ type: 'done', testAccuracy: result.epochs.at(-1)!.testAccuracy!, seconds });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    post({ type: 'stopped', epoch });
  } finally {
    if (running === controller) running = undefined;
  }
}

async function sample(index: number): Promise<void> {
  const { test } = await data();
  const i = Math.min(Math.max(0, Math.floor(index)), test.count - 1);
  const size = test.rows * test.cols;
  const pixels = test.pixels.slice(i * size, (i + 1) * size);
  post({ type: 'sample', index: i, pixels, label: test.labels[i]! }, [pixels.buffer]);
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'train':
      running?.abort();
      run(message.settings).catch(report);
      break;
    case 'stop':
      running?.abort();
      break;
    case 'sample':
      sample(message.index).catch(report);
      break;
  }
};
