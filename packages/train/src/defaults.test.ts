import { defineOptimizer, getOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { defaultLearningRate, lessonLearningRate } from './defaults.js';

it("takes the lesson's η = 3 for plain gradient descent, else the optimizer's own default", () => {
  expect(lessonLearningRate).toBe(3);
  expect(defaultLearningRate(getOptimizer('sgd'))).toBe(lessonLearningRate);
  expect(defaultLearningRate(getOptimizer('gd'))).toBe(lessonLearningRate);
  expect(defaultLearningRate(getOptimizer('adam'))).toBe(getOptimizer('adam').defaults.learningRate);
  expect(defaultLearningRate(getOptimizer('momentum'))).toBe(getOptimizer('momentum').defaults.learningRate);
  expect(getOptimizer('adam').defaults.learningRate).not.toBe(3);
});

it('reads the rate from the definition, never from its name: an optimizer from outside says its own', () => {
  const update = () => {};
  const spec = { summary: 'a test optimizer', defaults: { learningRate: 0.01 }, slots: [], update };
  expect(defaultLearningRate(defineOptimizer({ ...spec, name: 'sgd-like', trainingLearningRate: 0.5 }))).toBe(0.5);
  expect(defaultLearningRate(defineOptimizer({ ...spec, name: 'sgd' }))).toBe(0.01);
});
