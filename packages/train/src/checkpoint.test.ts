import { getCost } from '@downhill/cost';
import { moons } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, loadModel, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { pointExamples } from './examples.js';
import { train } from './train.js';
import { WeightAverage } from './weight-average.js';

const data = pointExamples(moons(300, new Rng(7), { noise: 0.1 }));
const cost = getCost('cross-entropy');
const fresh = () => {
  const rng = new Rng(3);
  const network = Network.create(sequentialSpec([2, 8, 2], 'tanh', 'softmax'), { rng, init: 'xavier' });
  return { rng, network, optimizer: createOptimizer('adam', network.params.length, { learningRate: 0.02 }) };
};

it('a run stopped after epoch 2 and resumed from its checkpoint ends bit-identical to one that never stopped', async () => {
  const whole = fresh();
  await train({ ...whole, cost, train: data, epochs: 4, batchSize: 16 });

  const first = fresh();
  let bytes: Uint8Array | undefined;
  await train({
    ...first, cost, train: data, epochs: 2, batchSize: 16,
    afterEpoch: (r) => {
      bytes = saveCheckpoint({ ...first, epoch: r.epoch, metadata: { note: 'hello' } });
    },
  });
  const saved = loadCheckpoint(bytes!, 'ckpt.safetensors');
  expect(saved.epoch).toBe(2);
  expect(saved.metadata).toEqual({ note: 'hello' });
  expect(saved.optimizer.name).toBe('adam');
  expect(saved.optimizer.t).toBe(2 * Math.ceil(300 / 16));
  expect(Object.keys(saved.optimizer.slots).sort()).toEqual(['m', 'v']);

  const rng = new Rng(999);
  rng.setState(saved.rngState);
  const optimizer = createOptimizer(saved.optimizer.name, saved.network.params.length);
  optimizer.restore(saved.optimizer);
  await train({ network: saved.network, optimizer, rng, cost, train: data, firstEpoch: 3, epochs: 4, batchSize: 16 });

  expect(Array.from(saved.network.params)).toEqual(Array.from(whole.network.params));
});

it('is a model file too: a checkpoint loads as a model when its optimizer tensors are allowed', () => {
  const { rng, network, optimizer } = fresh();
  const bytes = saveCheckpoint({ network, optimizer, rng, epoch: 0 });
  expect(() => loadModel(bytes, 'c')).toThrow(/extra tensor 'optimizer\.m'/);
  expect(loadModel(bytes, 'c', { extraTensorPrefix: 'optimizer.' }).network.params).toEqual(network.params);
});

it('refuses a plain model file as a checkpoint, saying what it is', async () => {
  const { network } = fresh();
  const { saveModel } = await import('@downhill/network');
  expect(() => loadCheckpoint(saveModel(network), 'model.safetensors')).toThrow(/model\.safetensors: not a checkpoint/);
});

it('carries the weight average, so a resumed run averages bit-identically to one that never stopped', async () => {
  const whole = fresh();
  const wholeAverage = new WeightAverage(whole.network.params.length, { from: 2 });
  await train({ ...whole, cost, train: data, epochs: 4, batchSize: 16, average: wholeAverage });

  const first = fresh();
  const average = new WeightAverage(first.network.params.length, { from: 2 });
  let bytes: Uint8Array | undefined;
  await train({
    ...first, cost, train: data, epochs: 3, batchSize: 16, average,
    afterEpoch: (r) => {
      bytes = saveCheckpoint({ ...first, average, epoch: r.epoch });
    },
  });
  const saved = loadCheckpoint(bytes!, 'ckpt.safetensors');
  expect(saved.average).toMatchObject({ from: 2, count: 2 });
  const resumedAverage = new WeightAverage(saved.network.params.length, { from: saved.average!.from });
  resumedAverage.restore(saved.average!.params, saved.average!.count);
  const rng = new Rng(0);
  rng.setState(saved.rngState);
  const optimizer = createOptimizer(saved.optimizer.name, saved.network.params.length);
  optimizer.restore(saved.optimizer);
  await train({ network: saved.network, optimizer, rng, cost, train: data, firstEpoch: 4, epochs: 4, batchSize: 16, average: resumedAverage });

  expect(resumedAverage.count).toBe(3);
  expect(Array.from(resumedAverage.params)).toEqual(Array.from(wholeAverage.params));
});

it('refuses a checkpoint whose weight average lost its tensor', async () => {
  const { rng, network, optimizer } = fresh();
  const average = new WeightAverage(network.params.length, { from: 1 });
  average.add(1, network.params);
  const { decodeSafetensors, encodeSafetensors } = await import('@downhill/network');
  const { tensors, metadata } = decodeSafetensors(saveCheckpoint({ network, optimizer, rng, epoch: 1, average }), 'c');
  const kept = [...tensors].filter(([name]) => name !== 'average.params').map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape, data: t.data }));
  expect(() => loadCheckpoint(encodeSafetensors(kept, metadata), 'c.safetensors')).toThrow(
    /c\.safetensors: checkpoint weight average is incomplete.*no tensor/,
  );
});
