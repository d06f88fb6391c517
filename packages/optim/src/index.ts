/**
 * Optimizers on one parameter vector (GD, SGD, momentum, Nesterov, RMSProp,
 * Adagrad, Adam, AdamW and more), defined as data with `defineOptimizer`,
 * found by name in one registry; schedules and gradient clipping.
 *
 * @module @downhill/optim
 */
export { defineOptimizer, isDefinition } from './define.js';
export type {
  Hyperparameters,
  HyperparameterProblem,
  OptimizerDefinition,
  OptimizerSpec,
  UpdateArgs,
} from './define.js';
export { createOptimizer } from './optimizer.js';
export type { CreateOptions, Optimizer, OptimizerState, StepInfo } from './optimizer.js';
export { resolveParameterGroups, wholeVector } from './groups.js';
export type { ParameterGroup, ParameterGroupSpec } from './groups.js';
export { optimizers, registerOptimizer, getOptimizer } from './registry.js';
export type { RegisterOptions } from './registry.js';
export * from './builtins.js';
export { stepDecay, exponentialDecay, cosineDecay, warmup, withSchedule } from './schedule.js';
export type { Schedule } from './schedule.js';
export { withGradientClipping } from './clipping.js';
export { resolveHyperparameters } from './hyperparameters.js';
export { parseRange } from './range.js';
export type { Range } from './range.js';
export {
  DownhillError,
  OptimizerError,
  NonFiniteGradientError,
  UnknownOptimizerError,
  DuplicateOptimizerError,
  UnknownHyperparameterError,
  InvalidHyperparameterError,
  OptimizerStateError,
  LengthMismatchError,
  InvalidDefinitionError,
  ParameterGroupError,
  MissingLossError,
} from './errors.js';
