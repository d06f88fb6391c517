// What the page's form asks for, its defaults, and the checks that turn the
// form's text into settings a run can use. Numbers are read strictly and
// checked by @downhill/train's own checks, so the page says what the CLI
// says: '3,0' is not 30, '0x10' is not 16, '' is not 0.
import { costs } from '@downhill/cost';
import { type ActivationName, activations } from '@downhill/network';
import { optimizers } from '@downhill/optim';
import {
  checkSetting,
  formatBytes,
  defaultLearningRate as learningRateOf,
  parseDecimal,
  type SettingName,
  SettingError,
  showValue,
  trainingBytes,
} from '@downhill/train';

export interface Settings {
  /** Layer sizes, input first: 784 (28×28 pixels) in, 10 (digits) out. */
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
/** What a run's buffers may take in a browser tab: the CLI's default --memory-limit. */
export const MEMORY_LIMIT = 512e6;

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

/** One field's problem: which field, and the message shown beside it. */
export interface Problem {
  readonly field: keyof Settings;
  readonly message: string;
}

export type Parsed = { ok: true; settings: Settings } | { ok: false; problems: Problem[] };

/** How the page names each setting in messages. */
export const fieldLabels: Readonly<Record<keyof Settings, string>> = {
  layers: 'layer sizes',
  activation: 'activation',
  cost: 'cost',
  optimizer: 'optimizer',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  epochs: 'epochs',
  trainExamples: 'training examples',
  testExamples: 'test examples',
  seed: 'seed',
};

/** A short hint for the ways of writing a number that look right and are not read: `3,0`, `60,000` and `0x10`. */
function hint(text: string, whole: boolean): string {
  const t = text.trim();
  if (/^[+-]?[\d,]*,\d+$/.test(t)) return whole ? ' (write it without separators: 60000)' : ' (decimals take a point: 3.0, not 3,0)';
  if (/^[+-]?0x/i.test(t)) return ' (decimal digits only)';
  return '';
}

const wholeFields: ReadonlySet<keyof Settings> = new Set(['batchSize', 'epochs', 'trainExamples', 'testExamples', 'seed']);

/** A problem as the page says it: the field's name, what was expected, what was typed (and a hint for a comma or hex). */
function message(field: keyof Settings, expected: string, text: string): Problem {
  return { field, message: `${fieldLabels[field]}: expected ${expected}, found ${showValue(text.trim())}${hint(text, wholeFields.has(field))}` };
}

/** The form's text as settings, or every problem found, each naming its field and saying what was expected. */
export function parseSettings(fields: SettingsFields): Parsed {
  const problems: Problem[] = [];
  /** The field's text through train's check for `setting` (what `downhill train`'s flag goes through). */
  function checked<T>(field: keyof Settings, setting: SettingName, value: unknown, text: string): T | undefined {
    try {
      return checkSetting[setting](value, fieldLabels[field]) as T;
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      problems.push(message(field, error.expected, text));
      return undefined;
    }
  }
  /** A whole number from min to max, read strictly. */
  function whole(field: keyof Settings, min: number, max: number): number | undefined {
    const text = fields[field];
    const n = parseDecimal(text);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(message(field, `a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`, text));
    return undefined;
  }

  // Commas or spaces between sizes, or the lesson's dashes (784-16-16-10).
  const sizes = fields.layers
    .trim()
    .split(/[\s,]+|(?<=\d)-(?=\d)/)
    .filter((s) => s !== '')
    .map(parseDecimal);
  let layers = checked<number[]>('layers', 'layers', sizes, fields.layers);
  if (layers && layers[0] !== INPUTS) {
    problems.push({
      field: 'layers',
      message: `layer sizes: the first layer has ${layers[0]} inputs, but MNIST images have 28×28 = ${INPUTS} pixels; expected ${[INPUTS, ...layers.slice(1)].join(',')}`,
    });
    layers = undefined;
  } else if (layers && layers.at(-1) !== CLASSES) {
    problems.push({
      field: 'layers',
      message: `layer sizes: the last layer has ${layers.at(-1)} outputs, but MNIST has ${CLASSES} classes; expected ${[...layers.slice(0, -1), CLASSES].join(',')}`,
    });
    layers = undefined;
  }
  const activation = checked<ActivationName>('activation', 'activation', fields.activation, fields.activation);
  const cost = checked<string>('cost', 'cost', fields.cost, fields.cost);
  const optimizer = checked<string>('optimizer', 'optimizer', fields.optimizer, fields.optimizer);
  const learningRate = checked<number>('learningRate', 'learningRate', parseDecimal(fields.learningRate), fields.learningRate);
  const trainExamples = whole('trainExamples', 1, MNIST_TRAIN);
  const batchSize = checked<number>('batchSize', 'batch', parseDecimal(fields.batchSize), fields.batchSize);
  const epochs = checked<number>('epochs', 'epochs', parseDecimal(fields.epochs), fields.epochs);
  const testExamples = whole('testExamples', 1, MNIST_TEST);
  const seed = checked<number>('seed', 'seed', parseDecimal(fields.seed), fields.seed);

  // Memory, as the CLI's --memory-limit: the network, the optimizer's state and the batch buffers.
  if (layers && optimizer && batchSize !== undefined && trainExamples !== undefined) {
    const definition = optimizers.get(optimizer)!;
    const batch = definition.fullBatch ? trainExamples : Math.min(batchSize, trainExamples);
    const bytes = trainingBytes({ layers, batch, optimizerSlots: definition.slots.length, average: false });
    if (bytes > MEMORY_LIMIT) {
      problems.push({
        field: 'layers',
        message: `layer sizes: a ${layers.join('-')} network trained by ${optimizer} in batches of ${batch.toLocaleString('en-US')} needs about ${formatBytes(bytes)}; a browser tab allows ${formatBytes(MEMORY_LIMIT)}`,
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      layers: layers!,
      activation: activation!,
      cost: cost!,
      optimizer: optimizer!,
      learningRate: learningRate!,
      batchSize: batchSize!,
      epochs: epochs!,
      trainExamples: trainExamples!,
      testExamples: testExamples!,
      seed: seed!,
    },
  };
}

/** The learning rate as typed while a run goes on (it applies from the next mini-batch): the number, or the problem. */
export function parseLearningRate(text: string): { ok: true; value: number } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: checkSetting.learningRate(parseDecimal(text), fieldLabels.learningRate) };
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    return { ok: false, problem: message('learningRate', error.expected, text) };
  }
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

/**
 * The command that trains the same run in a terminal: the same network from
 * the same seed, the same batches in the same order, so its epochs report
 * what the page's do. (The page keeps the last step's weights, hence
 * --no-average; it measures no training accuracy, hence --no-train-accuracy.)
 */
export function trainCommand(settings: Settings): string {
  return [
    'downhill train',
    `--layers ${settings.layers.join(',')}`,
    `--activation ${settings.activation}`,
    `--cost ${settings.cost}`,
    `--optimizer ${settings.optimizer}`,
    `--lr ${settings.learningRate}`,
    `--batch ${settings.batchSize}`,
    `--epochs ${settings.epochs}`,
    `--seed ${settings.seed}`,
    `--limit ${settings.trainExamples}`,
    `--test-limit ${settings.testExamples}`,
    '--no-average',
    '--no-train-accuracy',
  ].join(' ');
}
