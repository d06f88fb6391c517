import type { OptimizerDefinition } from '../define.js';
import { NonFiniteGradientError } from '../errors.js';
import { type Optimizer, createOptimizer } from '../optimizer.js';
import { bytesPerCall } from './allocation.js';
import { type Problem, goldenProblem, illConditionedBowl, rosenbrockProblem } from './problems.js';
import { DownhillError } from '../errors.js';

// The conformance checks as plain functions: each returns quietly or throws a
// ConformanceError saying what was expected and what was found. The vitest
// suite in vitest.ts is a thin wrapper; tests of the suite call these.

/** A check that an optimizer failed. */
export class ConformanceError extends DownhillError {
  override readonly code = 'CONFORMANCE';
  override name = 'ConformanceError';
  constructor(
    /** The optimizer checked. */
    readonly optimizer: string,
    /** The check that failed, e.g. `'golden steps'`. */
    readonly check: string,
    /** What the check expected. */
    readonly expected: string,
    /** What the optimizer did. */
    readonly found: string,
  ) {
    super(`${optimizer} / ${check}: expected ${expected}, found ${found}`);
  }
}

/** How to run one optimizer on one test problem. */
export interface ProblemOptions {
  /** Hyperparameter overrides for this problem (e.g. a smaller η for the steep bowl). */
  hyper?: Record<string, number>;
  /** The step budget. Default 10,000 for the bowl, 50,000 for Rosenbrock. */
  steps?: number;
  /** Largest allowed distance ‖w − w*‖ after the budget. Default 1e-2. */
  tolerance?: number;
}

/**
 * What `optimizerConformance` and the checks need to know about an optimizer: its golden steps, and any
 * hyperparameters it needs per problem.
 */
export interface ConformanceOptions {
  /** w₁, w₂, ... on `goldenProblem` under the defaults (with `goldenHyper`), computed independently of the code. */
  goldenSteps: readonly (readonly number[])[];
  /** Hyperparameter overrides for the golden steps (default: its defaults). */
  goldenHyper?: Record<string, number>;
  /** Allowed |found − expected| / max(1, |expected|) for golden steps. Default 1e-6 (float32 rounding is 6e-8). */
  goldenTolerance?: number;
  /** How to run it on `illConditionedBowl`. */
  bowl?: ProblemOptions;
  /** How to run it on `rosenbrockProblem`. */
  rosenbrock?: ProblemOptions;
}

const DEFAULT_STEPS = { bowl: 10_000, rosenbrock: 50_000 };

/**
 * Run `steps` steps on `problem` from its start (or from `params`, changed in
 * place), each given the gradient and the loss there; returns the parameters.
 */
export function runSteps(optimizer: Optimizer, problem: Problem, steps: number, params = Float32Array.from(problem.start)): Float32Array {
  const grads = new Float32Array(params.length);
  const info = { loss: 0 };
  for (let k = 0; k < steps; k++) {
    problem.gradient(params, grads);
    info.loss = problem.value(params);
    optimizer.step(params, grads, info);
  }
  return params;
}

/** The parameters after each of the first `steps` steps on `goldenProblem`: what a golden-steps check compares. */
export function goldenTrajectory(definition: OptimizerDefinition, steps: number, hyper: Record<string, number> = {}): number[][] {
  const optimizer = createOptimizer(definition, goldenProblem.start.length, hyper);
  const params = Float32Array.from(goldenProblem.start);
  const trajectory: number[][] = [];
  for (let k = 0; k < steps; k++) trajectory.push([...runSteps(optimizer, goldenProblem, 1, params)]);
  return trajectory;
}

