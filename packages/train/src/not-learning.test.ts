import { describe, expect, it } from 'vitest';
import { notLearning, notLearningAfterSteps } from './not-learning.js';

describe('notLearning', () => {
  it('is about chance after 1,000 mini-batches, not before, and not above 1.5 times chance', () => {
    expect(notLearningAfterSteps).toBe(1000);
    expect(notLearning(0.1, 10, 1000)).toBe(true);
    expect(notLearning(0.1, 10, 999)).toBe(false);
    expect(notLearning(0.149, 10, 5000)).toBe(true);
    expect(notLearning(0.15, 10, 5000)).toBe(false);
    expect(notLearning(0.7, 2, 1000)).toBe(true);
    expect(notLearning(0.76, 2, 1000)).toBe(false);
  });
});
