// The messages between the page and the training worker: one module, imported
// by both, so each side's messages are checked against what the other expects.
import type { KernelBackend } from '@downhill/linalg';
import type { NetworkSpec } from '@downhill/network';
import type { MnistShards } from './shards.js';
import type { Settings } from './settings.js';

/** How fast a run goes: 0 for as fast as it can, else mini-batches a second (slow enough to watch single steps). */
export type Speed = number;

/** Page → worker. */
export type ToWorker =
  /** Where the MNIST shards are (an absolute URL of their folder) and what they are: sent once, first. */
  | { readonly type: 'data'; readonly manifest: MnistShards; readonly base: string }
  /** Start a run (ending any other): paused before its first mini-batch if `paused`, then `steps` mini-batches taken. */
  | { readonly type: 'train'; readonly settings: Settings; readonly speed: Speed; readonly paused: boolean; readonly steps: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  /** Take one mini-batch of a paused run. */
  | { readonly type: 'step' }
  | { readonly type: 'speed'; readonly speed: Speed }
  /** A new η, from the next mini-batch on. */
  | { readonly type: 'learningRate'; readonly learningRate: number }
  /** End the run, and show the starting weights of `settings` (from its seed). */
  | { readonly type: 'reset'; readonly settings: Settings }
  /** Ask for test image `index` (loading the test shard first if need be). */
  | { readonly type: 'sample'; readonly index: number }
  /** The lesson's experiment: the same network trained on true labels, then on shuffled ones. */
  | { readonly type: 'randomLabels'; readonly seed: number };

/** Where a run is: mini-batch `batch` of `batches` in epoch `epoch`, `step` mini-batches since the start. */
export interface Position {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
}

/** One of the 48 first test digits the network reads wrong. */
export interface Mistake {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** The network's output for its (wrong) answer. */
  readonly output: number;
}

/** Worker → page. */
export type FromWorker =
  /** Fetching MNIST shards: bytes so far, their total, and how much came from the browser's cache. */
  | { readonly type: 'loading'; readonly loaded: number; readonly total: number; readonly cached: number }
  | {
      readonly type: 'started';
      readonly spec: NetworkSpec;
      /** All the weights and biases at the start (the buffer is transferred). */
      readonly params: Float32Array;
      readonly learningRate: number;
      readonly trainExamples: number;
      readonly testExamples: number;
      readonly batchSize: number;
      readonly batchesPerEpoch: number;
      readonly epochs: number;
      /** Bytes of MNIST downloaded for this run, and read from the browser's cache. */
      readonly downloaded: number;
      readonly cached: number;
      /** The kernels training in the worker: 'wasm' (WebAssembly SIMD) or 'js', and their threads for large products. */
      readonly kernels: KernelBackend;
      readonly threads: number;
    }
  /** A mini-batch done (throttled at full speed): the epoch's mean cost so far, this batch's own, and the speed. */
  | ({ readonly type: 'progress'; readonly cost: number; readonly batchCost: number; readonly examplesPerSecond: number } & Position)
  | {
      readonly type: 'epoch';
      readonly epoch: number;
      readonly epochs: number;
      readonly cost: number;
      readonly testAccuracy: number;
      readonly seconds: number;
      readonly examplesPerSecond: number;
    }
  /** All the weights and biases as they are now (the buffer is transferred). */
  | { readonly type: 'snapshot'; readonly params: Float32Array }
  /** The run waits before its next mini-batch. */
  | ({ readonly type: 'paused' } & Position)
  | { readonly type: 'resumed' }
  /** One mini-batch taken by Step: its cost before the step and after it (the same examples, the new weights). */
  | ({ readonly type: 'stepped'; readonly before: number; readonly after: number; readonly learningRate: number } & Position)
  | { readonly type: 'learningRate'; readonly learningRate: number; readonly step: number }
  | { readonly type: 'done'; readonly testAccuracy: number; readonly seconds: number }
  /** After a run: the confusion matrix on the test digits, and the first ones it reads wrong (their pixels one after another). */
  | { readonly type: 'results'; readonly confusion: number[][]; readonly mistakes: readonly Mistake[]; readonly pixels: Uint8Array; readonly count: number }
  | { readonly type: 'stopped'; readonly epoch: number }
  /** The starting weights of the settings (after Reset). */
  | { readonly type: 'fresh'; readonly spec: NetworkSpec; readonly params: Float32Array; readonly seed: number }
  /** The run failed: `name` is the error class (DivergenceError, ...), `message` says why. */
  | { readonly type: 'error'; readonly name: string; readonly message: string }
  | { readonly type: 'sample'; readonly index: number; readonly pixels: Uint8Array; readonly label: number }
  /** The random-labels experiment: an epoch of one of its two runs. */
  | {
      readonly type: 'randomLabels';
      readonly labels: 'true' | 'shuffled';
      readonly epoch: number;
      readonly epochs: number;
      readonly trainAccuracy: number;
      readonly testAccuracy: number;
    }
  | { readonly type: 'randomLabelsDone'; readonly trainExamples: number; readonly testExamples: number; readonly seconds: number };

/** What the worker's global scope offers (typed here so neither side needs the WebWorker globals). */
export interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
