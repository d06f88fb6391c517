// The lesson's claim that mini-batch noise "helps the optimizer escape shallow
// local minima and saddle points that would trap standard gradient descent",
// on surfaces small enough to watch: a cost that really is a mean over
// examples (so a mini-batch's gradient is noisy in the way a network's is),
// and, for any other surface, gradient noise of a stated size.
import type { DescentPath, Stepper } from './descend.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

/** The random draws the noisy descents need (a `@downhill/linalg` Rng has them). */
export interface NoiseSource {
  /** A draw from U[0, 1). */
  uniform(): number;
  /** A draw from N(mean, std²) (default N(0, 1)). */
  normal(mean?: number, std?: number): number;
  /** An integer drawn uniformly from 0 … n − 1. */
  int(n: number): number;
}

/** A cost that is a mean over examples, C(θ) = (1/N) Σᵢ Cᵢ(θ): a mini-batch sees the mean over a few of them. */
export interface ExampleSum {
  /** C itself (the mean over all examples), as a landscape to draw and to descend by full-batch gradient descent. */
  readonly landscape: Landscape;
  /** N, the number of examples. */
  readonly count: number;
  /** out = (1/size) Σ ∇Cᵢ(p) over examples indices[start … start + size). */
  gradientOn(indices: ArrayLike<number>, start: number, size: number, p: ArrayLike<number>, out: Float32Array | Float64Array): void;
}

/** A tilted double well with its saddle and two minima, each found by Newton's method. */
export interface DoubleWell extends ExampleSum {
  /** The saddle point between the two valleys, at x ≈ 0. */
  readonly saddle: number[];
  /** The lower minimum (on the side the tilt pulls down). */
  readonly deep: number[];
  /** The higher one, a shallow local minimum. */
  readonly shallow: number[];
  /** t, the mean of the aᵢ: how far the lower valley sits below the other. */
  readonly tilt: number;
}

/**
 * C(x, y) = (1/N) Σᵢ [(x² − 1)² + aᵢ x + (y − bᵢ)²] = (x² − 1)² + t·x + y² + const
 * (the landscape drawn and descended leaves out the constant, the mean of bᵢ²),
 * with the aᵢ scattered around the tilt t and the bᵢ around 0 (each set
 * shifted so its mean is exact). Two valleys along x, the one at x ≈ −1
 * deeper; between them a saddle on the line y = 0. Full-batch descent started
 * on the saddle's ridge (x at the saddle) never leaves it; the examples'
 * scatter (`spread`) is the mini-batch noise.
 */
export function tiltedDoubleWell(options: { examples?: number; tilt?: number; spread?: number; rng: NoiseSource }): DoubleWell {
  const count = options.examples ?? 100,
    tilt = options.tilt ?? 0.9,
    spread = options.spread ?? 8;
  if (!(Number.isInteger(count) && count >= 2)) throw new LandscapeError('bad-argument', `examples: expected a whole number ≥ 2, found ${count}`);
  if (!(Math.abs(tilt) < 1.5)) throw new LandscapeError('bad-argument', `tilt: expected |tilt| < 1.5 (beyond it the shallow valley vanishes), found ${tilt}`);
  if (!(spread >= 0 && spread < Infinity)) throw new LandscapeError('bad-argument', `spread: expected a number ≥ 0, found ${spread}`);
  const a = Float64Array.from({ length: count }, () => options.rng.normal(tilt, spread));
  const b = Float64Array.from({ length: count }, () => options.rng.normal(0, spread));
  const shift = (v: Float64Array, mean: number) => {
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    for (let i = 0; i < v.length; i++) v[i]! += mean - m;
  };
  shift(a, tilt);
  shift(b, 0);
  // ∂C/∂x = 4x(x² − 1) + t = 0: Newton's method from the middle and from each side.
  const root = (x: number) => {
    for (let k = 0; k < 60; k++) x -= (4 * x * (x * x - 1) + tilt) / (12 * x * x - 4);
    return x;
  };
  const saddleX = root(0),
    left = root(-1.2),
    right = root(1.2);
  const [deepX, shallowX] = tilt >= 0 ? [left, right] : [right, left];
  const landscape: Landscape = Object.freeze({
    name: 'tilted double well',
    // The mean of the examples' costs up to a constant (the mean of bᵢ²), which moves no gradient.
    summary: `two valleys along x, the one at x ≈ ${deepX.toFixed(2)} deeper, a saddle between them; the mean of ${count} examples' costs (up to a constant)`,
    expression: `(x^2 - 1)^2 + ${tilt} x + y^2`,
    variables: ['x', 'y'],
    dimension: 2 as const,
    value: (p: ArrayLike<number>) => (p[0]! ** 2 - 1) ** 2 + tilt * p[0]! + p[1]! ** 2,
    gradient: (p: ArrayLike<number>, out: Float32Array | Float64Array) => {
      out[0] = 4 * p[0]! * (p[0]! ** 2 - 1) + tilt;
      out[1] = 2 * p[1]!;
    },
    minima: [[deepX, 0]],
    minimumValue: (deepX ** 2 - 1) ** 2 + tilt * deepX,
    domain: [
      [-2, 2],
      [-1.6, 1.6],
    ] as [[number, number], [number, number]],
    suggestedStart: [saddleX, 1],
  });
  return {
    landscape,
    count,
    saddle: [saddleX, 0],
    deep: [deepX, 0],
    shallow: [shallowX, 0],
    tilt,
    gradientOn(indices, start, size, p, out) {
      let sa = 0,
        sb = 0;
      for (let k = start; k < start + size; k++) {
        sa += a[indices[k]!]!;
        sb += b[indices[k]!]!;
      }
      const x = p[0]!,
        y = p[1]!;
      out[0] = 4 * x * (x * x - 1) + sa / size;
      out[1] = 2 * y - (2 * sb) / size;
    },
  };
}

