/**
 * Training stopped because the cost stopped being a number or ran away. The
 * usual cause is a learning rate too large for the cost surface: each step
 * overshoots the valley and lands higher up the other side.
 */
export class DivergenceError extends Error {
  override name = 'DivergenceError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly cost: number,
    readonly learningRate: number,
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
