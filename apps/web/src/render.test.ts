import { describe, expect, it } from 'vitest';
import { RunHistory } from './history.js';
import { createRun } from './model.js';
import { accuracyChart, costChart, outputsPicture, weightsPicture } from './render.js';
import { defaultSettings } from './settings.js';

function twoEpochs(): RunHistory {
  const history = new RunHistory();
  for (const epoch of [1, 2]) {
    history.progress({ type: 'progress', epoch, epochs: 2, batch: 100, batches: 100, cost: 0.1 / epoch, examplesPerSecond: 1e5 });
    history.epoch({ type: 'epoch', epoch, epochs: 2, cost: 0.08 / epoch, testAccuracy: 0.8 + epoch / 20, seconds: 1, examplesPerSecond: 1e5 });
  }
  return history;
}

describe('the pictures', () => {
  it('draw the cost and the accuracy as line charts with one path per series', () => {
    const history = twoEpochs();
    const cost = costChart(history, 'quadratic');
    expect(cost).toMatch(/^<svg/);
    expect(cost).toContain('Training cost (quadratic)');
    expect(cost.match(/<path d="M[^"]+" fill="none" stroke="#/g)).toHaveLength(2);
    const accuracy = accuracyChart(history, 500);
    expect(accuracy).toContain('Test accuracy (500 images never trained on)');
    expect(accuracy).toContain('accuracy (%)');
  });

  it("draw the first layer's weights as one image per neuron, and a digit's outputs", () => {
    const { network } = createRun(defaultSettings);
    const weights = weightsPicture(network);
    expect(weights.match(/<image [^>]*href="data:image\/png;base64,/g)).toHaveLength(16);
    expect(weights).toContain('neuron 16');
    const outputs = outputsPicture(new Uint8Array(784).fill(200, 200, 300), Float32Array.from({ length: 10 }, (_, i) => (i === 7 ? 0.9 : 0.1)), 7);
    expect(outputs).toContain('Network says 7 · true label 7');
  });
});
