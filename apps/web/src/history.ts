import type { FromWorker } from './protocol.js';

type Progress = Extract<FromWorker, { type: 'progress' }>;
type Epoch = Extract<FromWorker, { type: 'epoch' }>;

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

  progress(event: Progress): void {
    this.running.x.push(event.epoch - 1 + event.batch / event.batches);
    this.running.y.push(event.cost);
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