/**
 * Mini-batch descent on an example sum: each epoch the examples are shuffled
 * and cut into batches of `batch`, and the stepper takes one step per batch on
 * that batch's mean gradient (with `batch` = all of them, full-batch descent).
 */
export function descendOnExamples(
  sum: ExampleSum,
  stepper: Stepper,
  start: readonly number[],
  options: { epochs: number; batch: number; rng: NoiseSource },
): DescentPath {
  const { epochs, batch } = options;
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= sum.count))
    throw new LandscapeError('bad-argument', `batch: expected a whole number from 1 to ${sum.count}, found ${batch}`);
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new LandscapeError('bad-argument', `epochs: expected a whole number ≥ 0, found ${epochs}`);
  const order = Uint32Array.from({ length: sum.count }, (_, i) => i);
  const params = Float32Array.from(start),
    grads = new Float32Array(start.length);
  const points = [Array.from(params)],
    values = [sum.landscape.value(params)];
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = options.rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let s = 0; s + batch <= order.length; s += batch) {
      sum.gradientOn(order, s, batch, params, grads);
      stepper.step(params, grads);
    }
    points.push(Array.from(params));
    values.push(sum.landscape.value(params));
  }
  const diverged = !values.every(Number.isFinite);
  return { points, values, final: { point: points.at(-1)!, value: values.at(-1)! }, diverged };
}

/**
 * Descent on any landscape with Gaussian noise of standard deviation `noise`
 * added to every component of the gradient: the noise model of a mini-batch's
 * gradient (an unbiased estimate, off by about σ/√batch), for surfaces that are
 * not a sum over examples.
 */
export function descendWithNoise(
  landscape: Landscape,
  stepper: Stepper,
  start: readonly number[],
  steps: number,
  options: { noise: number; rng: NoiseSource },
): DescentPath {
  if (!(options.noise >= 0 && options.noise < Infinity))
    throw new LandscapeError('bad-argument', `noise: expected a standard deviation ≥ 0, found ${options.noise}`);
  const params = Float32Array.from(start),
    grads = new Float32Array(start.length);
  const points = [Array.from(params)],
    values = [landscape.value(params)];
  for (let t = 0; t < steps; t++) {
    landscape.gradient(params, grads);
    for (let i = 0; i < grads.length; i++) grads[i]! += options.rng.normal(0, options.noise);
    stepper.step(params, grads);
    points.push(Array.from(params));
    values.push(landscape.value(params));
    if (!Number.isFinite(values.at(-1)!)) break;
  }
  const diverged = !values.every(Number.isFinite);
  return { points, values, final: { point: points.at(-1)!, value: values.at(-1)! }, diverged };
}
