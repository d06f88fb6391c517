import type { OptimizerDefinition } from '../define.js';
import { createOptimizer } from '../optimizer.js';
import { ConformanceError, runSteps } from './checks.js';
import { type Problem, coupledQuadratic } from './problems.js';

// Agreement with another implementation, step by step: typically a float64
// transcription of torch.optim's documented algorithm, written independently
// of the rule under test. downhill keeps θ and the slots in float32, so the
// two differ by float32 rounding (≈ 6e-8 relative per operation).

/**
 * One step of a reference implementation, in float64: (θ_{t−1}, g_t, state,
 * t, loss) → θ_t, where g_t and loss are ∇f and f at θ_{t−1}. Keep what the
 * rule remembers in `state` (empty before step 1).
 */
export type ReferenceStep = (theta: number[], g: number[], state: Record<string, number[]>, t: number, loss: number) => number[];

/** Options of `checkAgreement`. */
export interface AgreementOptions {
  /** The reference's rule, with the same hyperparameters as `hyper`. */
  reference: ReferenceStep;
  /** Hyperparameter overrides for the optimizer under test. */
  hyper?: Record<string, number>;
  /** Steps compared. Default 5. */
  steps?: number;
  /** Default `coupledQuadratic`. */
  problem?: Problem;
  /** Largest allowed |θ − θ_ref| / |θ_ref| per coordinate and step. Default 1e-6. */
  tolerance?: number;
}

/** How closely the two agreed: the largest absolute and relative differences over every coordinate of every step. */
export interface Agreement {
  /** Steps compared. */
  steps: number;
  /** The largest |θ − θ_ref| over every coordinate of every step. */
  maxAbsDiff: number;
  /** The largest |θ − θ_ref| / |θ_ref|. */
  maxRelDiff: number;
}

/** θ₁ … θ_steps of the reference rule on `problem`, in float64. */
export function referenceTrajectory(reference: ReferenceStep, steps = 5, problem: Problem = coupledQuadratic): number[][] {
  let theta = [...problem.start];
  const state: Record<string, number[]> = {};
  const g = new Float64Array(theta.length);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    problem.gradient(theta, g);
    theta = reference(theta, [...g], state, t, problem.value(theta));
    out.push(theta);
  }
  return out;
}

/** θ₁ … θ_steps of the optimizer on `problem` (float32 parameters), each step given the gradient and the loss. */
export function optimizerTrajectory(
  definition: OptimizerDefinition,
  hyper: Record<string, number> = {},
  steps = 5,
  problem: Problem = coupledQuadratic,
): number[][] {
  const optimizer = createOptimizer(definition, problem.start.length, hyper);
  const params = Float32Array.from(problem.start);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) out.push([...runSteps(optimizer, problem, 1, params)]);
  return out;
}

/**
 * The optimizer and the reference take the same steps on `problem`, to a
 * relative `tolerance`; throws a ConformanceError naming the first step and
 * coordinate that disagree, else returns how closely they agreed.
 */
export function checkAgreement(definition: OptimizerDefinition, options: AgreementOptions): Agreement {
  const { reference, hyper = {}, steps = 5, problem = coupledQuadratic, tolerance = 1e-6 } = options;
  const expected = referenceTrajectory(reference, steps, problem);
  const found = optimizerTrajectory(definition, hyper, steps, problem);
  let maxAbsDiff = 0,
    maxRelDiff = 0;
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < expected[t]!.length; i++) {
      const e = expected[t]![i]!,
        x = found[t]![i]!;
      const abs = Math.abs(x - e),
        rel = abs / Math.abs(e);
      if (!(abs <= tolerance * Math.abs(e))) {
        throw new ConformanceError(
          definition.name,
          `agreement with the reference on ${problem.name}`,
          `θ${i} = ${e} at step ${t + 1} (within ${tolerance.toExponential()} relative) with ${JSON.stringify(hyper)}`,
          `${x}`,
        );
      }
      maxAbsDiff = Math.max(maxAbsDiff, abs);
      maxRelDiff = Math.max(maxRelDiff, rel);
    }
  }
  return { steps, maxAbsDiff, maxRelDiff };
}
