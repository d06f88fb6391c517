// The peer: a straightforward network in the style of Nielsen's network.py
// (and network2.py for cross-entropy), written the way most people would port
// it to JavaScript: plain arrays of numbers, one example at a time, every
// multiplication done (no zero-skipping), fresh arrays for each example's
// activations and gradients. It is what downhill's speed is measured against,
// in the same process on the same machine, so only the ratio matters.

export interface NaiveOptions {
  /** Layer sizes, input first: [784, 16, 16, 10]. */
  readonly sizes: readonly number[];
  readonly hidden: 'sigmoid' | 'relu';
  /** 'sigmoid' with the quadratic cost (network.py); 'softmax' with cross-entropy (network2.py's idea). */
  readonly output: 'sigmoid' | 'softmax';
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  /** Starting weights and biases, in downhill's layout (per layer: weights out × in row-major, then biases). */
  readonly params: Float32Array;
}

/** One training example: the input x and the one-hot desired output y. */
export interface NaiveExample {
  readonly x: number[];
  readonly y: number[];
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export class NaiveNetwork {
  readonly sizes: readonly number[];
  /** weights[l][j][k]: from neuron k of layer l to neuron j of layer l + 1, as network.py's self.weights. */
  readonly weights: number[][][];
  readonly biases: number[][];
  private readonly options: NaiveOptions;
  // Adam's running moments, shaped like the weights and biases.
  private readonly mW: number[][][];
  private readonly vW: number[][][];
  private readonly mB: number[][];
  private readonly vB: number[][];
  private t = 0;

  constructor(options: NaiveOptions) {
    this.options = options;
    this.sizes = options.sizes;
    this.weights = [];
    this.biases = [];
    let at = 0;
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const inputs = this.sizes[l]!, outputs = this.sizes[l + 1]!;
      const w: number[][] = [];
      for (let j = 0; j < outputs; j++) {
        w.push(Array.from(options.params.subarray(at, at + inputs)));
        at += inputs;
      }
      this.weights.push(w);
      this.biases.push(Array.from(options.params.subarray(at, at + outputs)));
      at += outputs;
    }
    if (at !== options.params.length) throw new RangeError(`NaiveNetwork: ${options.params.length} parameters for sizes ${this.sizes.join('-')}, expected ${at}`);
    this.mW = this.weights.map((w) => w.map((row) => row.map(() => 0)));
    this.vW = this.weights.map((w) => w.map((row) => row.map(() => 0)));
    this.mB = this.biases.map((b) => b.map(() => 0));
    this.vB = this.biases.map((b) => b.map(() => 0));
  }

  /** The network's output for input a (network.py's feedforward). */
  feedforward(x: readonly number[]): number[] {
    let a = x as number[];
    for (let l = 0; l < this.weights.length; l++) a = this.activate(l, this.weightedInput(l, a));
    return a;
  }

  /** One epoch of mini-batch SGD over the examples in the given order (network.py's SGD inner loop). */
  trainEpoch(data: readonly NaiveExample[], order: ArrayLike<number>, miniBatchSize: number): void {
    for (let start = 0; start < order.length; start += miniBatchSize) {
      const batch: NaiveExample[] = [];
      for (let i = start; i < Math.min(start + miniBatchSize, order.length); i++) batch.push(data[order[i]!]!);
      this.updateMiniBatch(batch);
    }
  }

  /** Mean gradient over the batch, then one step (network.py's update_mini_batch). */
  updateMiniBatch(batch: readonly NaiveExample[]): void {
    const { nablaW, nablaB } = this.gradient(batch);
    if (this.options.optimizer === 'sgd') {
      const eta = this.options.learningRate;
      for (let l = 0; l < this.weights.length; l++) {
        for (let j = 0; j < this.weights[l]!.length; j++) {
          const w = this.weights[l]![j]!, g = nablaW[l]![j]!;
          for (let k = 0; k < w.length; k++) w[k] = w[k]! - eta * g[k]!;
          this.biases[l]![j] = this.biases[l]![j]! - eta * nablaB[l]![j]!;
        }
      }
    } else {
      this.adamStep(nablaW, nablaB);
    }
  }

