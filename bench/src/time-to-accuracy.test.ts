import { getCost } from '@downhill/cost';
import { blobs } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { pointExamples } from '@downhill/train';
import { describe, expect, it } from 'vitest';
import { type TrainingSetup, timeToAccuracy } from './time-to-accuracy.js';

function setup(seed = 1): TrainingSetup {
  const rng = new Rng(seed);
  const network = Network.create(sequentialSpec([2, 8, 3], 'sigmoid', 'softmax'), { rng, init: 'xavier' });
  return { network, cost: getCost('cross-entropy'), optimizer: createOptimizer('sgd', network.params.length, { learningRate: 0.3 }), rng, batchSize: 20 };
}

describe('timeToAccuracy', () => {
  const data = { train: pointExamples(blobs(300, new Rng(5), { noise: 0.3 })), test: pointExamples(blobs(300, new Rng(6), { noise: 0.3 })) };

  it('stops at the first epoch whose test accuracy reaches the target', async () => {
    const reached = await timeToAccuracy(setup(), data, 0.9, 50);
    expect(reached.reached).toBe(true);
    expect(reached.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(reached.epochs).toBeGreaterThan(1);
    expect(reached.seconds).toBeGreaterThanOrEqual(reached.trainingSeconds);
    // The same run one epoch shorter has not reached it.
    const shorter = await timeToAccuracy(setup(), data, 0.9, reached.epochs - 1);
    expect(shorter).toMatchObject({ reached: false, epochs: reached.epochs - 1 });
    expect(shorter.accuracy).toBeLessThan(0.9);
  });

  it('rejects a target outside (0, 1] and fewer than one epoch', async () => {
    await expect(timeToAccuracy(setup(), data, 1.5, 3)).rejects.toThrow('expected a target accuracy in (0, 1], found 1.5');
    await expect(timeToAccuracy(setup(), data, 0.9, 0)).rejects.toThrow('expected maxEpochs ≥ 1, found 0');
  });
});
