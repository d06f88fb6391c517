import { getCost } from '@downhill/cost';
import { blobs } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer, defineOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { pointExamples } from './examples.js';
import { createRun, lessonSettings } from './run.js';
import { type TrainEvent, train } from './train.js';

// What the loop hands an optimizer besides the gradient: each mini-batch's
// cost as the step's loss, and (through createRun) the network's layers as
// parameter groups.

it("gives each step the mini-batch's cost as the loss", async () => {
  const losses: number[] = [];
  const recorder = defineOptimizer({
    name: 'loss-recorder',
    summary: 'plain descent that records the loss of each step',
    defaults: { learningRate: 0.1 },
    slots: [],
    needsLoss: true,
    update({ params, grads, h, loss }) {
      losses.push(loss);
      for (let i = 0; i < params.length; i++) params[i]! -= h.learningRate * grads[i]!;
    },
  });
  const rng = new Rng(4);
  const data = pointExamples(blobs(90, rng, { classes: 3 }));
  const network = Network.create(sequentialSpec([2, 5, 3], 'tanh', 'softmax'), { rng, init: 'xavier' });
  const optimizer = createOptimizer(recorder, network.params.length);
  const batchCosts: number[] = [];
  let sum = 0;
  // The batch event's cost is the running mean over the epoch: recover each batch's own.
  await train({
    network,
    cost: getCost('cross-entropy'),
    optimizer,
    rng,
    train: data,
    epochs: 1,
    batchSize: 30,
    trainAccuracy: false,
    onEvent: (e: TrainEvent) => {
      if (e.type !== 'batch') return;
      batchCosts.push(e.cost * e.batch - sum);
      sum = e.cost * e.batch;
    },
  });
  expect(losses).toHaveLength(3);
  for (const [k, loss] of losses.entries()) expect(loss).toBeCloseTo(batchCosts[k]!, 10);
  expect(new Set(losses).size).toBe(3);
});

it("creates the run's optimizer with the network's layers as parameter groups", () => {
  const run = createRun({ ...lessonSettings, layers: [784, 30, 10], epochs: 1 });
  expect(run.optimizer.groups.map((g) => [g.name, g.shape, g.offset, g.bias])).toEqual([
    ['layers.0.weight', [30, 784], 0, false],
    ['layers.0.bias', [30], 23_520, true],
    ['layers.1.weight', [10, 30], 23_550, false],
    ['layers.1.bias', [10], 23_850, true],
  ]);
});
