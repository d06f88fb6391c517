// Setting up a run: settings in, the network, cost, optimizer, generator and
// weight average out, with every default and every check in this one place,
// so that the CLI, the web demo's worker, the experiments and the bench differ
// only in how they read settings and show progress.
import { type Cost, getCost } from '@downhill/cost';
import { Rng } from '@downhill/linalg';
import { type ActivationName, defaultInit, type InitName, Network, type NetworkSpec, parameterGroups, sequentialSpec } from '@downhill/network';
import { cosineDecay, createOptimizer, getOptimizer, type Optimizer, resolveHyperparameters, withSchedule } from '@downhill/optim';
import type { Checkpoint } from './checkpoint.js';
import { defaultLearningRate } from './defaults.js';
import { checkSetting, SettingError } from './settings.js';
import { WeightAverage } from './weight-average.js';

/** Everything that decides how a network trains: what `downhill train`'s flags and the web demo's form give. */
export interface RunSettings {
  /** Layer sizes, input first: [784, 16, 16, 10]. */
  readonly layers: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: ActivationName;
  /** The output layer's activation (default: the cost's own, softmax for cross-entropy; else sigmoid). */
  readonly output?: ActivationName;
  /** The cost's name: `quadratic` (the lesson's) or `cross-entropy`. */
  readonly cost: string;
  /** How the weights start (default: the one that suits `activation`: LeCun, He or Xavier). */
  readonly init?: InitName;
  /** The optimizer's registry name, e.g. `sgd`, `adam`. */
  readonly optimizer: string;
  /** η (default: the optimizer's own for training a network; the lesson's 3.0 for sgd and gd). */
  readonly learningRate?: number;
  /** The optimizer's other hyperparameters (default: its defaults). */
  readonly hyperparameters?: Readonly<Record<string, number>>;
  /** Examples per mini-batch (full-batch optimizers take the whole set). */
  readonly batch: number;
  /** Passes over the training set. */
  readonly epochs: number;
  /** Seeds the initial weights and every shuffle: same seed, same run. */
  readonly seed: number;
  /**
   * The first epoch whose weights go into the saved mean (stochastic weight
   * averaging); null for none. Default: the second half of the epochs, none
   * for full-batch optimizers (they walk straight down, so the last step is best).
   */
  readonly averageFrom?: number | null;
  /**
   * How η changes over the run: 'constant' (default), or 'cosine', annealed
   * from η to η/100 over all the run's steps (Loshchilov & Hutter 2017).
   */
  readonly schedule?: 'constant' | 'cosine';
}

/** Settings with every default filled in. */
export interface ResolvedRunSettings extends RunSettings {
  readonly output: ActivationName;
  readonly init: InitName;
  readonly learningRate: number;
  readonly hyperparameters: Readonly<Record<string, number>>;
  readonly averageFrom: number | null;
  readonly schedule: 'constant' | 'cosine';
}

/** The lesson's run: 784-16-16-10 sigmoid neurons, quadratic cost, SGD with η = 3 on mini-batches of 10, 30 epochs. */
export const lessonSettings: RunSettings = Object.freeze({
  layers: Object.freeze([784, 16, 16, 10]),
  activation: 'sigmoid',
  cost: 'quadratic',
  optimizer: 'sgd',
  batch: 10,
  epochs: 30,
  seed: 1,
});

/** The names of the preset runs. */
export type RunPresetName = 'lesson' | 'tweaks';

/**
 * Runs by name, as `downhill train --preset` takes them: 'lesson' (the
 * lesson's network, about 95 %) and 'tweaks' (the lesson's "with the usual
 * tweaks, about 98 %": 800 ReLU neurons, softmax with cross-entropy, Adam with
 * a cosine-annealed η, 8 epochs; 98.2 % in well under a minute).
 */
export const runPresets: ReadonlyMap<RunPresetName, RunSettings> = new Map<RunPresetName, RunSettings>([
  ['lesson', lessonSettings],
  [
    'tweaks',
    Object.freeze({
      layers: Object.freeze([784, 800, 10]),
      activation: 'relu',
      cost: 'cross-entropy',
      optimizer: 'adam',
      learningRate: 0.001,
      batch: 128,
      epochs: 8,
      seed: 1,
      averageFrom: null,
      schedule: 'cosine',
    }),
  ],
]);

/**
 * `settings` checked, every field as its flag or form field is (the same
 * messages everywhere), with the defaults filled in. `label` names a setting
 * in messages (the CLI says `--batch`, the page 'batch size').
 */
