import { describe, expect, it } from 'vitest';
import { RunHistory } from './history.js';
import { createRun } from './model.js';
import { accuracyChart, chartSize, confusionPicture, costChart, diagramPicture, randomLabelsChart } from './render.js';
import { defaultSettings } from './settings.js';

function twoEpochs(): RunHistory {
  const history = new RunHistory();
  for (const epoch of [1, 2]) {
    history.progress({
      type: 'progress',
      epoch,
      epochs: 2,
      batch: 100,
      batches: 100,
      step: 100 * epoch,
      cost: 0.1 / epoch,
      batchCost: 0.1,
      examplesPerSecond: 1e5,
    });
    history.epoch({ type: 'epoch', epoch, epochs: 2, cost: 0.08 / epoch, testAccuracy: 0.8 + epoch / 20, seconds: 1, examplesPerSecond: 1e5 });
  }
  return history;
}

describe('the charts', () => {
  it('draw the cost and the accuracy as line charts with one path per series, at the size asked', () => {
    const history = twoEpochs();
    const cost = costChart(history, 'quadratic', { width: 500, height: 300 });
    expect(cost).toMatch(/^<svg[^>]* width="500" height="300" viewBox="0 0 500 300"/);
    expect(cost).toContain('Training cost (quadratic)');
    expect(cost.match(/<path d="M[^"]+" fill="none" stroke="#/g)).toHaveLength(2);
    const accuracy = accuracyChart(history, 500);
    expect(accuracy).toContain('Test accuracy (500 new digits)');
    expect(accuracy).toContain('accuracy (%)');
  });

  it('fill the box they are in, a little larger than life on a big screen', () => {
    expect(chartSize(460, 300)).toEqual({ width: 460, height: 300 });
    expect(chartSize(690, 450)).toEqual({ width: 460, height: 300 });
    expect(chartSize(300, 100)).toEqual({ width: 320, height: 200 });
  });

  it('draw the confusion matrix, the network lighting up for a digit, and the random-labels runs', () => {
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : 1)));
    expect(confusionPicture(confusion, 1000)).toContain('1,000 test digits: the true digit (rows) against the network');
    const { network } = createRun(defaultSettings);
    const diagram = diagramPicture(network, new Float32Array(784).fill(0.5));
    expect(diagram).toContain('A 784-16-16-10 network');
    expect(diagram.match(/<circle/g)!.length).toBeGreaterThanOrEqual(16 + 16 + 10);
    const runs = { true: { epoch: [1, 2], train: [0.8, 0.95], test: [0.7, 0.85] }, shuffled: { epoch: [1], train: [0.2], test: [0.1] } };
    expect(randomLabelsChart(runs).match(/<path d="M[^"]+" fill="none" stroke="#/g)).toHaveLength(4);
  });
});