function distance(a: ArrayLike<number>, b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Reaches `problem`'s minimum (within `tolerance`) after the step budget. */
export function checkConverges(definition: OptimizerDefinition, problem: Problem, options: ProblemOptions = {}, defaultSteps = 10_000): void {
  const { hyper = {}, steps = defaultSteps, tolerance = 1e-2 } = options;
  const optimizer = createOptimizer(definition, problem.start.length, hyper);
  let params: Float32Array;
  try {
    params = runSteps(optimizer, problem, steps);
  } catch (error) {
    if (!(error instanceof NonFiniteGradientError)) throw error;
    throw new ConformanceError(definition.name, problem.name, `to converge with ${JSON.stringify(optimizer.h)}`, `divergence at step ${optimizer.t + 1}`);
  }
  const d = distance(params, problem.minimum);
  if (!(d <= tolerance)) {
    throw new ConformanceError(
      definition.name,
      problem.name,
      `‖w − w*‖ ≤ ${tolerance} after ${steps} steps with ${JSON.stringify(optimizer.h)}`,
      `w = (${[...params].join(', ')}), ‖w − w*‖ = ${d}`,
    );
  }
}

/**
 * It gets within `tolerance` of the minimum of `illConditionedBowl` within the budget (default 10,000 steps).
 */
export const checkConvergesOnBowl = (definition: OptimizerDefinition, options: ProblemOptions = {}) =>
  checkConverges(definition, illConditionedBowl, options, DEFAULT_STEPS.bowl);

/** It gets within `tolerance` of Rosenbrock's minimum (1, 1) within the budget (default 50,000 steps). */
export const checkConvergesOnRosenbrock = (definition: OptimizerDefinition, options: ProblemOptions = {}) =>
  checkConverges(definition, rosenbrockProblem, options, DEFAULT_STEPS.rosenbrock);

/** The first steps on `goldenProblem` equal the contributor's independently computed values. */
export function checkGoldenSteps(definition: OptimizerDefinition, options: ConformanceOptions): void {
  const { goldenSteps, goldenHyper = {}, goldenTolerance = 1e-6 } = options;
  if (goldenSteps.length === 0) {
    throw new ConformanceError(
      definition.name,
      'golden steps',
      'at least one golden step, computed from the paper (CONTRIBUTING.md, "Computing golden steps")',
      'none',
    );
  }
  const found = goldenTrajectory(definition, goldenSteps.length, goldenHyper);
  goldenSteps.forEach((expected, k) => {
    const ok =
      expected.length === goldenProblem.start.length && expected.every((e, i) => Math.abs(found[k]![i]! - e) <= goldenTolerance * Math.max(1, Math.abs(e)));
    if (!ok) {
      throw new ConformanceError(definition.name, `golden step ${k + 1}`, `w = (${expected.join(', ')})`, `w = (${found[k]!.join(', ')})`);
    }
  });
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length),
    y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

/**
 * state() saved mid-run and restored into a fresh instance (and into one with
 * another history) continues bit-identically; the saved state is a copy.
 */
export function checkStateRoundTrip(definition: OptimizerDefinition, options: ProblemOptions = {}): void {
  const problem = illConditionedBowl,
    n = problem.start.length,
    hyper = options.hyper ?? {};
  const original = createOptimizer(definition, n, hyper);
  const params = runSteps(original, problem, 7);
  const saved = original.state();
  const snapshot = JSON.stringify(saved, (_, v) => (v instanceof Float32Array ? [...v] : v));

  const fresh = createOptimizer(definition, n, hyper);
  fresh.restore(saved);
  const used = createOptimizer(definition, n, hyper);
  runSteps(used, problem, 3, Float32Array.from([0.5, -0.25]));
  used.restore(saved);

  const runs = [original, fresh, used].map((optimizer) => ({ optimizer, params: params.slice() }));
  for (let k = 1; k <= 20; k++) {
    for (const run of runs) runSteps(run.optimizer, problem, 1, run.params);
    for (const [label, run] of [
      ['a fresh', runs[1]!],
      ['a used', runs[2]!],
    ] as const) {
      if (!sameBits(run.params, runs[0]!.params)) {
        throw new ConformanceError(
          definition.name,
          'state round trip',
          `restored into ${label} instance, step ${k} after restore gives w = (${[...runs[0]!.params].join(', ')}) bit for bit`,
          `w = (${[...run.params].join(', ')}) (is some state kept outside the slots?)`,
        );
      }
    }
  }
  if (JSON.stringify(saved, (_, v) => (v instanceof Float32Array ? [...v] : v)) !== snapshot) {
    throw new ConformanceError(definition.name, 'state round trip', 'state() to return a copy', 'a saved state that changed as the optimizer stepped on');
  }
}

/** `step` never writes to the gradient array. */
export function checkGradientUntouched(definition: OptimizerDefinition, options: ProblemOptions = {}): void {
  const n = 5;
  const optimizer = createOptimizer(definition, n, options.hyper ?? {});
  const params = Float32Array.from([0.5, -1, 2, 0, 1e-3]);
  const grads = Float32Array.from([1.5, -0.25, 0, 3e-8, -7]);
  const copy = grads.slice();
  const info = { loss: 1 };
  for (let k = 0; k < 5; k++) {
    optimizer.step(params, grads, info);
    if (!sameBits(grads, copy)) {
      throw new ConformanceError(definition.name, 'gradient untouched', `grads = (${[...copy].join(', ')}) after step ${k + 1}`, `(${[...grads].join(', ')})`);
    }
  }
}

/** Largest allowed average heap allocation per step: any real allocation (a boxed number is 16 bytes, a typed array over 100) exceeds it. */
export const ALLOCATION_LIMIT_BYTES_PER_STEP = 1;

/**
 * `step` allocates nothing: after a warm-up, the least heap allocation over
 * five windows of 50,000 steps (counted with V8's GCProfiler, see
 * `bytesPerCall`) averages under one byte per step.
 */
export function checkNoAllocation(definition: OptimizerDefinition, options: ProblemOptions = {}): void {
  const problem = illConditionedBowl;
  const optimizer = createOptimizer(definition, problem.start.length, options.hyper ?? {});
  const params = Float32Array.from(problem.start);
  const grads = new Float32Array(params.length);
  const info = { loss: 0 };
  const perStep = bytesPerCall(() => {
    problem.gradient(params, grads);
    info.loss = problem.value(params);
    optimizer.step(params, grads, info);
  });
  if (!(perStep < ALLOCATION_LIMIT_BYTES_PER_STEP)) {
    throw new ConformanceError(
      definition.name,
      'no allocation',
      `< ${ALLOCATION_LIMIT_BYTES_PER_STEP} byte allocated per step`,
      `${perStep.toFixed(1)} bytes per step`,
    );
  }
}

/** A NaN or ±∞ in the gradient throws NonFiniteGradientError naming it, and changes nothing. */
export function checkRejectsNonFinite(definition: OptimizerDefinition, options: ProblemOptions = {}): void {
  for (const bad of [Number.NaN, Infinity, -Infinity]) {
    const optimizer = createOptimizer(definition, 4, options.hyper ?? {});
    const params = Float32Array.from([1, -1, 0.5, 2]);
    const info = { loss: 1 };
    optimizer.step(params, Float32Array.from([0.1, 0.2, -0.3, 0.4]), info);
    const before = { params: params.slice(), state: JSON.stringify(optimizer.state(), (_, v) => (v instanceof Float32Array ? [...v] : v)) };
    const grads = Float32Array.from([0.1, 0.2, bad, 0.4]);
    let caught: unknown;
    try {
      optimizer.step(params, grads, info);
    } catch (error) {
      caught = error;
    }
    const named = caught instanceof NonFiniteGradientError && caught.index === 2 && Object.is(caught.value, bad);
    if (!named) {
      throw new ConformanceError(
        definition.name,
        'non-finite gradient',
        `NonFiniteGradientError at index 2, value ${bad}`,
        caught === undefined ? 'no error' : String(caught),
      );
    }
    const after = JSON.stringify(optimizer.state(), (_, v) => (v instanceof Float32Array ? [...v] : v));
    if (!sameBits(params, before.params) || after !== before.state) {
      throw new ConformanceError(definition.name, 'non-finite gradient', 'parameters and state unchanged by the rejected step', 'changes');
    }
  }
}