export function resolveRunSettings(settings: RunSettings, label: (setting: string) => string = (s) => s): ResolvedRunSettings {
  const layers = checkSetting.layers(settings.layers, label('layers'));
  const activation = checkSetting.activation(settings.activation, label('activation')) as ActivationName;
  const cost = getCost(checkSetting.cost(settings.cost, label('cost')));
  const output = (
    settings.output === undefined ? (cost.fusedActivation ?? 'sigmoid') : checkSetting.output(settings.output, label('output'))
  ) as ActivationName;
  const init = (settings.init === undefined ? defaultInit(activation) : checkSetting.init(settings.init, label('init'))) as InitName;
  const definition = getOptimizer(checkSetting.optimizer(settings.optimizer, label('optimizer')));
  const learningRate =
    settings.learningRate === undefined ? defaultLearningRate(definition) : checkSetting.learningRate(settings.learningRate, label('learningRate'));
  const hyperparameters = resolveHyperparameters(definition, { ...settings.hyperparameters, learningRate });
  const batch = checkSetting.batch(settings.batch, label('batch'));
  const epochs = checkSetting.epochs(settings.epochs, label('epochs'));
  const seed = checkSetting.seed(settings.seed, label('seed'));
  let averageFrom: number | null;
  if (settings.averageFrom === undefined) averageFrom = definition.fullBatch ? null : Math.floor(epochs / 2) + 1;
  else if (settings.averageFrom === null) averageFrom = null;
  else {
    averageFrom = checkSetting.averageFrom(settings.averageFrom, label('averageFrom'));
    if (averageFrom > epochs) throw new SettingError(label('averageFrom'), `an epoch from 1 to the run's ${epochs}`, String(averageFrom));
  }
  const schedule = settings.schedule === undefined ? 'constant' : (checkSetting.schedule(settings.schedule, label('schedule')) as 'constant' | 'cosine');
  // The output layer and the cost must fit (softmax only with a cost fused with it): checked now, not at the first batch.
  sequentialSpec(layers, activation, output);
  if ((output === 'softmax') !== (cost.fusedActivation === 'softmax')) {
    throw new SettingError(
      label('output'),
      cost.fusedActivation ? `softmax for the ${cost.name} cost` : `an elementwise activation for the ${cost.name} cost (softmax needs cross-entropy)`,
      output,
    );
  }
  return {
    layers,
    activation,
    output,
    cost: cost.name,
    init,
    optimizer: definition.name,
    learningRate,
    hyperparameters,
    batch,
    epochs,
    seed,
    averageFrom,
    schedule,
  };
}

/** A run ready to train: pass `run.trainOptions` to `train` with the data. */
export interface Run {
  /** The settings, checked, with every default filled in. */
  readonly settings: ResolvedRunSettings;
  /** The network's layers. */
  readonly spec: NetworkSpec;
  /** The cost. */
  readonly cost: Cost;
  /** The network, with its initial weights (or a checkpoint's). */
  readonly network: Network;
  /** The optimizer, bound to the network's parameters (with its schedule, if any). */
  readonly optimizer: Optimizer;
  /** Draws the initial weights, then shuffles the examples each epoch. */
  readonly rng: Rng;
  /** The weight average, when the run keeps one. */
  readonly average?: WeightAverage;
  /** What `train` takes from the run. */
  readonly trainOptions: {
    /** The network. */
    readonly network: Network;
    /** The cost. */
    readonly cost: Cost;
    /** The optimizer. */
    readonly optimizer: Optimizer;
    /** The generator, for the shuffles. */
    readonly rng: Rng;
    /** The epochs to run. */
    readonly epochs: number;
    /** Examples per mini-batch. */
    readonly batchSize: number;
    /** The weight average, if any. */
    readonly average?: WeightAverage;
  };
}

/** Options of `createRun`. */
export interface CreateRunOptions {
  /** The checkpoint the run stopped at: continue from it (after checking it is of this run). */
  readonly from?: Checkpoint;
  /** How messages name a setting (the CLI: `--batch`). */
  readonly label?: (setting: string) => string;
  /** Training examples per epoch: a schedule over the run's steps needs them. */
  readonly examples?: number;
}

/**
 * The network (fresh weights from the seed), cost, optimizer (with its
 * schedule), generator and weight average of a run; or, given the checkpoint
 * it stopped at, all of them as they were then.
 */
export function createRun(settings: RunSettings, options: CreateRunOptions = {}): Run {
  const { from, label } = options;
  const s = resolveRunSettings(settings, label);
  const cost = getCost(s.cost);
  const spec = sequentialSpec([...s.layers], s.activation, s.output);
  const rng = new Rng(s.seed);
  const definition = getOptimizer(s.optimizer);
  let network: Network;
  if (from) {
    if (JSON.stringify(from.network.spec) !== JSON.stringify(spec)) {
      throw new SettingError(label?.('layers') ?? 'layers', `the checkpoint's network, ${describeSpec(from.network.spec)}`, describeSpec(spec));
    }
    if (from.optimizer.name !== definition.name) {
      throw new SettingError(label?.('optimizer') ?? 'optimizer', `the checkpoint's optimizer, ${from.optimizer.name}`, definition.name);
    }
    network = from.network;
  } else {
    network = Network.create(spec, { rng, init: s.init });
  }
  const base = createOptimizer(definition, network.params.length, s.hyperparameters, { groups: parameterGroups(network) });
  const averageFrom = from ? (from.average?.from ?? null) : s.averageFrom;
  const average = averageFrom === null ? undefined : new WeightAverage(network.params.length, { from: averageFrom });
  if (from) {
    base.restore(from.optimizer);
    rng.setState(from.rngState);
    if (from.average && average) average.restore(from.average.params, from.average.count);
  }
  // The schedule depends on the step count alone, which the optimizer's state carries: a resumed run follows it on.
  let optimizer: Optimizer = base;
  if (s.schedule === 'cosine') {
    const examples = options.examples;
    if (examples === undefined || !Number.isInteger(examples) || examples < 1) {
      throw new SettingError(
        label?.('schedule') ?? 'schedule',
        'the number of training examples (createRun options.examples), to spread a cosine schedule over the run',
        String(examples),
      );
    }
    const steps = s.epochs * (definition.fullBatch ? 1 : Math.ceil(examples / s.batch));
    optimizer = withSchedule(base, cosineDecay({ initial: s.learningRate, minimum: s.learningRate / 100, steps }));
  }
  const resolved = { ...s, averageFrom };
  return {
    settings: resolved,
    spec,
    cost,
    network,
    optimizer,
    rng,
    ...(average ? { average } : {}),
    trainOptions: { network, cost, optimizer, rng, epochs: s.epochs, batchSize: s.batch, ...(average ? { average } : {}) },
  };
}

function describeSpec(spec: NetworkSpec): string {
  return `${[spec.inputSize, ...spec.layers.map((l) => l.units)].join('-')} ${spec.layers.map((l) => l.activation).join('/')}`;
}
