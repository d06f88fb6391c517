import { describe, expect, it } from 'vitest';
import { MAX_POINTS, RunHistory } from './history.js';

function twoEpochs(): RunHistory {
  const history = new RunHistory();
  for (const epoch of [1, 2]) {
    for (const batch of [50, 100])
      history.progress({
        type: 'progress',
        epoch,
        epochs: 2,
        batch,
        batches: 100,
        step: batch,
        cost: 0.1 / epoch / (batch / 50),
        batchCost: 0.1,
        examplesPerSecond: 1e5,
      });
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

  it('keeps a few hundred points of a long run, the newest all, the oldest thinned, in order', () => {
    const history = new RunHistory();
    for (let batch = 1; batch <= 5000; batch++) {
      history.progress({
        type: 'progress',
        epoch: 1,
        epochs: 1,
        batch,
        batches: 5000,
        step: batch,
        cost: 1 / batch,
        batchCost: 1 / batch,
        examplesPerSecond: 1e5,
      });
    }
    const { x, y } = history.running;
    expect(x.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(x.length).toBeGreaterThan(MAX_POINTS / 2);
    expect(x.at(-1)).toBe(1);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]!);
    expect(y.every((v, i) => Math.abs(v - 1 / (x[i]! * 5000)) < 1e-9)).toBe(true);
  });
});
