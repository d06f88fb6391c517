import { type DescentPath, type Landscape, LEARNING_RATE_SWEEP, descend, nearestMinimum } from '@downhill/landscapes';
import { type Optimizer, type OptimizerDefinition, createOptimizer } from '@downhill/optim';

/** How a run ended early: blown up, out of f's domain, or at a point with no gradient. */
export type Stop =
  | { kind: 'diverged'; step: number }
  | { kind: 'value-not-real'; step: number; point: number[] }
  | { kind: 'gradient-not-real'; step: number; point: number[] };

export interface Run {
  optimizer: Optimizer;
  path: DescentPath;
  /** Steps are counted from 1 here; the printout labels them from 0, as the notebook does. */
  stop?: Stop;
  /** Distance from the last finite point to the nearest known minimum. */
  distance?: number;
}

/**
 * One descent with one optimizer. A gradient that is not a real number (|x|
 * at 0, sqrt(x) below 0) ends the path like a blow-up instead of throwing, so a
 * race can report it in its row and carry on.
 */
export function runDescent(
  landscape: Landscape,
  optimizer: Optimizer,
  start: number[],
  steps: number,
  options: { tolerance: number; onStep?: (step: number, point: number[], value: number) => void },
): Run {
  let badGradient = false;
  const stepper = {
    step(params: Float32Array, grads: Float32Array, info?: { readonly loss: number }): void {
      if (grads.every(Number.isFinite)) {
        optimizer.step(params, grads, info);
        return;
      }
      // NaN parameters make descend end the path here and mark it.
      badGradient = true;
      params.fill(Number.NaN);
    },
  };
  const { onStep } = options;
  const path = descend(landscape, stepper, start, steps, {
    tolerance: options.tolerance,
    // The NaN point that marks a missing gradient is not a step to show.
    ...(onStep && { onStep: (step: number, point: number[], value: number) => badGradient || onStep(step, point, value) }),
  });
  const run: Run = { optimizer, path };
  if (path.divergedAt !== undefined) {
    const step = path.divergedAt;
    const before = path.points[step - 1]!;
    const point = path.points[step]!;
    if (badGradient) run.stop = { kind: 'gradient-not-real', step, point: before };
    else if (Number.isNaN(path.values[step]) && point.every(Number.isFinite)) run.stop = { kind: 'value-not-real', step, point };
    else run.stop = { kind: 'diverged', step };
  }
  const last = lastFinite(path);
  const nearest = nearestMinimum(landscape, last.point);
  if (nearest !== undefined && run.stop?.kind !== 'diverged') run.distance = nearest.distance;
  return run;
}

/** The last point of the path where f was a real number, and f there. */
export function lastFinite(path: DescentPath): { point: number[]; value: number } {
  for (let i = path.points.length - 1; i >= 0; i--) {
    if (Number.isFinite(path.values[i]) && path.points[i]!.every(Number.isFinite)) return { point: path.points[i]!, value: path.values[i]! };
  }
  return path.final;
}

/**
 * The learning rate of the landscapes' sweep (1e-4 to 1) that ends within
 * `tolerance` of a known minimum in the fewest steps, the other
 * hyperparameters as given; undefined if none does.
 */
export function suggestLearningRate(
  landscape: Landscape,
  definition: OptimizerDefinition,
  hyper: Record<string, number>,
  start: number[],
  steps: number,
  tolerance: number,
): { learningRate: number; steps: number } | undefined {
  let best: { learningRate: number; steps: number } | undefined;
  for (const learningRate of LEARNING_RATE_SWEEP) {
    let optimizer: Optimizer;
    try {
      optimizer = createOptimizer(definition, landscape.dimension, { ...hyper, learningRate });
    } catch {
      continue; // a rate this optimizer refuses
    }
    const run = runDescent(landscape, optimizer, start, steps, { tolerance });
    const arrived = run.path.stepsToMinimum;
    if (run.stop === undefined && arrived !== undefined && run.distance !== undefined && run.distance <= tolerance) {
      if (best === undefined || arrived < best.steps) best = { learningRate, steps: arrived };
    }
  }
  return best;
}
