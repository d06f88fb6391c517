// The messages between "The lesson's claims" tab and its worker (claims-worker.ts).
import type { BackpropClaim, GradientClaim, SaddleClaim, SliceClaim } from './claims-compute.js';
import type { MnistShards } from './shards.js';

/** The tab's four experiments. */
export type Job = 'gradient' | 'backprop' | 'saddle' | 'slice';

/** Page → worker. */
export type ToClaims =
  /** Where the MNIST shards and the shipped lesson network are (absolute URLs): sent once, first. */
  | { readonly type: 'data'; readonly manifest: MnistShards; readonly base: string; readonly modelUrl: string }
  | { readonly type: 'gradient'; readonly index: number }
  | { readonly type: 'backprop'; readonly index: number; readonly batch: number }
  | { readonly type: 'saddle'; readonly runs: number }
  | { readonly type: 'slice' };

/** Worker → page. */
export type FromClaims =
  /** Work done so far on a job (MNIST bytes while loading the test images, then the job's own steps). */
  | { readonly type: 'progress'; readonly job: Job; readonly what: string; readonly done: number; readonly total: number }
  | { readonly type: 'gradient'; readonly claim: GradientClaim }
  | { readonly type: 'backprop'; readonly claim: BackpropClaim }
  | { readonly type: 'saddle'; readonly claim: SaddleClaim }
  | { readonly type: 'slice'; readonly claim: SliceClaim }
  | { readonly type: 'error'; readonly job: Job; readonly message: string };

/** What the worker's global scope offers (typed here so neither side needs the WebWorker globals). */
export interface ClaimsScope {
  postMessage(message: FromClaims, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToClaims>) => void) | null;
}
