import { optimizers } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import {
  activationChoices,
  checkSettings,
  costChoices,
  defaultLearningRate,
  defaultSettings,
  optimizerChoices,
  parseLearningRate,
  parseSettings,
  type SettingsFields,
  settingsFields,
  trainCommand,
} from './settings.js';

const fields = (changes: Partial<SettingsFields> = {}): SettingsFields => ({ ...settingsFields(defaultSettings), ...changes });
const messages = (changes: Partial<SettingsFields>) => {
  const parsed = parseSettings(fields(changes));
  return parsed.ok ? [] : parsed.problems.map((p) => p.message);
};

describe('settings', () => {
  it("default to the lesson's network and learning rate on a 10,000-digit subset", () => {
    expect(defaultSettings).toMatchObject({
      layers: [784, 16, 16, 10],
      activation: 'sigmoid',
      cost: 'quadratic',
      optimizer: 'sgd',
      learningRate: 3,
      batchSize: 10,
      trainExamples: 10_000,
      testExamples: 10_000,
    });
    expect(parseSettings(fields())).toEqual({ ok: true, settings: defaultSettings });
  });

  it('take the learning rate the CLI does: 3 for sgd and gd, else the optimizer default', () => {
    expect(defaultLearningRate('sgd')).toBe(3);
    expect(defaultLearningRate('gd')).toBe(3);
    expect(defaultLearningRate('adam')).toBe(optimizers.get('adam')!.defaults.learningRate);
    expect(defaultLearningRate('lion')).toBe(1e-4);
    expect(() => defaultLearningRate('sdg')).toThrow(`optimizer: expected one of ${[...optimizers.keys()].join(', ')}, found 'sdg'`);
  });

  it('offer every registered optimizer, each cost once, and the hidden-layer activations', () => {
    expect(optimizerChoices().map((c) => c.value)).toEqual([...optimizers.keys()]);
    expect(optimizerChoices().find((c) => c.value === 'adam')).toEqual({ value: 'adam', label: 'adam', summary: optimizers.get('adam')!.summary });
    expect(costChoices().map((c) => c.value)).toEqual(['quadratic', 'cross-entropy']);
    expect(activationChoices().map((c) => c.value)).toEqual(['sigmoid', 'tanh', 'relu', 'identity']);
  });

  it("read layer sizes written with commas, spaces or the lesson's dashes, and numbers as the CLI does", () => {
    const parsed = parseSettings(fields({ layers: ' 784-100-10 ', trainExamples: '60000', learningRate: '1e-3' }));
    expect(parsed).toMatchObject({ ok: true, settings: { layers: [784, 100, 10], trainExamples: 60_000, learningRate: 0.001 } });
    expect(parseSettings(fields({ layers: '784 30, 10' }))).toMatchObject({ ok: true, settings: { layers: [784, 30, 10] } });
    expect(parseSettings(fields({ learningRate: '.5' }))).toMatchObject({ ok: true, settings: { learningRate: 0.5 } });
  });

  it("refuse decimal commas, hex and '' with a short message, never reading 3,0 as 30 or 0x10 as 16", () => {
    expect(messages({ learningRate: '3,0' })).toEqual([
      'learning rate: expected a number above 0 (with η = 0 nothing moves), found "3,0" (decimals take a point: 3.0, not 3,0)',
    ]);
    expect(messages({ learningRate: '0x10' })).toEqual([
      'learning rate: expected a number above 0 (with η = 0 nothing moves), found "0x10" (decimal digits only)',
    ]);
    expect(messages({ learningRate: '' })).toEqual(['learning rate: expected a number above 0 (with η = 0 nothing moves), found ""']);
    expect(messages({ trainExamples: '60,000' })).toEqual([
      'training examples: expected a whole number from 1 to 60,000, found "60,000" (write it without separators: 60000)',
    ]);
    expect(messages({ batchSize: '0x10' })).toEqual(['batch size: expected a whole number from 1 to 1,000,000, found "0x10" (decimal digits only)']);
  });

  it('say limits as short numbers, never 309 digits', () => {
    for (const message of [...messages({ learningRate: '-1', seed: '1e10', epochs: '0', batchSize: '1e300' }), ...messages({ learningRate: '1e400' })]) {
      expect(message.length, message).toBeLessThan(120);
      expect(message).not.toMatch(/\d{14}/);
    }
  });

  it('name each field that is wrong and say what it expected, in the CLI’s words', () => {
    expect(parseSettings(fields({ layers: '100,10', learningRate: '0', epochs: '2.5', trainExamples: '70000', optimizer: 'sdg' }))).toEqual({
      ok: false,
      problems: [
        { field: 'layers', message: 'layer sizes: the first layer has 100 inputs, but MNIST images have 28×28 = 784 pixels; expected 784,10' },
        { field: 'optimizer', message: `optimizer: expected one of ${[...optimizers.keys()].join(', ')}, found "sdg"` },
        { field: 'learningRate', message: 'learning rate: expected a number above 0 (with η = 0 nothing moves), found "0"' },
        { field: 'trainExamples', message: 'training examples: expected a whole number from 1 to 60,000, found "70000"' },
        { field: 'epochs', message: 'epochs: expected a whole number from 1 to 100,000, found "2.5"' },
      ],
    });
  });

  it('refuse negative sizes, other than 10 outputs, softmax hidden layers, unknown costs, empty numbers and networks too big for a tab', () => {
    const fieldsOf = (changes: Partial<SettingsFields>) => {
      const parsed = parseSettings(fields(changes));
      return parsed.ok ? [] : parsed.problems.map((p) => p.field);
    };
    expect(fieldsOf({ layers: '784,-16,10' })).toEqual(['layers']);
    expect(messages({ layers: '784,16,9' })).toEqual(['layer sizes: the last layer has 9 outputs, but MNIST has 10 classes; expected 784,16,10']);
    expect(fieldsOf({ layers: '784' })).toEqual(['layers']);
    expect(fieldsOf({ activation: 'softmax' })).toEqual(['activation']);
    expect(fieldsOf({ cost: 'hinge' })).toEqual(['cost']);
    expect(fieldsOf({ batchSize: '', seed: '-1', testExamples: '0' })).toEqual(['batchSize', 'testExamples', 'seed']);
    expect(fieldsOf({ learningRate: 'Infinity' })).toEqual(['learningRate']);
    expect(messages({ layers: '784,50000,10', batchSize: '1000' })).toEqual([
      expect.stringMatching(/^layer sizes: a 784-50000-10 network trained by sgd in batches of 1,000 needs about [\d.]+ [MG]B; a browser tab allows 512 MB$/),
    ]);
  });

  it('read a new η while training as the form does', () => {
    expect(parseLearningRate(' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseLearningRate('3,0')).toMatchObject({
      ok: false,
      problem: { field: 'learningRate', message: expect.stringContaining('(decimals take a point') },
    });
  });

  it('check settings from a message as the form does', () => {
    expect(checkSettings(defaultSettings)).toEqual({ ok: true, settings: defaultSettings });
    expect(checkSettings({ ...defaultSettings, learningRate: Number.NaN }).ok).toBe(false);
  });

  it('say the downhill train command that makes the same run', () => {
    expect(trainCommand(defaultSettings)).toBe(
      'downhill train --layers 784,16,16,10 --activation sigmoid --cost quadratic --optimizer sgd --lr 3 --batch 10 --epochs 10 --seed 1 --limit 10000 --test-limit 10000 --no-average --no-train-accuracy',
    );
  });
});