  /** Mean over the batch of each example's backprop gradient. */
  gradient(batch: readonly NaiveExample[]): { nablaW: number[][][]; nablaB: number[][] } {
    const nablaW = this.weights.map((w) => w.map((row) => row.map(() => 0)));
    const nablaB = this.biases.map((b) => b.map(() => 0));
    for (const { x, y } of batch) {
      const delta = this.backprop(x, y);
      for (let l = 0; l < nablaW.length; l++) {
        for (let j = 0; j < nablaW[l]!.length; j++) {
          const nw = nablaW[l]![j]!, dw = delta.nablaW[l]![j]!;
          for (let k = 0; k < nw.length; k++) nw[k] = nw[k]! + dw[k]!;
          nablaB[l]![j] = nablaB[l]![j]! + delta.nablaB[l]![j]!;
        }
      }
    }
    const scale = 1 / batch.length;
    for (let l = 0; l < nablaW.length; l++) {
      for (const row of nablaW[l]!) for (let k = 0; k < row.length; k++) row[k] = row[k]! * scale;
      nablaB[l] = nablaB[l]!.map((g) => g * scale);
    }
    return { nablaW, nablaB };
  }

  /** The gradient of one example's cost (network.py's backprop). */
  backprop(x: readonly number[], y: readonly number[]): { nablaW: number[][][]; nablaB: number[][] } {
    const L = this.weights.length;
    const activations: number[][] = [x as number[]];
    const zs: number[][] = [];
    for (let l = 0; l < L; l++) {
      const z = this.weightedInput(l, activations[l]!);
      zs.push(z);
      activations.push(this.activate(l, z));
    }
    const nablaW: number[][][] = new Array(L);
    const nablaB: number[][] = new Array(L);
    const out = activations[L]!;
    // Quadratic cost with sigmoid outputs: (a − y) σ'(z); softmax with cross-entropy: a − y.
    let delta = out.map((a, j) => (this.options.output === 'sigmoid' ? (a - y[j]!) * a * (1 - a) : a - y[j]!));
    for (let l = L - 1; l >= 0; l--) {
      const input = activations[l]!;
      nablaB[l] = delta;
      nablaW[l] = delta.map((d) => input.map((a) => d * a));
      if (l === 0) break;
      // δˡ⁻¹ = (Wˡᵀ δˡ) ⊙ σ'(zˡ⁻¹)
      const w = this.weights[l]!, z = zs[l - 1]!;
      const next: number[] = new Array(z.length).fill(0);
      for (let j = 0; j < w.length; j++) for (let k = 0; k < z.length; k++) next[k] = next[k]! + w[j]![k]! * delta[j]!;
      delta = next.map((s, k) => s * this.hiddenPrime(z[k]!));
    }
    return { nablaW, nablaB };
  }

  /** How many of the examples the network gets right (network.py's evaluate). */
  evaluate(data: readonly NaiveExample[]): number {
    let correct = 0;
    for (const { x, y } of data) {
      const a = this.feedforward(x);
      if (y[a.indexOf(Math.max(...a))] === 1) correct++;
    }
    return correct;
  }

  /** The parameters in downhill's layout, to compare with a downhill network. */
  params(): Float32Array {
    const out: number[] = [];
    for (let l = 0; l < this.weights.length; l++) {
      for (const row of this.weights[l]!) out.push(...row);
      out.push(...this.biases[l]!);
    }
    return Float32Array.from(out);
  }

  private weightedInput(l: number, a: readonly number[]): number[] {
    const w = this.weights[l]!, b = this.biases[l]!;
    const z: number[] = new Array(w.length);
    for (let j = 0; j < w.length; j++) {
      let s = b[j]!;
      for (let k = 0; k < a.length; k++) s += w[j]![k]! * a[k]!;
      z[j] = s;
    }
    return z;
  }

  private activate(l: number, z: readonly number[]): number[] {
    if (l < this.weights.length - 1) return z.map((v) => (this.options.hidden === 'sigmoid' ? sigmoid(v) : Math.max(v, 0)));
    if (this.options.output === 'sigmoid') return z.map(sigmoid);
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  }

  private hiddenPrime(z: number): number {
    if (this.options.hidden === 'relu') return z > 0 ? 1 : 0;
    const s = sigmoid(z);
    return s * (1 - s);
  }

  /** Adam (Kingma & Ba 2015) with β₁ 0.9, β₂ 0.999, ε 1e-8, element by element. */
  private adamStep(nablaW: number[][][], nablaB: number[][]): void {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8, alpha = this.options.learningRate;
    const t = ++this.t;
    const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
    const update = (p: number[], g: number[], m: number[], v: number[]): void => {
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
        p[i] = p[i]! - (alpha * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
      }
    };
    for (let l = 0; l < this.weights.length; l++) {
      for (let j = 0; j < this.weights[l]!.length; j++) update(this.weights[l]![j]!, nablaW[l]![j]!, this.mW[l]![j]!, this.vW[l]![j]!);
      update(this.biases[l]!, nablaB[l]!, this.mB[l]!, this.vB[l]!);
    }
  }
}
