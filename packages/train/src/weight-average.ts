/**
 * Stochastic weight averaging (Izmailov et al. 2018, "Averaging weights leads
 * to wider optima and better generalization"; Polyak & Juditsky 1992 for the
 * idea): the mean of the weights SGD held at the end of each epoch from
 * `from` on.
 *
 * With a fixed learning rate such as the lesson's η = 3, SGD never settles:
 * each mini-batch kicks the weights somewhere else along the valley floor, and
 * test accuracy jitters by ±0.4 % from epoch to epoch. The mean of those
 * points lies nearer the middle of the valley than any one of them. The steps
 * taken are untouched; only what is kept at the end differs.
 *
 * The mean is kept in float32 and updated as mean += (θ − mean)/n, so a run
 * continued from a checkpoint averages bit-identically to one that never stopped.
 */
export class WeightAverage {
  /** The mean so far (all zeros until the first epoch is added). */
  readonly params: Float32Array;
  /** The first epoch averaged. */
  readonly from: number;
  private n = 0;

  constructor(size: number, options: { from: number }) {
    if (!Number.isInteger(options.from) || options.from < 1) {
      throw new RangeError(`WeightAverage: expected the first epoch to average to be an integer ≥ 1, found ${options.from}`);
    }
    this.params = new Float32Array(size);
    this.from = options.from;
  }

  /** How many epochs' weights are in the mean. */
  get count(): number {
    return this.n;
  }

  /** Add the weights at the end of `epoch` if it is one to average; true if added. */
  add(epoch: number, params: Float32Array): boolean {
    if (epoch < this.from) return false;
    if (params.length !== this.params.length) {
      throw new RangeError(`WeightAverage: expected ${this.params.length} parameters, found ${params.length}`);
    }
    const n = ++this.n,
      mean = this.params;
    for (let i = 0; i < mean.length; i++) mean[i] = mean[i]! + (params[i]! - mean[i]!) / n;
    return true;
  }

  /** Continue an average saved with `params` and `count` (as a checkpoint does). */
  restore(params: Float32Array, count: number): void {
    if (params.length !== this.params.length) {
      throw new RangeError(`WeightAverage.restore: expected ${this.params.length} parameters, found ${params.length}`);
    }
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`WeightAverage.restore: expected a count ≥ 0, found ${count}`);
    this.params.set(params);
    this.n = count;
  }
}
