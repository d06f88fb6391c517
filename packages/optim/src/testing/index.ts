export { optimizerConformance } from './conformance.js';
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
  descend,
  goldenTrajectory,
} from './checks.js';
export { type Problem, illConditionedBowl, rosenbrock, goldenProblem } from './problems.js';
export { bytesAllocatedDuring, bytesPerCall } from './allocation.js';
