import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { type ActivationName, Network, saveModel } from '@downhill/network';
import { getOptimizer } from '@downhill/optim';
import {
  type Checkpoint,
  checkSetting,
  createRun,
  defaultLearningRate,
  type RunPresetName,
  runPresets,
  resolveRunSettings,
  type RunSettings,
  type EpochResult,
  evaluate,
  formatBytes,
  imageExamples,
  loadCheckpoint,
  notLearning,
  notLearningAfterSteps,
  parameterCountOf,
  pickSettings,
  saveCheckpoint,
  type SettingName,
  showValue,
  TrainingInterrupted,
  type TrainPosition,
  train,
  trainingBytes,
} from '@downhill/train';
import { Command, Option } from 'commander';
import { dataFiles, loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { Interrupts, signalExitCodes } from '../interrupt.js';
import { readBytes, writeError, writeFileAtomic, writeFilesAtomic } from '../io.js';
import { layerSizes, positiveInteger, seed, setting, wholeNumber } from '../options.js';
import { checkOutputs } from '../outputs.js';
import { type Output, stdoutOutput, trainingProgress } from '../progress.js';
import { parseResumedLog, type LogRecord } from '../train-log.js';

export interface TrainFlags {
  layers: number[];
  activation: ActivationName;
  output?: ActivationName;
  cost: string;
  init?: 'normal' | 'lecun' | 'xavier' | 'he';
  optimizer: string;
  lr?: number;
  batch: number;
  epochs: number;
  seed: number;
  out: string;
  log?: string;
  data?: string;
  limit?: number;
  testLimit?: number;
  dryRun?: boolean;
  trainAccuracy: boolean;
  checkpoint?: string;
  resume?: string;
  /** false with --no-average. */
  average: boolean;
  averageFrom?: number;
  /** Megabytes the run's buffers may take. */
  memoryLimit: number;
  schedule: 'constant' | 'cosine';
  preset?: RunPresetName;
  /** Record the weights at the start and after every epoch in the run log (for `viz slice`). */
  recordPath?: boolean;
}

/** Networks up to this size may record their path (each record is the whole weight vector, in base64). */
const RECORD_PATH_LIMIT = 200_000;

/** What a run's buffers may take unless --memory-limit says otherwise. */
export const defaultMemoryLimitMB = 512;

/** The settings a checkpoint carries and a resumed run keeps: each is checked as its flag is. */
const resumedSettings = [
  'layers',
  'activation',
  'output',
  'cost',
  'init',
  'optimizer',
  'batch',
  'seed',
  'limit',
  'schedule',
] as const satisfies readonly SettingName[];

/** The flag of each setting, for messages. */
const flagOf: Record<(typeof resumedSettings)[number], string> = {
  layers: '--layers',
  activation: '--activation',
  output: '--output',
  cost: '--cost',
  init: '--init',
  optimizer: '--optimizer',
  batch: '--batch',
  seed: '--seed',
  limit: '--limit',
  schedule: '--schedule',
};

export function trainCommand(hyper: () => Record<string, number>, output: Output = stdoutOutput, exitWith: (code: number) => void = () => {}): Command {
  return new Command('train')
    .summary('train a network on MNIST (or any IDX set) by gradient descent')
    .description(
      'Train a network by stochastic gradient descent and save it as .safetensors. ' +
        "The defaults are the lesson's network: 784-16-16-10 sigmoid neurons, quadratic cost, " +
        'mini-batches of 10, learning rate η = 3.0, 30 epochs, on the real MNIST digits. ' +
        'The model saved is the mean of the weights over the second half of the epochs, ' +
        "which jitters less than any one of them (--no-average saves the last step's). " +
        'Ctrl-C stops at the end of the mini-batch, saves the checkpoint (with --checkpoint) and prints the command that continues the run.',
    )
    .option('--layers <sizes>', 'layer sizes, input first', layerSizes, [784, 16, 16, 10])
    .addOption(new Option('--activation <name>', 'activation of the hidden layers').choices(['sigmoid', 'tanh', 'relu', 'identity']).default('sigmoid'))
    .addOption(
      new Option('--output <name>', 'activation of the output layer (default: softmax with cross-entropy, else sigmoid)').choices([
        'sigmoid',
        'tanh',
        'relu',
        'identity',
        'softmax',
      ]),
    )
    .addOption(new Option('--cost <name>', 'cost function').choices(['quadratic', 'cross-entropy']).default('quadratic'))
    .addOption(
      new Option('--init <name>', 'weight initialiser (default: lecun for sigmoid, he for relu, xavier otherwise; normal is N(0, 1) as in network.py)').choices(
        ['normal', 'lecun', 'xavier', 'he'],
      ),
    )
    .option('--optimizer <name>', 'optimizer (see `downhill optimizers`)', 'sgd')
    .option(
      '--lr <rate>',
      `learning rate η (default: ${defaultLearningRate(getOptimizer('sgd'))} for sgd and gd as in the lesson, else the optimizer's default)`,
      setting('learningRate'),
    )
    .option('--batch <n>', 'examples per mini-batch', setting('batch'), 10)
    .option('--epochs <n>', 'passes over the training set', setting('epochs'), 30)
    .option('--seed <n>', 'seed for initialisation and shuffling, 0 to 4294967295 (same seed, same model)', seed, 1)
    .option('-o, --out <file>', 'where to save the trained model', 'model.safetensors')
    .option('--log <file>', "run log as JSON lines (default: the model's path with .jsonl)")
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .option('--limit <n>', 'train on the first n training examples only', setting('limit'))
    .option('--test-limit <n>', 'test on the first n test examples only', wholeNumber(0, Number.MAX_SAFE_INTEGER))
    .option('--no-train-accuracy', 'skip measuring accuracy on the whole training set after each epoch')
    .option(
      '--average-from <epoch>',
      'save the mean of the weights at the end of each epoch from this one on (stochastic weight averaging) (default: the second half of the epochs; none for full-batch gd)',
      setting('averageFrom'),
    )
    .option('--no-average', "save the last step's weights, not an average")
    .option('--checkpoint <file>', 'after every epoch, and when stopped by Ctrl-C, save the weights, optimizer state and random state here')
    .option('--resume <file>', 'continue a run from its checkpoint (its network, optimizer, seed and batch), up to --epochs in all')
    .addOption(
      new Option('--schedule <name>', 'how η changes: constant, or cosine (annealed to η/100 over the run)')
        .choices(['constant', 'cosine'])
        .default('constant'),
    )
    .addOption(
      new Option(
        '--preset <name>',
        'a whole run by name (flags you give override its parts): lesson (the defaults, ~95 %), tweaks (784-800-10 ReLU, cross-entropy, Adam, cosine η, 8 epochs: ~98 %)',
      ).choices([...runPresets.keys()]),
    )
    .option(
      '--memory-limit <MB>',
      'refuse a run whose network, optimizer state and batch buffers would take more than this',
      positiveInteger,
      defaultMemoryLimitMB,
    )
    .option(
      '--record-path',
      `record the weights at the start and after every epoch in the run log, for \`downhill viz slice --log\` (networks up to ${RECORD_PATH_LIMIT.toLocaleString('en-US')} parameters)`,
    )
    .option('--dry-run', 'print the layers and the number of parameters, check the output paths, then exit')
    .addHelpText(
      'after',
      '\nOptimizer hyperparameters: --opt.NAME VALUE, e.g. --optimizer adam --opt.beta1 0.8\n\n' +
        'Examples:\n  downhill train\n  downhill train --preset tweaks                       the lesson\'s "with tweaks, about 98 %"\n' +
        '  downhill train --layers 784,100,10 --activation relu --cost cross-entropy --optimizer adam --lr 0.001 --batch 128 --epochs 10\n' +
        '  downhill train --checkpoint run.ckpt.safetensors        (Ctrl-C, then:)\n' +
        '  downhill train --resume run.ckpt.safetensors --checkpoint run.ckpt.safetensors',
    )
    .action(async (flags: TrainFlags, command: Command) => {
      const given = new Set(command.options.map((o) => o.attributeName()).filter((name) => command.getOptionValueSource(name) === 'cli'));
      exitWith(await runTrain(flags, hyper(), output, given));
    });
}

/** A checkpoint to continue from, with the settings it was trained with (checked as flags are). */
interface Resumed {
  readonly path: string;
  readonly checkpoint: Checkpoint;
  readonly log: LogRecord[];
}

/**
 * The flags with the checkpoint's settings in place of the command line's:
 * only the known training settings, each checked as its flag is; never a
 * path (the command line owns every path). A flag given on the command line
 * that disagrees with the checkpoint is refused rather than ignored.
 */
function resumeSettings(flags: TrainFlags, resumed: Checkpoint, path: string, given: ReadonlySet<string>): TrainFlags {
  let raw: unknown;
  try {
    raw = JSON.parse(resumed.metadata.settings ?? '{}');
  } catch {
    throw new UsageError(`${path}: expected the checkpoint's settings as JSON, found ${showValue(resumed.metadata.settings)}`);
  }
  const saved = pickSettings(raw, resumedSettings, (key) => `${path}: settings.${key}`);
  for (const key of resumedSettings) {
    const value = saved[key];
    if (value === undefined || !given.has(key)) continue;
    if (JSON.stringify(value) !== JSON.stringify(flags[key])) {
      throw new UsageError(
        `${flagOf[key]} ${showValue(flags[key])}: ${path} was trained with ${key} ${showValue(value)}, and a resumed run keeps its settings; drop ${flagOf[key]}`,
      );
    }
  }
  const { layers, activation, output, cost, init, batch, seed: s, limit, schedule } = saved;
  const optimizer = saved.optimizer ?? resumed.optimizer.name;
  return {
    ...flags,
    ...(layers ? { layers } : {}),
    ...(activation ? { activation: activation as ActivationName } : {}),
    ...(output ? { output: output as ActivationName } : {}),
    ...(cost ? { cost } : {}),
    ...(init ? { init } : {}),
    optimizer,
    ...(batch !== undefined ? { batch } : {}),
    ...(s !== undefined ? { seed: s } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(schedule !== undefined ? { schedule: schedule as TrainFlags['schedule'] } : {}),
  };
}

/** The flags with a preset's settings in place of every one not given on the command line. */
function applyPreset(flags: TrainFlags, name: RunPresetName, given: ReadonlySet<string>): TrainFlags {
  const preset = runPresets.get(name)!;
  const take = <K extends keyof TrainFlags>(key: K, value: TrainFlags[K] | undefined): Partial<TrainFlags> =>
    given.has(key) || value === undefined ? {} : ({ [key]: value } as Partial<TrainFlags>);
  return {
    ...flags,
    ...take('layers', [...preset.layers]),
    ...take('activation', preset.activation),
    ...take('output', preset.output),
    ...take('cost', preset.cost),
    ...take('init', preset.init),
    ...take('optimizer', preset.optimizer),
    ...take('lr', preset.learningRate),
    ...take('batch', preset.batch),
    ...take('epochs', preset.epochs),
    ...take('schedule', preset.schedule),
    ...(given.has('average') || given.has('averageFrom') || preset.averageFrom === undefined
      ? {}
      : preset.averageFrom === null
        ? { average: false }
        : { average: true, averageFrom: preset.averageFrom }),
  };
}

/** Settings as the command line names them, for messages. */
const flagOfSetting = (setting: string): string => ({ learningRate: '--lr', averageFrom: '--average-from' })[setting] ?? `--${setting}`;

/** A path as the shell should be given it again. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

export async function runTrain(flags: TrainFlags, hyper: Record<string, number>, output: Output, given: ReadonlySet<string> = new Set()): Promise<number> {
  // --lr and --opt.learningRate are one setting: both may be given only if they agree.
  const { learningRate: optLr, ...otherHyper } = hyper;
  if (optLr !== undefined) {
    checkSetting.learningRate(optLr, '--opt.learningRate');
    if (flags.lr !== undefined && flags.lr !== optLr) {
      throw new UsageError(`--lr ${flags.lr} and --opt.learningRate ${optLr} name the same learning rate twice, differently; give one`);
    }
  }
  if (flags.preset) flags = applyPreset(flags, flags.preset, given);
  const lr = flags.lr ?? optLr;

  let resumed: Resumed | undefined;
  if (flags.resume) {
    const path = flags.resume;
    const checkpoint = loadCheckpoint(await readBytes(path), path);
    if (lr !== undefined || Object.keys(otherHyper).length > 0) {
      throw new UsageError(`--resume: ${path} carries its optimizer's hyperparameters; drop --lr and --opt.* when resuming`);
    }
    flags = resumeSettings(flags, checkpoint, path, given);
    resumed = { path, checkpoint, log: parseResumedLog(checkpoint.metadata.runLog, path, checkpoint.epoch) };
    // A run interrupted part-way through epoch e continues it: --epochs e is enough.
    const done = checkpoint.epoch;
    if (done > flags.epochs || (done === flags.epochs && checkpoint.position !== undefined)) {
      throw new UsageError(`--resume: ${flags.resume} is at epoch ${done} already; expected --epochs of at least ${Math.max(done, 1)}, found ${flags.epochs}`);
    }
  }

  const settings: RunSettings = {
    layers: flags.layers,
    activation: flags.activation,
    cost: flags.cost,
    optimizer: flags.optimizer,
    batch: flags.batch,
    epochs: flags.epochs,
    seed: flags.seed,
    ...(flags.output ? { output: flags.output } : {}),
    ...(flags.init ? { init: flags.init } : {}),
    ...(lr !== undefined ? { learningRate: lr } : {}),
    hyperparameters: otherHyper,
    schedule: flags.schedule,
    ...(flags.average ? (flags.averageFrom !== undefined ? { averageFrom: flags.averageFrom } : {}) : { averageFrom: null }),
  };
  // Checked (the same checks and messages as the web demo's), before anything big is allocated.
  const resolved = resolveRunSettings(settings, flagOfSetting);
  const definition = getOptimizer(resolved.optimizer);
  const averaged = resumed ? resumed.checkpoint.average !== undefined : resolved.averageFrom !== null;
  // Memory, before anything big is allocated; checked again once the data's size is known.
  const memoryLimit = flags.memoryLimit * 1e6;
  const checkMemory = (examples: number | undefined): void => {
    const batch = definition.fullBatch ? (examples ?? flags.limit ?? 60_000) : Math.min(flags.batch, examples ?? flags.batch);
    const bytes = trainingBytes({ layers: flags.layers, batch, optimizerSlots: definition.slots.length, average: averaged });
    if (bytes > memoryLimit) {
      throw new UsageError(
        `${given.has('layers') || !resumed ? '--layers' : resumed.path}: a ${flags.layers.join('-')} network trained by ${definition.name} ` +
          `(${parameterCountOf(flags.layers).toLocaleString('en-US')} parameters, batches of ${batch.toLocaleString('en-US')}) needs about ${formatBytes(bytes)}; ` +
          `the limit is ${formatBytes(memoryLimit)} (raise it with --memory-limit MB)`,
      );
    }
  };
  checkMemory(undefined);
  if (flags.recordPath && parameterCountOf(flags.layers) > RECORD_PATH_LIMIT) {
    throw new UsageError(
      `--record-path: a ${flags.layers.join('-')} network has ${parameterCountOf(flags.layers).toLocaleString('en-US')} parameters; ` +
        `its path would make the run log large, so --record-path takes networks up to ${RECORD_PATH_LIMIT.toLocaleString('en-US')}`,
    );
  }

  // Every output checked before the first epoch: distinct, writable, with room.
  const logPath = flags.log ?? join(dirname(flags.out), `${basename(flags.out, extname(flags.out))}.jsonl`);
  const modelBytes = parameterCountOf(flags.layers) * 4 + 16_384;
  const logBytes = 1024 * (flags.epochs + 10);
  const outputs = [
    { flag: '-o/--out', path: flags.out, bytes: modelBytes },
    { flag: '--log', path: logPath, bytes: logBytes },
    ...(flags.checkpoint ? [{ flag: '--checkpoint', path: flags.checkpoint, bytes: modelBytes * (2 + definition.slots.length) + logBytes }] : []),
  ];
  const inputs = [
    ...(resumed ? [{ flag: '--resume', path: resumed.path, mayBe: ['--checkpoint'] }] : []),
    ...dataFiles(flags.data).map((path) => ({ flag: '--data', path })),
  ];
  await checkOutputs(outputs, inputs);

  const { train: trainSet, test: testSet, name } = await loadData(flags);
  const inputSize = flags.layers[0]!,
    classes = flags.layers.at(-1)!;
  if (trainSet.rows * trainSet.cols !== inputSize) {
    throw new UsageError(
      `--layers: the first layer has ${inputSize} inputs, but ${name} images have ${trainSet.rows}×${trainSet.cols} = ${trainSet.rows * trainSet.cols} pixels`,
    );
  }
  if (classes !== trainSet.classes) {
    throw new UsageError(
      `--layers: the last layer has ${classes} outputs, but ${name} has ${trainSet.classes} classes; expected ${[...flags.layers.slice(0, -1), trainSet.classes].join(',')}`,
    );
  }
  checkMemory(trainSet.count);

  const run = createRun(settings, { ...(resumed ? { from: resumed.checkpoint } : {}), label: flagOfSetting, examples: trainSet.count });
  const { cost, network, optimizer, rng, average } = run;
  const { init, output: outputActivation } = run.settings;
  const settingsJson = JSON.stringify({
    layers: flags.layers,
    activation: flags.activation,
    output: outputActivation,
    cost: cost.name,
    init,
    optimizer: definition.name,
    batch: flags.batch,
    seed: flags.seed,
    schedule: flags.schedule,
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
  });

  output.line(network.describe());
  output.line(
    `cost ${cost.name}, init ${init}, optimizer ${definition.name} (${Object.entries(optimizer.h)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), ` +
      `batch ${definition.fullBatch ? 'all' : flags.batch}, ${flags.epochs} epochs, seed ${flags.seed}` +
      (flags.schedule === 'cosine' ? `, η annealed to ${run.settings.learningRate / 100} (cosine)` : '') +
      (average ? `, saving the weights averaged over epochs ${average.from}–${flags.epochs}` : ''),
  );
  const position = resumed?.checkpoint.position;
  if (resumed) {
    output.line(
      position
        ? `resuming ${resumed.path} in epoch ${position.epoch}, after ${position.batch.toLocaleString('en-US')} mini-batches`
        : `resuming ${resumed.path} after epoch ${resumed.checkpoint.epoch}`,
    );
  }
  if (flags.dryRun) return 0;

  const header = {
    layers: flags.layers,
    activation: flags.activation,
    output: outputActivation,
    cost: cost.name,
    init,
    optimizer: definition.name,
    hyperparameters: { ...optimizer.h },
    batch: flags.batch,
    epochs: flags.epochs,
    seed: flags.seed,
    averageFrom: average?.from ?? null,
    data: name,
    trainExamples: trainSet.count,
    testExamples: testSet.count,
    parameters: network.parameterCount,
  };
  const log: LogRecord[] = resumed
    ? [
        ...resumed.log,
        { type: 'resumed', epoch: position?.epoch ?? resumed.checkpoint.epoch + 1, batch: position?.batch ?? 0, epochs: flags.epochs, from: resumed.path },
      ]
    : [{ type: 'header', command: 'train', ...header }];
  const weightsRecord = (epoch: number): LogRecord => ({ type: 'weights', epoch, params: Buffer.from(network.params.slice().buffer).toString('base64') });
  if (flags.recordPath && !resumed) log.push(weightsRecord(0));
  const logText = (): string => `${log.map((record) => JSON.stringify(record)).join('\n')}\n`;
  const modelMetadata = (): Record<string, string> => ({
    cost: cost.name,
    optimizer: JSON.stringify({ name: definition.name, hyperparameters: optimizer.h }),
    training: JSON.stringify({
      data: name,
      epochs: flags.epochs,
      batch: flags.batch,
      seed: flags.seed,
      init,
      ...(average ? { averageFrom: average.from } : {}),
    }),
    settings: settingsJson,
  });
  const checkpointBytes = (epoch: number, at?: TrainPosition): Uint8Array =>
    saveCheckpoint({
      network,
      optimizer,
      rng,
      epoch,
      ...(average ? { average } : {}),
      ...(at ? { position: at } : {}),
      metadata: { ...modelMetadata(), runLog: logText() },
    });

  const interrupts = new Interrupts((line) => process.stderr.write(`${line}\n`));
  const progress = trainingProgress(output);
  const epochs: EpochResult[] = [];
  let stepsPerEpoch = 0; // as the loop counts them: its start event says
  // A checkpoint of the run's last epoch (the final save was cut short) has nothing left to train.
  const finished = resumed !== undefined && position === undefined && resumed.checkpoint.epoch === flags.epochs;
  if (finished) output.line(`${resumed!.path} holds all ${flags.epochs} epochs: saving its model`);
  try {
    if (!finished)
      await train({
        network,
        cost,
        optimizer,
        rng,
        epochs: flags.epochs,
        batchSize: flags.batch,
        ...(position ? { resumeAt: position } : { firstEpoch: (resumed?.checkpoint.epoch ?? 0) + 1 }),
        train: imageExamples(trainSet),
        ...(testSet.count > 0 ? { test: imageExamples(testSet) } : {}),
        trainAccuracy: flags.trainAccuracy,
        ...(average ? { average } : {}),
        signal: interrupts.signal,
        afterEpoch: async (result) => {
          epochs.push(result);
          if (flags.checkpoint) {
            const path = flags.checkpoint;
            await interrupts.whileSaving(() => writeFileAtomic(path, checkpointBytes(result.epoch)));
          }
        },
        onEvent: (event) => {
          progress.show(event);
          if (event.type === 'start') stepsPerEpoch = event.batchesPerEpoch;
          if (event.type !== 'epoch') return;
          const accuracy = event.trainAccuracy ?? event.testAccuracy;
          // Chance after 1,000 mini-batches is not learning; after a few (a small --limit) it is only early.
          const steps = event.epoch * stepsPerEpoch;
          if (accuracy !== undefined && notLearning(accuracy, classes, steps) && steps - stepsPerEpoch < notLearningAfterSteps) {
            process.stderr.write(
              `downhill: warning: after ${steps.toLocaleString('en-US')} mini-batches (${event.epoch === 1 ? 'one epoch' : `${event.epoch} epochs`}) the network is right ${(100 * accuracy).toFixed(1)}% of the time, ` +
                `about chance (${(100 / classes).toFixed(0)}%): it is not learning; the learning rate ${optimizer.h.learningRate} may be too large or too small\n`,
            );
          }
          const { type: _, epochs: __, ...epoch } = event;
          log.push({ type: 'epoch', ...epoch });
          if (flags.recordPath) log.push(weightsRecord(event.epoch));
        },
      });
  } catch (error) {
    progress.stop();
    if (!(error instanceof TrainingInterrupted)) {
      interrupts.dispose();
      throw error;
    }
    try {
      return await interrupts.whileSaving(() => saveInterrupted(error, interrupts.received ?? 'SIGINT'));
    } finally {
      interrupts.dispose();
    }
  }
  progress.stop();

  // The model saved is the average when there is one, and its accuracy the one reported.
  const saved = average && average.count > 0 ? Network.fromParams(network.spec, average.params) : network;
  const last = epochs.at(-1);
  // A run resumed from a checkpoint of its last epoch trains nothing and only saves: evaluate here.
  const test = testSet.count > 0 ? imageExamples(testSet) : undefined;
  const lastAccuracy = last ? last.testAccuracy : test && evaluate(network, test).accuracy;
  const accuracy = saved === network ? lastAccuracy : last ? last.averageTestAccuracy : test && evaluate(saved, test).accuracy;
  const model = saveModel(saved, { ...modelMetadata(), ...(accuracy !== undefined ? { testAccuracy: accuracy.toFixed(4) } : {}) });
  // The log names the model it belongs to, so a log and a model from different runs can be told apart.
  log.push({ type: 'saved', model: basename(flags.out), bytes: model.length, sha256: createHash('sha256').update(model).digest('hex') });
  try {
    await interrupts.whileSaving(() =>
      writeFilesAtomic([
        { path: flags.out, data: model },
        { path: logPath, data: logText() },
      ]),
    );
  } catch (error) {
    interrupts.dispose();
    throw await recoverFailedSave(error, model);
  }
  interrupts.dispose();

  const percent = (a: number) => `${(100 * a).toFixed(2)}%`;
  if (accuracy === undefined) output.line('trained (no test set)');
  else {
    output.line(
      `test accuracy ${percent(accuracy)} (${Math.round(accuracy * testSet.count)} / ${testSet.count})` +
        (saved === network
          ? ''
          : ` with the weights averaged over epochs ${average!.from}–${flags.epochs} (the last epoch's weights alone: ${percent(lastAccuracy!)})`),
    );
  }
  output.line(`saved ${flags.out} and ${logPath}`);
  if (interrupts.received) process.stderr.write(`(${interrupts.received} came during the final save; the run had finished)\n`);
  return 0;

  /** Ctrl-C or SIGTERM: save the checkpoint and the log so far, say how to continue. */
  async function saveInterrupted(stop: TrainingInterrupted, signal: keyof typeof signalExitCodes): Promise<number> {
    const { position: at } = stop;
    log.push({ type: 'interrupted', epoch: at.epoch, batch: at.batch, signal });
    const where = `in epoch ${at.epoch}, after ${at.batch.toLocaleString('en-US')} mini-batches`;
    const files = [...(flags.checkpoint ? [{ path: flags.checkpoint, data: checkpointBytes(at.epoch - 1, at) }] : []), { path: logPath, data: logText() }];
    await writeFilesAtomic(files);
    if (!flags.checkpoint) {
      process.stderr.write(
        `downhill: stopped ${where}; the run log is in ${logPath}; nothing to resume from (give --checkpoint FILE to be able to continue a run)\n`,
      );
      return signalExitCodes[signal];
    }
    const command = [
      'downhill train --resume',
      shellWord(flags.checkpoint),
      '--checkpoint',
      shellWord(flags.checkpoint),
      '--epochs',
      String(flags.epochs),
      '-o',
      shellWord(flags.out),
      ...(flags.log ? ['--log', shellWord(flags.log)] : []),
      ...(flags.data ? ['--data', shellWord(flags.data)] : []),
      ...(flags.testLimit !== undefined ? ['--test-limit', String(flags.testLimit)] : []),
      ...(flags.trainAccuracy ? [] : ['--no-train-accuracy']),
    ].join(' ');
    process.stderr.write(`downhill: stopped ${where}; saved ${flags.checkpoint} and ${logPath}; continue with: ${command}\n`);
    return signalExitCodes[signal];
  }

  /** The final save failed (a full disk, say): keep the run by writing the model somewhere else, and say where. */
  async function recoverFailedSave(error: unknown, model: Uint8Array): Promise<Error> {
    const failed = writeError(flags.out, error);
    if (flags.checkpoint) {
      return new UsageError(
        `${failed.message}; the checkpoint ${flags.checkpoint} holds the whole run: ` +
          `downhill train --resume ${shellWord(flags.checkpoint)} --epochs ${flags.epochs} -o OTHER.safetensors saves it without training again`,
      );
    }
    const fallback = join(tmpdir(), `downhill-${process.pid}-${basename(flags.out)}`);
    try {
      await writeFilesAtomic([{ path: fallback, data: model }]);
      return new UsageError(`${failed.message}; the trained model is saved in ${fallback} instead`);
    } catch {
      return new UsageError(`${failed.message}; writing it to ${fallback} failed too, so the trained model is lost (use --checkpoint to keep long runs)`);
    }
  }
}
