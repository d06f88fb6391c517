import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';
import { nearestMinimum } from './nearest-minimum.js';
import { checkStart } from './start-point.js';

/** Anything that updates parameters in place from their gradient, e.g. an `@downhill/optim` Optimizer. */
export interface Stepper {
  /** `info.loss` is f at `params` (for rules that read it, such as Polyak steps). */
  step(params: Float32Array, grads: Float32Array, info?: { readonly loss: number }): void;
}

/** Options of `descend`. */
export interface DescentOptions {
  /** Distance to a known minimum that counts as arriving there; default 1e-3. */
  tolerance?: number;
  /** Called after each step (1, 2, ...) with the new point and f there. */
  onStep?: (step: number, point: number[], value: number) => void;
}

/** Where a descent went: every point and the value there, and how it ended. */
export interface DescentPath {
  /** The start, then one point per step taken. */
  points: number[][];
  /** f at each point. */
  values: number[];
  /** The first step (0 = the start) within `tolerance` of a known minimum, if any. */
  stepsToMinimum?: number;
  /** The last point reached and f there. */
  final: {
    /** The point. */
    point: number[];
    /** f there. */
    value: number;
  };
  /** The run blew up (f non-finite or above 1e12); the path ends at that step. */
  diverged: boolean;
  /** The step at which it diverged. */
  divergedAt?: number;
}

/** Beyond this, a cost has blown up rather than descended: the learning rate is too large. */
const DIVERGENCE_THRESHOLD = 1e12;

/**
 * Rolls the ball: from `start`, `steps` times, gradient then `stepper.step(params, grads)`,
 * with the parameters held as float32 like a network's. A blow-up ends the path
 * and sets `diverged`; it does not throw.
 */
export function descend(landscape: Landscape, stepper: Stepper, start: number[], steps: number, options: DescentOptions = {}): DescentPath {
  checkStart(landscape, start);
  if (!Number.isInteger(steps) || steps < 0) {
    throw new LandscapeError('bad-argument', `steps: expected a whole number ≥ 0, found ${String(steps)}`);
  }
  if (stepper == null || typeof stepper.step !== 'function') {
    throw new LandscapeError('bad-argument', `stepper: expected an object with a step(params, grads) method, found ${String(stepper)}`);
  }
  const tolerance = options.tolerance ?? 1e-3;
  if (!(tolerance >= 0)) {
    throw new LandscapeError('bad-argument', `tolerance: expected a number ≥ 0, found ${String(tolerance)}`);
  }
  const { onStep } = options;

  const params = Float32Array.from(start);
  const grads = new Float32Array(landscape.dimension);
  const first = Array.from(params);
  const points = [first];
  const values = [landscape.value(params)];
  let stepsToMinimum = arrived(landscape, first, tolerance) ? 0 : undefined;
  let divergedAt: number | undefined;

  const info = { loss: values[0]! };
  for (let step = 1; step <= steps; step++) {
    landscape.gradient(params, grads);
    stepper.step(params, grads, info);
    const point = Array.from(params);
    const value = landscape.value(params);
    info.loss = value;
    points.push(point);
    values.push(value);
    onStep?.(step, point, value);
    if (!Number.isFinite(value) || value > DIVERGENCE_THRESHOLD || !point.every(Number.isFinite)) {
      divergedAt = step;
      break;
    }
    if (stepsToMinimum === undefined && arrived(landscape, point, tolerance)) stepsToMinimum = step;
  }

  const path: DescentPath = {
    points,
    values,
    final: { point: points[points.length - 1], value: values[values.length - 1] },
    diverged: divergedAt !== undefined,
  };
  if (stepsToMinimum !== undefined) path.stepsToMinimum = stepsToMinimum;
  if (divergedAt !== undefined) path.divergedAt = divergedAt;
  return path;
}

/** Within `tolerance` of a known minimum. */
function arrived(landscape: Landscape, point: number[], tolerance: number): boolean {
  const nearest = nearestMinimum(landscape, point);
  return nearest !== undefined && nearest.distance <= tolerance;
}
