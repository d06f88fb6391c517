import { getOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { defaultLearningRate, lessonLearningRate } from './defaults.js';

it("takes the lesson's η = 3 for plain gradient descent, else the optimizer's own default", () => {
  expect(lessonLearningRate).toBe(3);
  expect(defaultLearningRate(getOptimizer('sgd'))).toBe(3);
  expect(defaultLearningRate(getOptimizer('gd'))).toBe(3);
  expect(defaultLearningRate(getOptimizer('adam'))).toBe(getOptimizer('adam').defaults.learningRate);
  expect(defaultLearningRate(getOptimizer('momentum'))).toBe(getOptimizer('momentum').defaults.learningRate);
  expect(getOptimizer('adam').defaults.learningRate).not.toBe(3);
});
