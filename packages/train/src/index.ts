/**
 * The training loop: epochs of shuffled mini-batches, evaluation, progress
 * events, divergence checks, weight averaging and checkpoints; and setting up
 * a run from settings (`createRun`), with every default and validation message
 * once.
 *
 * @module @downhill/train
 */
export { consecutiveBatch, type Examples, imageExamples, pointExamples } from './examples.js';
export { notLearning, notLearningAfterSteps } from './not-learning.js';
export { DivergenceError } from './divergence.js';
export { DownhillError } from './errors.js';
export { type Evaluation, evaluate } from './evaluate.js';
export { type EpochResult, type TrainEvent, type TrainOptions, type TrainPosition, type TrainResult, TrainingInterrupted, train } from './train.js';
export { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export { WeightAverage } from './weight-average.js';
export { defaultLearningRate } from './defaults.js';
export { checkSetting, parseDecimal, pickSettings, SettingError, type SettingName, type SettingValue, settingLimits, showValue } from './settings.js';
export { formatBytes, type MemoryPlan, parameterCountOf, trainingBytes } from './memory.js';
export {
  createRun,
  type CreateRunOptions,
  lessonSettings,
  type ResolvedRunSettings,
  resolveRunSettings,
  type Run,
  type RunPresetName,
  type RunSettings,
  runPresets,
} from './run.js';
export { bangForBuck, type BangForBuck, costAfterNudge, gradientAnatomy, type GradientAnatomy } from './gradient-anatomy.js';
export { costAt, filterNormalizedDirection, principalDirections, type PrincipalDirections } from './slice.js';
