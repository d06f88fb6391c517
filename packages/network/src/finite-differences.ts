import type { Cost } from '@downhill/cost';
import type { Matrix } from '@downhill/linalg';
import type { Network } from './network.js';

/** Options of `finiteDifferenceGradient`. */
export interface FiniteDifferenceOptions {
  /** The nudge h (default 1e-2): large enough that float32 rounding of the cost stays small next to C(θ + h) − C(θ − h). */
  readonly h?: number;
  /** Only these parameters (indices into `network.params`); default all. */
  readonly indices?: ArrayLike<number>;
  /** Called now and then with the parameters done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The gradient the slow way, as the lesson describes before backpropagation:
 * nudge each weight and bias θᵢ up and down by h and see how the batch's cost
 * changes, ∂C/∂θᵢ ≈ (C(θ + h eᵢ) − C(θ − h eᵢ)) / (2h). Two forward passes per
 * parameter (26,004 for the lesson's network); backprop gets all of them from
 * one forward and one backward pass. The nudges are the float32 steps actually
 * stored, and every parameter is put back as it was.
 */
export function finiteDifferenceGradient(
  network: Network,
  x: Matrix,
  y: Matrix,
  cost: Cost,
  options: FiniteDifferenceOptions = {},
): { gradient: Float64Array; forwardPasses: number } {
  const h = options.h ?? 1e-2;
  if (!(h > 0 && h < Infinity)) throw new RangeError(`finiteDifferenceGradient: expected a nudge h > 0, found ${h}`);
  const params = network.params;
  const total = options.indices?.length ?? params.length;
  const gradient = new Float64Array(total);
  const costAt = (): number => cost.value(network.forward(x), y);
  let passes = 0;
  for (let k = 0; k < total; k++) {
    const i = options.indices ? options.indices[k]! : k;
    if (!(Number.isInteger(i) && i >= 0 && i < params.length))
      throw new RangeError(`finiteDifferenceGradient: expected parameter indices 0 to ${params.length - 1}, found ${i}`);
    const theta = params[i]!;
    params[i] = theta + h;
    const up = params[i]!;
    const above = costAt();
    params[i] = theta - h;
    const down = params[i]!;
    const below = costAt();
    params[i] = theta;
    passes += 2;
    gradient[k] = (above - below) / (up - down);
    if (options.onProgress && (k + 1) % 500 === 0) options.onProgress(k + 1, total);
  }
  options.onProgress?.(total, total);
  return { gradient, forwardPasses: passes };
}

/** How two gradients of the same parameters differ (`compareGradients`). */
export interface GradientComparison {
  /** The largest |aᵢ − bᵢ|. */
  readonly worst: number;
  /** The i where it is. */
  readonly worstAt: number;
  /** The largest |aᵢ|. */
  readonly largest: number;
  /** Components with aᵢ ≠ 0. */
  readonly nonzero: number;
  /** How many of those have bᵢ of the same sign. */
  readonly signsAgree: number;
  /** Components with |aᵢ| above `worst`: those whose sign no disagreement seen could flip (the others are, for `b`, within its error of 0). */
  readonly clear: number;
  /** How many of those have bᵢ of the same sign (all, when `b` is a sound estimate). */
  readonly clearSignsAgree: number;
}

/** Backprop's gradient `a` against another estimate `b` (finite differences, say): the largest disagreement and the signs that agree. */
export function compareGradients(a: ArrayLike<number>, b: ArrayLike<number>): GradientComparison {
  if (a.length !== b.length) throw new RangeError(`compareGradients: expected gradients of the same length, found ${a.length} and ${b.length}`);
  let largest = 0,
    worst = 0,
    worstAt = 0,
    signsAgree = 0,
    nonzero = 0;
  for (let i = 0; i < a.length; i++) {
    largest = Math.max(largest, Math.abs(a[i]!));
    const d = Math.abs(a[i]! - b[i]!);
    if (d > worst) {
      worst = d;
      worstAt = i;
    }
    if (a[i] !== 0) {
      nonzero++;
      if (Math.sign(a[i]!) === Math.sign(b[i]!)) signsAgree++;
    }
  }
  let clear = 0,
    clearSignsAgree = 0;
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i]!) > worst) {
      clear++;
      if (Math.sign(a[i]!) === Math.sign(b[i]!)) clearSignsAgree++;
    }
  }
  return { worst, worstAt, largest, nonzero, signsAgree, clear, clearSignsAgree };
}

/**
 * The median wall time of `reps` calls of `f`, in milliseconds: how the backprop
 * experiments time one backward pass (a single call is too short for the clock).
 */
export function medianMilliseconds(f: () => void, reps: number): number {
  if (!(Number.isInteger(reps) && reps >= 1)) throw new RangeError(`medianMilliseconds: expected a whole number of repetitions, at least 1, found ${reps}`);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}
