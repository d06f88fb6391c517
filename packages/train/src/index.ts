export { type Examples, imageExamples, pointExamples } from './examples.js';
export { DivergenceError } from './divergence.js';
export { type Evaluation, evaluate } from './evaluate.js';
export { type EpochResult, type TrainEvent, type TrainOptions, type TrainPosition, type TrainResult, TrainingInterrupted, train } from './train.js';
export { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export { WeightAverage } from './weight-average.js';
export { defaultLearningRate, lessonLearningRate } from './defaults.js';
export { checkSetting, parseDecimal, pickSettings, SettingError, type SettingName, type SettingValue, settingLimits, showValue } from './settings.js';
export { formatBytes, type MemoryPlan, parameterCountOf, trainingBytes } from './memory.js';
