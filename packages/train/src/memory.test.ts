import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { expect, it } from 'vitest';
import { formatBytes, parameterCountOf, trainingBytes } from './memory.js';

it("counts the lesson network's 13,002 weights and biases, as the network does", () => {
  expect(parameterCountOf([784, 16, 16, 10])).toBe(13_002);
  for (const layers of [
    [2, 1],
    [784, 100, 10],
    [3, 5, 7, 2],
  ]) {
    expect(parameterCountOf(layers)).toBe(Network.create(sequentialSpec(layers, 'sigmoid'), { rng: new Rng(1) }).parameterCount);
  }
});

it('grows with the optimizer state, the average and the batch: each vector of parameters is 4 bytes a number', () => {
  const base = { layers: [784, 100, 10], batch: 10, optimizerSlots: 0, average: false };
  const p = parameterCountOf(base.layers);
  expect(trainingBytes({ ...base, optimizerSlots: 2 }) - trainingBytes(base)).toBe(2 * 4 * p);
  expect(trainingBytes({ ...base, average: true }) - trainingBytes(base)).toBe(3 * 4 * p);
  expect(trainingBytes({ ...base, batch: 20 })).toBeGreaterThan(trainingBytes(base));
  // 784-1000000-10 is gigabytes before any batch is taken.
  expect(trainingBytes({ ...base, layers: [784, 1_000_000, 10] })).toBeGreaterThan(3e9);
});

it('formats bytes for people', () => {
  expect(formatBytes(512)).toBe('512 bytes');
  expect(formatBytes(12_400_000)).toBe('12.4 MB');
  expect(formatBytes(3.18e9)).toBe('3.18 GB');
});
