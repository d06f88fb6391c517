import { getCost } from '@downhill/cost';
import { blobs, spirals } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { DivergenceError } from './divergence.js';
import { evaluate } from './evaluate.js';
import { pointExamples } from './examples.js';
import type { Examples } from './examples.js';
import { type TrainEvent, TrainingInterrupted, train } from './train.js';
import { WeightAverage } from './weight-average.js';

function setup(seed: number, optimizer = 'adam', learningRate = 0.05) {
  const rng = new Rng(seed);
  const data = pointExamples(blobs(400, rng, { classes: 3 }));
  const network = Network.create(sequentialSpec([2, 8, 3], 'tanh', 'softmax'), { rng, init: 'xavier' });
  const opt = createOptimizer(optimizer, network.params.length, { learningRate });
  return { rng, data, network, optimizer: opt, cost: getCost('cross-entropy') };
}

describe('train', () => {
  it('learns three blobs, and the cost goes down epoch by epoch', async () => {
    const { rng, data, network, optimizer, cost } = setup(1);
    const before = evaluate(network, data, { cost });
    const result = await train({ network, cost, optimizer, rng, train: data, test: data, epochs: 8, batchSize: 16 });
    expect(result.epochs).toHaveLength(8);
    expect(result.examplesSeen).toBe(8 * 400);
    const last = result.epochs.at(-1)!;
    expect(last.testAccuracy!).toBeGreaterThan(0.95);
    expect(last.testCost!).toBeLessThan(before.cost! / 3);
    expect(last.cost).toBeLessThan(result.epochs[0]!.cost);
  });

  it('emits start, batch and epoch events in order', async () => {
    const { rng, data, network, optimizer, cost } = setup(2);
    const events: TrainEvent[] = [];
    await train({ network, cost, optimizer, rng, train: data, epochs: 2, batchSize: 100, onEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['start', 'batch', 'batch', 'batch', 'batch', 'epoch', 'batch', 'batch', 'batch', 'batch', 'epoch']);
    expect(events[0]).toMatchObject({ type: 'start', epochs: 2, batchesPerEpoch: 4, batchSize: 100, examples: 400 });
    expect(events[4]).toMatchObject({ type: 'batch', epoch: 1, batch: 4, batches: 4 });
  });

  it('feeds the whole set to a full-batch optimizer (gd): one step per epoch', async () => {
    const { rng, data, network, cost } = setup(3);
    const optimizer = createOptimizer('gd', network.params.length, { learningRate: 0.5 });
    const events: TrainEvent[] = [];
    await train({ network, cost, optimizer, rng, train: data, epochs: 3, batchSize: 10, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(3);
    expect(optimizer.t).toBe(3);
  });

  it('is deterministic: same seed, same weights, bit for bit', async () => {
    const runs = await Promise.all(
      [1, 1, 2].map(async (seed) => {
        const { rng, data, network, optimizer, cost } = setup(seed);
        await train({ network, cost, optimizer, rng, train: data, epochs: 2, batchSize: 32 });
        return Array.from(network.params);
      }),
    );
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
  });

  it("with a weight average: keeps the mean of the epochs' weights from `from` on and reports its test accuracy", async () => {
    const { rng, data, network, optimizer, cost } = setup(7, 'sgd', 0.5);
    const average = new WeightAverage(network.params.length, { from: 3 });
    const ends: Float32Array[] = [];
    const result = await train({
      network,
      cost,
      optimizer,
      rng,
      train: data,
      test: data,
      epochs: 5,
      batchSize: 16,
      average,
      afterEpoch: () => void ends.push(network.params.slice()),
    });
    expect(result.epochs.map((e) => e.averagedEpochs)).toEqual([undefined, undefined, 1, 2, 3]);
    expect(result.epochs.slice(0, 2).every((e) => e.averageTestAccuracy === undefined)).toBe(true);
    // The network keeps the last step's weights; the average is the mean of epochs 3–5.
    expect(Array.from(network.params)).toEqual(Array.from(ends[4]!));
    for (const i of [0, 17, network.params.length - 1]) {
      expect(average.params[i]).toBeCloseTo((ends[2]![i]! + ends[3]![i]! + ends[4]![i]!) / 3, 5);
    }
    // The reported accuracy is the averaged network's, and on its first epoch it is the weights' own.
    const third = result.epochs[2]!;
    expect(third.averageTestAccuracy).toBe(third.testAccuracy);
    const averaged = Network.fromParams(network.spec, average.params);
    expect(result.epochs[4]!.averageTestAccuracy).toBe(evaluate(averaged, data).accuracy);
    const wrong = new WeightAverage(3, { from: 1 });
    await expect(train({ network, cost, optimizer, rng, train: data, epochs: 1, batchSize: 16, average: wrong })).rejects.toThrow(
      /the weight average holds 3 parameters, the network \d+/,
    );
  });

  it('stops with a DivergenceError naming the learning rate when a step overshoots', async () => {
    const rng = new Rng(4);
    const data = pointExamples(spirals(200, rng));
    const network = Network.create(sequentialSpec([2, 16, 2], 'sigmoid'), { rng });
    const optimizer = createOptimizer('sgd', network.params.length, { learningRate: 1e4 });
    const error = await train({ network, cost: getCost('quadratic'), optimizer, rng, train: data, epochs: 1, batchSize: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.message).toMatch(
      /epoch 1, batch 1: step 1 moved the weights by .*more than their whole length.*learning rate 10000 is likely too large \(try 1000\)/,
    );
  });

  it('waits for beforeBatch before each mini-batch: a run can be paused, stepped and stopped while paused', async () => {
    const { rng, data, network, optimizer, cost } = setup(8);
    const controller = new AbortController();
    let calls = 0;
    let release: (() => void) | undefined;
    const batches: number[] = [];
    const run = train({
      network,
      cost,
      optimizer,
      rng,
      train: data,
      epochs: 1,
      batchSize: 100,
      signal: controller.signal,
      onEvent: (e) => void (e.type === 'batch' && batches.push(e.batch)),
      // Two batches at full speed, then paused before the third.
      beforeBatch: () => (++calls <= 2 ? undefined : new Promise<void>((resolve) => (release = resolve))),
    });
    await expect.poll(() => release).toBeDefined();
    expect(batches).toEqual([1, 2]);
    // One step: the next batch runs, and the loop waits again before the fourth.
    const first = release!;
    release = undefined;
    first();
    await expect.poll(() => release).toBeDefined();
    expect(batches).toEqual([1, 2, 3]);
    // Stopped while paused: interrupted after three batches, none more taken.
    controller.abort();
    release!();
    const error = await run.catch((e) => e);
    expect(error).toBeInstanceOf(TrainingInterrupted);
    expect(error.position).toMatchObject({ epoch: 1, batch: 3 });
    expect(optimizer.t).toBe(3);
  });

  it('stops when the cost climbs for several mini-batches in a row, after letting it be seen, naming the learning rate', async () => {
    // Linear regression with full-batch steps a little too long: each step overshoots, the cost grows a few times a step.
    const rng = new Rng(9);
    const count = 64;
    const points = Array.from({ length: count }, () => [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)] as [number, number]);
    const data: Examples = {
      count,
      inputSize: 2,
      classes: 2,
      batch(order, start, size, x, y) {
        for (let i = 0; i < size; i++) {
          const [a, b] = points[order[start + i]!]!;
          x.data.set([a, b], i * 2);
          y.data.set([2 * a - b, a + b], i * 2);
        }
      },
      label: () => 0,
    };
    const network = Network.create(sequentialSpec([2, 2], 'identity', 'identity'), { rng, init: 'xavier' });
    const optimizer = createOptimizer('gd', network.params.length, { learningRate: 3 });
    const costs: number[] = [];
    const error = await train({
      network,
      cost: getCost('quadratic'),
      optimizer,
      rng,
      train: data,
      epochs: 100,
      batchSize: count,
      onEvent: (e) => void (e.type === 'epoch' && costs.push(e.cost)),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.message).toMatch(
      /: the cost climbed from [\d.e+-]+ to [\d.e+-]+ \(its running mean\), above [\d.e+-]+ for 5 mini-batches in a row; the learning rate 3 is likely too large \(try 0\.3\)$/,
    );
    // Seen climbing for a few steps first, each higher than the last, from its lowest on.
    const lowest = costs.indexOf(Math.min(...costs));
    expect(costs.length - 1 - lowest).toBeGreaterThanOrEqual(4);
    for (let i = lowest + 1; i < costs.length; i++) expect(costs[i]).toBeGreaterThan(costs[i - 1]!);
  });

  it('stops at the first non-finite cost', async () => {
    const { rng, data, network, optimizer, cost } = setup(5);
    network.params[0] = Number.NaN;
    await expect(train({ network, cost, optimizer, rng, train: data, epochs: 1, batchSize: 10 })).rejects.toThrow(/the cost became NaN/);
  });

  it('rejects data whose size does not fit the network', async () => {
    const { rng, data, optimizer, cost } = setup(6);
    const network = Network.create(sequentialSpec([3, 4, 3], 'tanh', 'softmax'), { rng });
    await expect(train({ network, cost, optimizer, rng, train: data, epochs: 1, batchSize: 10 })).rejects.toThrow(/expects 3 inputs, the data has 2/);
  });
});
