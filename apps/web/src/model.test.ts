import { toMnistPixels } from '@downhill/datasets';
import { describe, expect, it } from 'vitest';
import { createRun, predict } from './model.js';
import { defaultSettings } from './settings.js';

describe('createRun', () => {
  it("builds the lesson's 784-16-16-10 sigmoid network with its 13,002 parameters, the quadratic cost and sgd at η = 3", () => {
    const run = createRun(defaultSettings);
    expect(run.network.parameterCount).toBe(13_002);
    expect(run.spec.layers.map((l) => `${l.units} ${l.activation}`)).toEqual(['16 sigmoid', '16 sigmoid', '10 sigmoid']);
    expect(run.settings.init).toBe('lecun');
    expect(run.cost.name).toBe('quadratic');
    expect(run.optimizer.definition.name).toBe('sgd');
    expect(run.optimizer.h.learningRate).toBe(3);
  });

  it('gives cross-entropy a softmax output and ReLU layers He initialisation, as the CLI does', () => {
    const run = createRun({ ...defaultSettings, layers: [784, 30, 10], activation: 'relu', cost: 'cross-entropy', optimizer: 'adam', learningRate: 0.002 });
    expect(run.spec.layers.map((l) => l.activation)).toEqual(['relu', 'softmax']);
    expect(run.settings.init).toBe('he');
    expect(run.optimizer.h.learningRate).toBe(0.002);
  });

  it('is the same network for the same seed, and another for another seed', () => {
    const a = createRun(defaultSettings).network.params;
    expect(createRun(defaultSettings).network.params).toEqual(a);
    expect(createRun({ ...defaultSettings, seed: 2 }).network.params).not.toEqual(a);
  });
});

describe('predict', () => {
  it("gives the network's outputs for a picture scaled as in training (bytes / 255)", () => {
    const { network } = createRun({ ...defaultSettings, cost: 'cross-entropy' });
    const pixels = new Uint8Array(784);
    pixels.fill(255, 300, 400);
    const outputs = predict(network, pixels);
    expect(outputs).toHaveLength(10);
    // Softmax outputs sum to 1; and they are the network's forward pass of pixels / 255.
    expect(outputs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const x = Float32Array.from(pixels, (p) => p / 255);
    expect(Array.from(outputs)).toEqual(Array.from(network.forward({ rows: 1, cols: 784, data: x }).data));
  });

  it('reads a 280×280 drawing the way downhill predict reads a PNG (toMnistPixels)', () => {
    const { network } = createRun(defaultSettings);
    const size = 280;
    const data = new Uint8ClampedArray(size * size * 4).fill(255);
    // A dark vertical bar on white paper, in the middle of the canvas.
    for (let y = 40; y < 240; y++) for (let x = 130; x < 150; x++) data.fill(0, 4 * (y * size + x), 4 * (y * size + x) + 3);
    const pixels = toMnistPixels({ width: size, height: size, data });
    expect(pixels[14 * 28 + 13]).toBe(255);
    expect(pixels[14 * 28 + 3]).toBe(0);
    expect(predict(network, pixels).every(Number.isFinite)).toBe(true);
  });
});
