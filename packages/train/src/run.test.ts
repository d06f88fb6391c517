import { moons } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { pointExamples } from './examples.js';
import { createRun, lessonSettings, resolveRunSettings, type RunSettings, runPresets } from './run.js';
import { train } from './train.js';

it("fills in the lesson's defaults: sigmoid output, LeCun init, η = 3, the second half averaged", () => {
  const s = resolveRunSettings(lessonSettings);
  expect(s).toMatchObject({ layers: [784, 16, 16, 10], output: 'sigmoid', init: 'lecun', learningRate: 3, averageFrom: 16, batch: 10, seed: 1 });
  expect(s.hyperparameters).toEqual({ learningRate: 3, momentum: 0, nesterov: 0, weightDecay: 0, decayBiases: 1 });
});

it('picks what suits the settings: softmax for cross-entropy, He for ReLU, the optimizer’s own η, no average for full-batch gd', () => {
  const relu = resolveRunSettings({ ...lessonSettings, layers: [784, 100, 10], activation: 'relu', cost: 'cross-entropy', optimizer: 'adam' });
  expect(relu).toMatchObject({ output: 'softmax', init: 'he', learningRate: 0.001 });
  expect(resolveRunSettings({ ...lessonSettings, optimizer: 'gd' }).averageFrom).toBeNull();
  expect(resolveRunSettings({ ...lessonSettings, averageFrom: null }).averageFrom).toBeNull();
  expect(resolveRunSettings({ ...lessonSettings, optimizer: 'adam', hyperparameters: { beta1: 0.8 } }).hyperparameters.beta1).toBe(0.8);
});

it('checks every setting with the same messages as the flags, named as the caller names them', () => {
  const flag = (s: string) => `--${s}`;
  expect(() => resolveRunSettings({ ...lessonSettings, batch: 1e30 }, flag)).toThrow('--batch: expected a whole number from 1 to 1,000,000, found 1e+30');
  expect(() => resolveRunSettings({ ...lessonSettings, seed: -1 })).toThrow(/^seed: expected a whole number from 0 to 4,294,967,295/);
  expect(() => resolveRunSettings({ ...lessonSettings, averageFrom: 31 }, flag)).toThrow("--averageFrom: expected an epoch from 1 to the run's 30, found 31");
  expect(() => resolveRunSettings({ ...lessonSettings, output: 'softmax' })).toThrow(/output: expected an elementwise activation for the quadratic cost/);
  expect(() => resolveRunSettings({ ...lessonSettings, cost: 'cross-entropy', output: 'sigmoid' })).toThrow(
    /output: expected softmax for the cross-entropy cost/,
  );
  expect(() => resolveRunSettings({ ...lessonSettings, learningRate: 0 })).toThrow(/learningRate: expected a number above 0/);
  expect(() => resolveRunSettings({ ...lessonSettings, optimizer: 'adam', hyperparameters: { beta1: 2 } })).toThrow(/beta1/);
});

it('same settings, same network; a run continued from its checkpoint ends where one that never stopped does', async () => {
  const settings: RunSettings = {
    layers: [2, 8, 2],
    activation: 'tanh',
    cost: 'cross-entropy',
    optimizer: 'adam',
    learningRate: 0.02,
    batch: 16,
    epochs: 4,
    seed: 5,
  };
  const data = pointExamples(moons(300, new Rng(7), { noise: 0.1 }));
  expect(Array.from(createRun(settings).network.params)).toEqual(Array.from(createRun(settings).network.params));

  const whole = createRun(settings);
  await train({ ...whole.trainOptions, train: data });

  const first = createRun(settings);
  let bytes: Uint8Array | undefined;
  await train({ ...first.trainOptions, epochs: 2, train: data, afterEpoch: (r) => void (bytes = saveCheckpoint({ ...first.trainOptions, epoch: r.epoch })) });
  const checkpoint = loadCheckpoint(bytes!);
  const rest = createRun(settings, { from: checkpoint });
  expect([rest.average?.from, rest.average?.count]).toEqual([3, 0]);
  await train({ ...rest.trainOptions, firstEpoch: 3, train: data });
  expect(Array.from(rest.network.params)).toEqual(Array.from(whole.network.params));
  expect(Array.from(rest.average!.params)).toEqual(Array.from(whole.average!.params));

  expect(() => createRun({ ...settings, layers: [2, 9, 2] }, { from: checkpoint })).toThrow(
    /layers: expected the checkpoint's network, 2-8-2 tanh\/softmax, found 2-9-2/,
  );
  expect(() => createRun({ ...settings, optimizer: 'sgd' }, { from: checkpoint })).toThrow(/optimizer: expected the checkpoint's optimizer, adam, found sgd/);
});

it("a cosine schedule anneals η from its value to a hundredth over all the run's steps, and a resumed run follows it on", async () => {
  const settings: RunSettings = {
    layers: [2, 8, 2],
    activation: 'tanh',
    cost: 'cross-entropy',
    optimizer: 'adam',
    learningRate: 0.02,
    batch: 50,
    epochs: 4,
    seed: 5,
    schedule: 'cosine',
  };
  const data = pointExamples(moons(300, new Rng(7), { noise: 0.1 }));
  const rates: number[] = [];
  const whole = createRun(settings, { examples: data.count });
  expect(whole.settings.schedule).toBe('cosine');
  await train({ ...whole.trainOptions, train: data, onEvent: (e) => void (e.type === 'batch' && rates.push(whole.optimizer.h.learningRate)) });
  // 4 epochs × 6 batches: the first step at η, the last at η/100 + ½(η − η/100)(1 + cos(π·23/24)).
  expect(rates).toHaveLength(24);
  expect(rates[0]).toBeCloseTo(0.02, 12);
  expect(rates[23]).toBeCloseTo(0.0002 + 0.5 * 0.0198 * (1 + Math.cos((Math.PI * 23) / 24)), 12);
  for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeLessThan(rates[i - 1]!);

  const first = createRun(settings, { examples: data.count });
  let bytes: Uint8Array | undefined;
  await train({ ...first.trainOptions, epochs: 2, train: data, afterEpoch: (r) => void (bytes = saveCheckpoint({ ...first.trainOptions, epoch: r.epoch })) });
  const rest = createRun(settings, { from: loadCheckpoint(bytes!), examples: data.count });
  await train({ ...rest.trainOptions, firstEpoch: 3, train: data });
  expect(Array.from(rest.network.params)).toEqual(Array.from(whole.network.params));

  expect(() => createRun(settings)).toThrow(/schedule: expected the number of training examples/);
  expect(() => resolveRunSettings({ ...settings, schedule: 'wavy' as never })).toThrow(/schedule: expected one of constant, cosine, found "wavy"/);
});

it("has the lesson's run and the tweaks as presets, both valid settings", () => {
  expect(runPresets.get('lesson')).toBe(lessonSettings);
  expect(resolveRunSettings(runPresets.get('tweaks')!)).toMatchObject({
    layers: [784, 800, 10],
    output: 'softmax',
    init: 'he',
    schedule: 'cosine',
    averageFrom: null,
  });
});
