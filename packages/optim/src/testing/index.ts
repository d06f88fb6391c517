/**
 * The conformance checks every optimizer passes, as plain functions that need
 * no test runner, and the test problems they run on.
 *
 * @module @downhill/optim/testing
 */
// The conformance checks as plain functions: no test runner needed, so they
// run under vitest, node:test, jest or a script alike. The vitest suite that
// runs them all is `optimizerConformance` from '@downhill/optim/testing/vitest'.
export {
  ConformanceError,
  type ConformanceOptions,
  type ProblemOptions,
  checkConverges,
  checkConvergesOnBowl,
  checkConvergesOnRosenbrock,
  checkGoldenSteps,
  checkStateRoundTrip,
  checkGradientUntouched,
  checkNoAllocation,
  checkRejectsNonFinite,
  ALLOCATION_LIMIT_BYTES_PER_STEP,
  runSteps,
  goldenTrajectory,
} from './checks.js';
export { type Problem, illConditionedBowl, rosenbrockProblem, goldenProblem, coupledQuadratic } from './problems.js';
export {
  type ReferenceStep,
  type AgreementOptions,
  type Agreement,
  checkAgreement,
  referenceTrajectory,
  optimizerTrajectory,
} from './agreement.js';
export { bytesAllocatedDuring, bytesPerCall } from './allocation.js';
