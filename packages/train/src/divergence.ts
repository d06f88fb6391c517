import { DownhillError } from './errors.js';
/**
 * Training stopped because the cost stopped being a number or ran away. The
 * usual cause is a learning rate too large for the cost surface: each step
 * overshoots the valley and lands higher up the other side.
 */
export class DivergenceError extends DownhillError {
  override readonly code = 'DIVERGENCE';
  override name = 'DivergenceError';
  constructor(
    /** The epoch it happened in. */
    readonly epoch: number,
    /** The mini-batch it happened at. */
    readonly batch: number,
    /** The mini-batch's cost there (NaN when the weights themselves went bad). */
    readonly cost: number,
    /** The learning rate of the step. */
    readonly learningRate: number,
    /** What was seen, e.g. `'the cost became NaN'`, or a step longer than the whole weight vector. */
    readonly reason: string,
  ) {
    super(
      `training diverged at epoch ${epoch}, batch ${batch}: ${reason}; ` +
        `the learning rate ${learningRate} is likely too large (try ${suggest(learningRate)})`,
    );
  }
}

function suggest(lr: number): string {
  return String(Number((lr / 10).toPrecision(2)));
}
