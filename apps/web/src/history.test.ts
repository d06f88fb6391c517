import { describe, expect, it } from 'vitest';
import { RunHistory } from './history.js';

function twoEpochs(): RunHistory {
  const history = new RunHistory();
  for (const epoch of [1, 2]) {
    for (const batch of [50, 100]) history.progress({ type: 'progress', epoch, epochs: 2, batch, batches: 100, cost: 0.1 / epoch / (batch / 50), examplesPerSecond: 1e5 });
    history.epoch({ type: 'epoch', epoch, epochs: 2, cost: 0.08 / epoch, testAccuracy: [0.85, 0.9][epoch - 1]!, seconds: 1, examplesPerSecond: 1e5 });
  }
  return history;
}

describe('RunHistory', () => {
  it('puts progress at fractional epochs and keeps each epoch’s cost and accuracy', () => {
    const history = twoEpochs();
    expect(history.running.x).toEqual([0.5, 1, 1.5, 2]);
    expect(history.epochCost).toEqual({ x: [1, 2], y: [0.08, 0.04] });
    expect(history.testAccuracy.y).toEqual([0.85, 0.9]);
    expect(history.lastAccuracy).toBe(0.9);
    expect(new RunHistory().lastAccuracy).toBeUndefined();
  });
});
