// The messages between the page and the training worker: one module, imported
// by both, so each side's messages are checked against what the other expects.
import type { KernelBackend } from '@downhill/linalg';
import type { NetworkSpec } from '@downhill/network';
import type { Settings } from './settings.js';

/** Page → worker. */
export type ToWorker =
  | { readonly type: 'train'; readonly settings: Settings }
  | { readonly type: 'stop' }
  /** Ask for test image `index` (loading MNIST first if need be). */
  | { readonly type: 'sample'; readonly index: number };

/** Worker → page. */
export type FromWorker =
  /** Fetching the MNIST files: bytes so far of all four (total 0 while unknown). */
  | { readonly type: 'loading'; readonly loaded: number; readonly total: number }
  | {
      readonly type: 'started';
      readonly spec: NetworkSpec;
      /** The network in a few lines (Network.describe). */
      readonly description: string;
      readonly parameters: number;
      readonly learningRate: number;
      readonly trainExamples: number;
      readonly testExamples: number;
      readonly batchSize: number;
      readonly batchesPerEpoch: number;
      readonly epochs: number;
      /** The kernels training in the worker: 'wasm' (WebAssembly SIMD) or 'js', and their threads for large products. */
      readonly kernels: KernelBackend;
      readonly threads: number;
    }
  /** A throttled batch event: the epoch's mean cost so far and the speed. */
  | {
      readonly type: 'progress';
      readonly epoch: number;
      readonly epochs: number;
      readonly batch: number;
      readonly batches: number;
      readonly cost: number;
      readonly examplesPerSecond: number;
    }
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
  | { readonly type: 'snapshot'; readonly params: Float32Array; readonly epoch: number }
  | { readonly type: 'done'; readonly testAccuracy: number; readonly seconds: number }
  | { readonly type: 'stopped'; readonly epoch: number }
  /** The run failed: `name` is the error class (DivergenceError, ...), `message` says why. */
  | { readonly type: 'error'; readonly name: string; readonly message: string }
  | { readonly type: 'sample'; readonly index: number; readonly pixels: Uint8Array; readonly label: number };

/** What the worker's global scope offers (typed here so neither side needs the WebWorker globals). */
export interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
