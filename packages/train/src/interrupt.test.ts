import { getCost } from '@downhill/cost';
import { moons } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { pointExamples } from './examples.js';
import { type EpochResult, TrainingInterrupted, train } from './train.js';
import { WeightAverage } from './weight-average.js';

const data = pointExamples(moons(200, new Rng(7), { noise: 0.1 }));
const cost = getCost('cross-entropy');
const epochs = 3,
  batchSize = 8; // 25 batches an epoch
const fresh = () => {
  const rng = new Rng(3);
  const network = Network.create(sequentialSpec([2, 6, 2], 'tanh', 'softmax'), { rng, init: 'xavier' });
  const optimizer = createOptimizer('adam', network.params.length, { learningRate: 0.02 });
  return { rng, network, optimizer, average: new WeightAverage(network.params.length, { from: 2 }) };
};

/** An abort signal that fires once `batches` mini-batches have been taken. */
function stopAfter(batches: number): { signal: AbortSignal; onEvent: (e: { type: string }) => void } {
  const controller = new AbortController();
  let seen = 0;
  return { signal: controller.signal, onEvent: (e) => void (e.type === 'batch' && ++seen === batches && controller.abort()) };
}

it('interrupted between any two mini-batches, checkpointed and resumed: the same weights, average and epoch costs as a run that never stopped', async () => {
  const whole = fresh();
  const wholeResult = await train({ ...whole, cost, train: data, epochs, batchSize });
  const costs = (rs: readonly EpochResult[]) => rs.map((r) => r.cost);

  // Every stopping point, not a sample: a resumed run once tripped the climbing-cost
  // rule on noise around its low cost at a few of them (a resumed run is not judged by it).
  for (let stopAt = 1; stopAt < epochs * 25; stopAt++) {
    {
      const first = fresh();
      // Abort is only heard at the loop's event-loop turns, so every batch yields here.
      const stop = stopAfter(stopAt);
      let error: unknown;
      const done: EpochResult[] = [];
      try {
        await train({
          ...first,
          cost,
          train: data,
          epochs,
          batchSize,
          signal: stop.signal,
          onEvent: stop.onEvent,
          now: tick(),
          afterEpoch: (r) => void done.push(r),
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingInterrupted);
      const { position } = error as TrainingInterrupted;
      expect((error as TrainingInterrupted).epochs.map((r) => r.epoch)).toEqual(done.map((r) => r.epoch));
      const checkpoint = saveCheckpoint({ ...first, epoch: position.epoch - 1, position });
      const saved = loadCheckpoint(checkpoint, 'ckpt.safetensors');
      expect(saved.position).toEqual(position);
      const rng = new Rng(0);
      rng.setState(saved.rngState);
      const optimizer = createOptimizer('adam', saved.network.params.length);
      optimizer.restore(saved.optimizer);
      const average = new WeightAverage(saved.network.params.length, { from: 2 });
      average.restore(saved.average!.params, saved.average!.count);
      const rest = await train({ network: saved.network, optimizer, rng, average, cost, train: data, epochs, batchSize, resumeAt: saved.position! });
      expect(Array.from(saved.network.params)).toEqual(Array.from(whole.network.params));
      expect(Array.from(average.params)).toEqual(Array.from(whole.average.params));
      expect(costs([...done, ...rest.epochs])).toEqual(costs(wholeResult.epochs));
    }
  }
});

it('an abort between epochs stops before the next epoch shuffles: position batch 0, generator untouched', async () => {
  const run = fresh();
  const controller = new AbortController();
  const error = await train({
    ...run,
    cost,
    train: data,
    epochs,
    batchSize,
    signal: controller.signal,
    afterEpoch: () => controller.abort(),
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TrainingInterrupted);
  const { position } = error as TrainingInterrupted;
  expect(position).toEqual({ epoch: 2, batch: 0, costSum: 0, examples: 0 });
  const reference = fresh();
  await train({ ...reference, cost, train: data, epochs: 1, batchSize });
  expect(run.rng.getState()).toEqual(reference.rng.getState());
});

it('refuses a position past the end of the epoch', async () => {
  const run = fresh();
  await expect(train({ ...run, cost, train: data, epochs, batchSize, resumeAt: { epoch: 1, batch: 26, costSum: 0, examples: 0 } })).rejects.toThrow(
    /expected to resume after 0 to 25 mini-batches of epoch 1, found 26/,
  );
});

it('a checkpoint with a hostile position is refused, naming the file', () => {
  const run = fresh();
  const bad = (position: unknown) => () => loadCheckpoint(saveCheckpoint({ ...run, epoch: 1, position: position as never }), 'evil.safetensors');
  expect(bad({ epoch: 5, batch: 1, costSum: 1, examples: 8 })).toThrow(/evil\.safetensors: checkpoint position is not valid/);
  expect(bad({ epoch: 2, batch: -1, costSum: 1, examples: 8 })).toThrow(/position/);
  expect(bad({ epoch: 2, batch: 1, costSum: Number.NaN, examples: 8 })).toThrow(/position/);
  expect(bad({ epoch: 2, batch: 1.5, costSum: 1, examples: 8 })).toThrow(/position/);
});

/** A clock that jumps 100 ms a call, so the loop turns the event loop (and hears the abort) after every batch. */
function tick(): () => number {
  let t = 0;
  return () => (t += 100);
}
