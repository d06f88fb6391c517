import type { FromWorker } from './protocol.js';

type Progress = Extract<FromWorker, { type: 'progress' }>;
type Epoch = Extract<FromWorker, { type: 'epoch' }>;

/** The most points the running cost keeps. */
export const MAX_POINTS = 400;

/**
 * The run so far, as the charts draw it: the cost as training goes (x in
 * epochs, fractional within one) and after each epoch, and the test accuracy.
 */
export class RunHistory {
  /** The running mean cost of the epoch under way, at each progress report. */
  readonly running = { x: [] as number[], y: [] as number[] };
  /** Mean cost of each finished epoch. */
  readonly epochCost = { x: [] as number[], y: [] as number[] };
  /** Test accuracy (0..1) after each epoch. */
  readonly testAccuracy = { x: [] as number[], y: [] as number[] };
  /** The cost of each mini-batch (before its step) when the run is watched step by step or slowly; up to MAX_POINTS. */
  readonly batches = { x: [] as number[], y: [] as number[] };

  progress(event: Progress, everyBatch = false): void {
    const x = event.epoch - 1 + event.batch / event.batches;
    this.running.x.push(x);
    this.running.y.push(event.cost);
    if (everyBatch && this.batches.x.length < MAX_POINTS) {
      this.batches.x.push(x);
      this.batches.y.push(event.batchCost);
    }
    // A long run reports thousands of times; the chart needs a few hundred points: keep every other one of the older half.
    if (this.running.x.length > MAX_POINTS) {
      for (const series of [this.running.x, this.running.y]) {
        const half = series.length >> 1;
        const thinned = series.slice(0, half).filter((_, i) => i % 2 === 0);
        series.splice(0, half, ...thinned);
      }
    }
  }

  epoch(event: Epoch): void {
    this.epochCost.x.push(event.epoch);
    this.epochCost.y.push(event.cost);
    this.testAccuracy.x.push(event.epoch);
    this.testAccuracy.y.push(event.testAccuracy);
  }

  /** The last test accuracy, if an epoch has finished. */
  get lastAccuracy(): number | undefined {
    return this.testAccuracy.y.at(-1);
  }
}
