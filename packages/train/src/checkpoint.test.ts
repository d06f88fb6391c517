import { getCost } from '@downhill/cost';
import { moons } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, loadModel, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { pointExamples } from './examples.js';
import { train } from './train.js';
import { WeightAverage } from './weight-average.js';
import { hostileCheckpoints, smallCheckpoint } from '../test/hostile-checkpoints.js';
import { ModelFormatError } from '@downhill/network';

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
    ...first,
    cost,
    train: data,
    epochs: 2,
    batchSize: 16,
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

it('is a model file too: loadModel gives its network, as eval, predict and viz need', () => {
  const { rng, network, optimizer } = fresh();
  optimizer.step(
    network.params,
    Float32Array.from(network.params, (_, i) => Math.cos(i)),
  );
  const average = new WeightAverage(network.params.length, { from: 1 });
  average.add(
    1,
    network.params.map((p) => p / 2),
  );
  const bytes = saveCheckpoint({ network, optimizer, rng, epoch: 1, average, metadata: { cost: 'cross-entropy' } });
  const loaded = loadModel(bytes, 'c');
  expect(loaded.network.spec).toEqual(network.spec);
  expect(loaded.network.params).toEqual(network.params);
  expect(loaded.metadata.cost).toBe('cross-entropy');
  expect(loadModel(bytes, 'c', { extraTensorPrefix: 'optimizer.' }).extraTensors.get('optimizer.m')!.data).toEqual(optimizer.state().slots.m);
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
    ...first,
    cost,
    train: data,
    epochs: 3,
    batchSize: 16,
    average,
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

// Issue #8, "Trust at the edges": each of these loaded before (or failed later, in
// the optimizer or the generator, with no file named).
describe('loadCheckpoint refuses a tampered checkpoint, naming the file', () => {
  const expected: Record<string, string> = {
    'slot-wrong-length': "checkpoint optimizer slot 'optimizer.m' has the wrong length (expected 23 numbers, one per parameter, found 3)",
    'slot-not-finite': "checkpoint optimizer slot 'optimizer.v' holds a number that is not finite at index 2 (expected finite numbers, found NaN)",
    'slot-unknown':
      "checkpoint optimizer state is not one 'adam' accepts (expected a state its optimizer restores, found adam.restore: expected slots m, v, found slots m, v, velocity)",
    'rng-wrong-size': 'checkpoint random state has the wrong size (expected 5 numbers (Rng.getState), found [1,2,3])',
    'rng-not-uint32': 'checkpoint random state is not a generator state (expected four 32-bit unsigned integers, not all zero, found [1,2,3,-4])',
    'average-count-nan': 'checkpoint weight average has a bad count (expected average.count, an integer from 0 to 1 (epochs 1 to 1), found null)',
    'average-count-negative': 'checkpoint weight average has a bad count (expected average.count, an integer from 0 to 1 (epochs 1 to 1), found -1)',
    'average-not-finite': "tensor 'average.params' holds a number that is not finite at index 0 (expected finite weights, found Infinity)",
    'epoch-negative': 'checkpoint epoch is not a number of epochs (expected an integer from 0 to 2⁵³ − 1, found -1)',
    'epoch-fraction': 'checkpoint epoch is not a number of epochs (expected an integer from 0 to 2⁵³ − 1, found 1.5)',
    'epoch-huge': 'checkpoint epoch is not a number of epochs (expected an integer from 0 to 2⁵³ − 1, found 1e+300)',
    'step-negative': 'checkpoint optimizer step count is not a count (expected optimizer.t, an integer ≥ 0, found -3)',
    'hyper-not-number':
      'checkpoint hyperparameters are not all numbers (expected optimizer.hyper, name → finite number, found {"learningRate":"fast","beta1":0.9,"beta2":0.999,"epsilon":…)',
  };
  const files = hostileCheckpoints();
  it('has a case for every tampered file', () => {
    expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
    expect(loadCheckpoint(smallCheckpoint(), 'good.safetensors').epoch).toBe(1);
  });
  for (const [name, bytes] of Object.entries(files)) {
    it(name, () => {
      const error = (() => {
        try {
          loadCheckpoint(bytes, 'ckpt.safetensors');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ModelFormatError);
      expect((error as Error).message).toBe(`ckpt.safetensors: ${expected[name]}`);
    });
  }
});
