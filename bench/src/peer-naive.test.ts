import { getCost } from '@downhill/cost';
import { matrix, Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { adam, createOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { type NaiveExample, NaiveNetwork } from './peer-naive.js';

// The peer is only a fair yardstick if it trains the same network: its
// gradients and steps must match downhill's on the same weights and batch.

function batchOf(rng: Rng, size: number, inputs: number, classes: number): { examples: NaiveExample[]; x: ReturnType<typeof matrix>; y: ReturnType<typeof matrix> } {
  const x = matrix(size, inputs), y = matrix(size, classes);
  const examples: NaiveExample[] = [];
  for (let i = 0; i < size; i++) {
    // Pixel-like inputs: about half exact zeros, the rest in (0, 1].
    for (let k = 0; k < inputs; k++) x.data[i * inputs + k] = rng.uniform() < 0.5 ? 0 : rng.uniform();
    y.data[i * classes + (i % classes)] = 1;
    examples.push({ x: Array.from(x.data.subarray(i * inputs, (i + 1) * inputs)), y: Array.from(y.data.subarray(i * classes, (i + 1) * classes)) });
  }
  return { examples, x, y };
}

function flatten(g: { nablaW: number[][][]; nablaB: number[][] }): number[] {
  return g.nablaW.flatMap((w, l) => [...w.flat(), ...g.nablaB[l]!]);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThan(tolerance);
}

describe('the naive peer trains the same network as downhill', () => {
  it('sigmoid + quadratic (the lesson network): same gradient, same SGD step', () => {
    const rng = new Rng(7);
    const sizes = [12, 5, 4, 3];
    const network = Network.create(sequentialSpec(sizes, 'sigmoid', 'sigmoid'), { rng });
    const peer = new NaiveNetwork({ sizes, hidden: 'sigmoid', output: 'sigmoid', optimizer: 'sgd', learningRate: 3, params: network.params });
    expect(Array.from(peer.params())).toEqual(Array.from(network.params));
    const { examples, x, y } = batchOf(rng, 6, 12, 3);

    network.computeGradients(x, y, getCost('quadratic'));
    const gradient = flatten(peer.gradient(examples));
    expect(gradient.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    expectClose(gradient, network.grads, 1e-6);

    const sgd = createOptimizer('sgd', network.params.length, { learningRate: 3 });
    sgd.step(network.params, network.grads);
    peer.updateMiniBatch(examples);
    expectClose(peer.params(), network.params, 1e-5);
  });

  it('relu + softmax cross-entropy with Adam: same gradient, same step', () => {
    const rng = new Rng(11);
    const sizes = [10, 8, 4];
    const network = Network.create(sequentialSpec(sizes, 'relu', 'softmax'), { rng, init: 'he' });
    // He initialisation leaves the biases at 0; nudge them so the test sees them move.
    for (const layer of network.layers) rng.fillNormal(layer.bias, 0, 0.1);
    const peer = new NaiveNetwork({ sizes, hidden: 'relu', output: 'softmax', optimizer: 'adam', learningRate: 0.01, params: network.params });
    const { examples, x, y } = batchOf(rng, 5, 10, 4);

    network.computeGradients(x, y, getCost('cross-entropy'));
    expectClose(flatten(peer.gradient(examples)), network.grads, 1e-6);

    const optimizer = createOptimizer(adam, network.params.length, { learningRate: 0.01 });
    for (let step = 0; step < 3; step++) {
      network.computeGradients(x, y, getCost('cross-entropy'));
      optimizer.step(network.params, network.grads);
      peer.updateMiniBatch(examples);
    }
    expectClose(peer.params(), network.params, 1e-5);
  });

  it('evaluates like network.py: counts the examples whose largest output is the label', () => {
    const rng = new Rng(3);
    const sizes = [6, 3];
    const network = Network.create(sequentialSpec(sizes, 'sigmoid', 'sigmoid'), { rng });
    const peer = new NaiveNetwork({ sizes, hidden: 'sigmoid', output: 'sigmoid', optimizer: 'sgd', learningRate: 1, params: network.params });
    const { examples, x } = batchOf(rng, 9, 6, 3);
    const ours = network.forward(x);
    let expected = 0;
    examples.forEach((e, i) => {
      const row = Array.from(ours.data.subarray(i * 3, i * 3 + 3));
      if (e.y[row.indexOf(Math.max(...row))] === 1) expected++;
    });
    expect(peer.evaluate(examples)).toBe(expected);
  });

  it('rejects a parameter vector of the wrong length', () => {
    expect(() => new NaiveNetwork({ sizes: [3, 2], hidden: 'sigmoid', output: 'sigmoid', optimizer: 'sgd', learningRate: 1, params: new Float32Array(7) })).toThrow(/expected 8/);
  });
});
