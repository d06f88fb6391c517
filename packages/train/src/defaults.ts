import type { OptimizerDefinition } from '@downhill/optim';

/** The lesson's learning rate for plain gradient descent, full-batch or stochastic (Nielsen's η = 3.0). */
export const lessonLearningRate = 3.0;

/**
 * η when the user names none: what the optimizer's definition says to train
 * a network with (`trainingLearningRate`): the lesson's 3.0 for sgd and gd,
 * else the optimizer's own default (Adam's 0.001 and the like are sized for
 * networks in their own papers).
 */
export function defaultLearningRate(definition: OptimizerDefinition): number {
  return definition.trainingLearningRate;
}
