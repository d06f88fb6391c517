// What the page's form asks for, its defaults, and the checks that turn the
// form's text into settings a run can use (the worker checks them again).
import { costs } from '@downhill/cost';
import { type ActivationName, activations } from '@downhill/network';
import { optimizers } from '@downhill/optim';
import { defaultLearningRate as learningRateOf } from '@downhill/train';

export interface Settings {
  /** Layer sizes, input first: 784 (28×28 pixels) in, at least 10 (digits) out. */
  readonly layers: readonly number[];
  /** Activation of the hidden layers (the output layer follows the cost). */
  readonly activation: ActivationName;
  readonly cost: string;
  readonly optimizer: string;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** The first n of MNIST's 60,000 training images. */
  readonly trainExamples: number;
  /** The first n of MNIST's 10,000 test images. */
  readonly testExamples: number;
  readonly seed: number;
}

export const MNIST_TRAIN = 60_000;
export const MNIST_TEST = 10_000;
const INPUTS = 28 * 28;
const CLASSES = 10;
const MAX_UNITS = 4096;
const MAX_EPOCHS = 1000;

/** η when the user gives none: 3 for sgd and gd as in the lesson, else the optimizer's own default (as the CLI). */
export function defaultLearningRate(optimizer: string): number {
  const definition = optimizers.get(optimizer);
  if (!definition) throw new RangeError(`optimizer: expected one of ${[...optimizers.keys()].join(', ')}, found '${optimizer}'`);
  return learningRateOf(definition);
}

/** The lesson's run on a subset sized so an epoch takes about a second in a browser. */
export const defaultSettings: Settings = {
  layers: [784, 16, 16, 10],
  activation: 'sigmoid',
  cost: 'quadratic',
  optimizer: 'sgd',
  learningRate: defaultLearningRate('sgd'),
  batchSize: 10,
  epochs: 10,
  trainExamples: 10_000,
  testExamples: MNIST_TEST,
  seed: 1,
};

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** One line about it, shown beside the menu. */
  readonly summary?: string;
}

/** Every registered optimizer, so one registered later appears in the menu by itself. */
export function optimizerChoices(): Choice[] {
  return [...optimizers.values()].map((d) => ({ value: d.name, label: d.name, summary: d.summary }));
}

/** Each cost once (the registry also holds short aliases such as 'mse'). */
export function costChoices(): Choice[] {
  const names = [...new Set([...costs.values()].map((c) => c.name))];
  return names.map((name) => ({ value: name, label: name }));
}

/** Activations that work in hidden layers: the elementwise ones (softmax mixes a layer and is only an output). */
export function activationChoices(): Choice[] {
  return [...activations.values()].filter((a) => a.elementwise).map((a) => ({ value: a.name, label: a.name }));
}

export type SettingsFields = { readonly [K in keyof Settings]: string };

export type Parsed = { ok: true; settings: Settings } | { ok: false; problems: string[] };

/** The form's text as settings, or every problem found, each naming its field and saying what was expected. */
export function parseSettings(fields: SettingsFields): Parsed {
  const problems: string[] = [];
  const number = (label: string, text: string, integer: boolean, min: number, max: number): number => {
    const value = text.trim() === '' ? Number.NaN : Number(text.replaceAll(',', '').replaceAll('_', ''));
    const ok = Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
    if (!ok) {
      const kind = integer ? 'a whole number' : 'a number';
      problems.push(`${label}: expected ${kind} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, found '${text.trim()}'`);
    }
    return value;
  };

  // Commas or spaces between sizes, or the lesson's dashes (784-16-16-10).
  const sizes = fields.layers.trim().split(/[\s,]+|(?<=\d)-(?=\d)/).filter((s) => s !== '').map(Number);
  const layersOk =
    sizes.length >= 2 &&
    sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_UNITS) &&
    sizes[0] === INPUTS &&
    sizes.at(-1)! >= CLASSES;
  if (!layersOk) {
    problems.push(
      `layer sizes: expected sizes like 784,16,16,10 (784 inputs for the 28×28 pixels, at least ${CLASSES} outputs for the digits, ` +
        `each layer 1 to ${MAX_UNITS} neurons), found '${fields.layers.trim()}'`,
    );
  }
  const activation = fields.activation as ActivationName;
  if (!activationChoices().some((c) => c.value === activation)) {
    problems.push(`activation: expected one of ${activationChoices().map((c) => c.value).join(', ')}, found '${fields.activation}'`);
  }
  if (!costChoices().some((c) => c.value === fields.cost)) {
    problems.push(`cost: expected one of ${costChoices().map((c) => c.value).join(', ')}, found '${fields.cost}'`);
  }
  if (!optimizers.has(fields.optimizer)) {
    problems.push(`optimizer: expected one of ${[...optimizers.keys()].join(', ')}, found '${fields.optimizer}'`);
  }
  const learningRate = number('learning rate', fields.learningRate, false, 0, Number.MAX_VALUE);
  if (learningRate === 0) problems.push('learning rate: expected a number above 0 (with η = 0 nothing moves), found 0');
  const trainExamples = number('training examples', fields.trainExamples, true, 1, MNIST_TRAIN);
  const batchSize = number('batch size', fields.batchSize, true, 1, MNIST_TRAIN);
  const epochs = number('epochs', fields.epochs, true, 1, MAX_EPOCHS);
  const testExamples = number('test examples', fields.testExamples, true, 1, MNIST_TEST);
  const seed = number('seed', fields.seed, true, 0, 2 ** 32 - 1);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      layers: sizes, activation, cost: fields.cost, optimizer: fields.optimizer, learningRate,
      batchSize, epochs, trainExamples, testExamples, seed,
    },
  };
}

/** Settings as the form shows them. */
export function settingsFields(settings: Settings): SettingsFields {
  return {
    layers: settings.layers.join(','),
    activation: settings.activation,
    cost: settings.cost,
    optimizer: settings.optimizer,
    learningRate: String(settings.learningRate),
    batchSize: String(settings.batchSize),
    epochs: String(settings.epochs),
    trainExamples: String(settings.trainExamples),
    testExamples: String(settings.testExamples),
    seed: String(settings.seed),
  };
}

/** Settings that came from elsewhere (a worker message) checked as if typed into the form. */
export function checkSettings(settings: Settings): Parsed {
  return parseSettings(settingsFields(settings));
}
