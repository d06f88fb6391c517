import { optimizers } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import {
  activationChoices,
  checkSettings,
  costChoices,
  defaultLearningRate,
  defaultSettings,
  optimizerChoices,
  parseSettings,
  type SettingsFields,
  settingsFields,
} from './settings.js';

const fields = (changes: Partial<SettingsFields> = {}): SettingsFields => ({ ...settingsFields(defaultSettings), ...changes });

describe('settings', () => {
  it("default to the lesson's network and learning rate on a 10,000-digit subset", () => {
    expect(defaultSettings).toMatchObject({
      layers: [784, 16, 16, 10], activation: 'sigmoid', cost: 'quadratic', optimizer: 'sgd',
      learningRate: 3, batchSize: 10, trainExamples: 10_000, testExamples: 10_000,
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

  it("read layer sizes written with commas, spaces or the lesson's dashes, and numbers with thousands separators", () => {
    const parsed = parseSettings(fields({ layers: ' 784-100-10 ', trainExamples: '60,000', learningRate: '1e-3' }));
    expect(parsed).toMatchObject({ ok: true, settings: { layers: [784, 100, 10], trainExamples: 60_000, learningRate: 0.001 } });
    expect(parseSettings(fields({ layers: '784 30, 10' }))).toMatchObject({ ok: true, settings: { layers: [784, 30, 10] } });
  });

  it('name each field that is wrong and say what it expected', () => {
    const parsed = parseSettings(fields({ layers: '100,10', learningRate: '0', epochs: '2.5', trainExamples: '70000', optimizer: 'sdg' }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      "layer sizes: expected sizes like 784,16,16,10 (784 inputs for the 28×28 pixels, at least 10 outputs for the digits, each layer 1 to 4096 neurons), found '100,10'",
      `optimizer: expected one of ${[...optimizers.keys()].join(', ')}, found 'sdg'`,
      'learning rate: expected a number above 0 (with η = 0 nothing moves), found 0',
      "training examples: expected a whole number from 1 to 60,000, found '70000'",
      "epochs: expected a whole number from 1 to 1,000, found '2.5'",
    ]);
  });

  it('refuse negative sizes, too few outputs, softmax hidden layers, unknown costs and empty numbers', () => {
    const problems = (changes: Partial<SettingsFields>) => {
      const parsed = parseSettings(fields(changes));
      return parsed.ok ? [] : parsed.problems.map((p) => p.slice(0, p.indexOf(':')));
    };
    expect(problems({ layers: '784,-16,10' })).toEqual(['layer sizes']);
    expect(problems({ layers: '784,16,9' })).toEqual(['layer sizes']);
    expect(problems({ layers: '784' })).toEqual(['layer sizes']);
    expect(problems({ activation: 'softmax' })).toEqual(['activation']);
    expect(problems({ cost: 'hinge' })).toEqual(['cost']);
    expect(problems({ batchSize: '', seed: '-1', testExamples: '0' })).toEqual(['batch size', 'test examples', 'seed']);
    expect(problems({ learningRate: 'Infinity' })).toEqual(['learning rate']);
  });

  it('check settings from a message as the form does', () => {
    expect(checkSettings(defaultSettings)).toEqual({ ok: true, settings: defaultSettings });
    expect(checkSettings({ ...defaultSettings, learningRate: Number.NaN }).ok).toBe(false);
  });
});
