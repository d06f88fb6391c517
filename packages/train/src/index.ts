export { type Examples, imageExamples, pointExamples } from './examples.js';
export { DivergenceError } from './divergence.js';
export { type Evaluation, evaluate } from './evaluate.js';
export { type EpochResult, type TrainEvent, type TrainOptions, type TrainResult, train } from './train.js';
export { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export { WeightAverage } from './weight-average.js';
export { defaultLearningRate, lessonLearningRate } from './defaults.js';
