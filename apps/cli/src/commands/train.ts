import { basename, dirname, extname, join } from 'node:path';
import { getCost } from '@downhill/cost';
import { Rng } from '@downhill/linalg';
import { type ActivationName, defaultInit, Network, saveModel, sequentialSpec } from '@downhill/network';
import { createOptimizer, getOptimizer } from '@downhill/optim';
import { defaultLearningRate, imageExamples, lessonLearningRate, loadCheckpoint, saveCheckpoint, train, WeightAverage } from '@downhill/train';
import { Command, Option } from 'commander';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { readBytes, writeFileAtomic } from '../io.js';
import { layerSizes, nonNegativeInteger, integer, positiveInteger, positiveNumber } from '../options.js';
import { type Output, stdoutOutput, trainingProgress } from '../progress.js';

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
}

export function trainCommand(hyper: () => Record<string, number>, output: Output = stdoutOutput): Command {
  return new Command('train')
    .summary('train a network on MNIST (or any IDX set) by gradient descent')
    .description(
      'Train a network by stochastic gradient descent and save it as .safetensors. ' +
        "The defaults are the lesson's network: 784-16-16-10 sigmoid neurons, quadratic cost, " +
        'mini-batches of 10, learning rate η = 3.0, 30 epochs, on the real MNIST digits. ' +
        'The model saved is the mean of the weights over the second half of the epochs, ' +
        "which jitters less than any one of them (--no-average saves the last step's).",
    )
    .option('--layers <sizes>', 'layer sizes, input first', layerSizes, [784, 16, 16, 10])
    .addOption(new Option('--activation <name>', 'activation of the hidden layers').choices(['sigmoid', 'tanh', 'relu', 'identity']).default('sigmoid'))
    .addOption(new Option('--output <name>', 'activation of the output layer (default: softmax with cross-entropy, else sigmoid)').choices(['sigmoid', 'tanh', 'relu', 'identity', 'softmax']))
    .addOption(new Option('--cost <name>', 'cost function').choices(['quadratic', 'cross-entropy']).default('quadratic'))
    .addOption(new Option('--init <name>', 'weight initialiser (default: lecun for sigmoid, he for relu, xavier otherwise; normal is N(0, 1) as in network.py)').choices(['normal', 'lecun', 'xavier', 'he']))
    .option('--optimizer <name>', 'optimizer (see `downhill optimizers`)', 'sgd')
    .option('--lr <rate>', `learning rate η (default: ${lessonLearningRate} for sgd and gd as in the lesson, else the optimizer's default)`, positiveNumber)
    .option('--batch <n>', 'examples per mini-batch', positiveInteger, 10)
    .option('--epochs <n>', 'passes over the training set', positiveInteger, 30)
    .option('--seed <n>', 'seed for initialisation and shuffling (same seed, same model)', integer, 1)
    .option('-o, --out <file>', 'where to save the trained model', 'model.safetensors')
    .option('--log <file>', 'run log as JSON lines (default: the model\'s path with .jsonl)')
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .option('--limit <n>', 'train on the first n training examples only', positiveInteger)
    .option('--test-limit <n>', 'test on the first n test examples only', nonNegativeInteger)
    .option('--no-train-accuracy', 'skip measuring accuracy on the whole training set after each epoch')
    .option('--average-from <epoch>', 'save the mean of the weights at the end of each epoch from this one on (stochastic weight averaging) (default: the second half of the epochs; none for full-batch gd)', positiveInteger)
    .option('--no-average', "save the last step's weights, not an average")
    .option('--checkpoint <file>', 'after every epoch, save the weights, optimizer state and random state here')
    .option('--resume <file>', 'continue a run from its checkpoint (its network, optimizer and seed), up to --epochs in all')
    .option('--dry-run', 'print the layers and the number of parameters, then exit')
    .addHelpText('after', '\nOptimizer hyperparameters: --opt.NAME VALUE, e.g. --optimizer adam --opt.beta1 0.8\n\nExamples:\n  downhill train\n  downhill train --layers 784,100,10 --activation relu --cost cross-entropy --optimizer adam --lr 0.001 --batch 128 --epochs 10')
    .action(async (flags: TrainFlags) => runTrain(flags, hyper(), output));
}

export async function runTrain(flags: TrainFlags, hyper: Record<string, number>, output: Output): Promise<void> {
  let firstEpoch = 1;
  let resumed: ReturnType<typeof loadCheckpoint> | undefined;
  if (flags.resume) {
    // The checkpoint decides the network, the optimizer and the seed; the flags only how far to go.
    resumed = loadCheckpoint(await readBytes(flags.resume), flags.resume);
    const saved = JSON.parse(resumed.metadata.settings ?? '{}') as Partial<TrainFlags>;
    flags = { ...flags, ...saved, epochs: flags.epochs };
    firstEpoch = resumed.epoch + 1;
    if (firstEpoch > flags.epochs) {
      throw new UsageError(`--resume: ${flags.resume} is at epoch ${resumed.epoch} already; expected --epochs above ${resumed.epoch}, found ${flags.epochs}`);
    }
  }
  const cost = getCost(flags.cost);
  const outputActivation = flags.output ?? (cost.fusedActivation ?? 'sigmoid');
  const init = flags.init ?? defaultInit(flags.activation);
  const spec = sequentialSpec(flags.layers, flags.activation, outputActivation);
  const definition = getOptimizer(resumed?.optimizer.name ?? flags.optimizer);
  const learningRate = flags.lr ?? defaultLearningRate(definition);
  const rng = new Rng(flags.seed);
  const network = resumed?.network ?? Network.create(spec, { rng, init });
  const optimizer = createOptimizer(definition, network.params.length, resumed ? {} : { ...hyper, learningRate });
  // With a fixed learning rate, SGD's last step lands anywhere on the valley
  // floor; the mean of the epochs' weights sits nearer its middle (see WeightAverage).
  // Full-batch gd walks straight down, so there the last step is the best one.
  const defaultFrom = definition.fullBatch ? undefined : Math.floor(flags.epochs / 2) + 1;
  const averageFrom = resumed ? resumed.average?.from : flags.average ? (flags.averageFrom ?? defaultFrom) : undefined;
  if (averageFrom !== undefined && averageFrom > flags.epochs) {
    throw new UsageError(`--average-from: expected an epoch from 1 to --epochs (${flags.epochs}), found ${averageFrom}`);
  }
  const average = averageFrom !== undefined ? new WeightAverage(network.params.length, { from: averageFrom }) : undefined;
  if (resumed) {
    optimizer.restore(resumed.optimizer);
    rng.setState(resumed.rngState);
    if (resumed.average && average) average.restore(resumed.average.params, resumed.average.count);
  }
  const settingsJson = JSON.stringify({
    layers: flags.layers, activation: flags.activation, output: outputActivation, cost: cost.name, init,
    optimizer: definition.name, batch: flags.batch, seed: flags.seed,
  });

  output.line(network.describe());
  output.line(
    `cost ${cost.name}, init ${init}, optimizer ${definition.name} (${Object.entries(optimizer.h).map(([k, v]) => `${k} ${v}`).join(', ')}), ` +
      `batch ${definition.fullBatch ? 'all' : flags.batch}, ${flags.epochs} epochs, seed ${flags.seed}` +
      (average ? `, saving the weights averaged over epochs ${average.from}–${flags.epochs}` : ''),
  );
  if (resumed) output.line(`resuming ${flags.resume} after epoch ${resumed.epoch}`);
  if (flags.dryRun) return;

  const { train: trainSet, test: testSet, name } = await loadData(flags);
  if (trainSet.rows * trainSet.cols !== spec.inputSize) {
    throw new RangeError(`--layers: the first layer has ${spec.inputSize} inputs, but ${name} images have ${trainSet.rows}×${trainSet.cols} = ${trainSet.rows * trainSet.cols} pixels`);
  }
  const classes = spec.layers.at(-1)!.units;
  if (classes < trainSet.classes) {
    throw new RangeError(`--layers: the last layer has ${classes} outputs, but ${name} has ${trainSet.classes} classes`);
  }
  const settings = {
    layers: flags.layers, activation: flags.activation, output: outputActivation, cost: cost.name, init,
    optimizer: definition.name, hyperparameters: { ...optimizer.h }, batch: flags.batch, epochs: flags.epochs,
    seed: flags.seed, averageFrom: average?.from ?? null, data: name, trainExamples: trainSet.count, testExamples: testSet.count, parameters: network.parameterCount,
  };
  const log: string[] = [JSON.stringify({ type: 'header', command: 'train', ...settings })];
  const show = trainingProgress(output);
  const modelMetadata = (): Record<string, string> => ({
    cost: cost.name,
    optimizer: JSON.stringify({ name: definition.name, hyperparameters: optimizer.h }),
    training: JSON.stringify({ data: name, epochs: flags.epochs, batch: flags.batch, seed: flags.seed, init, ...(average ? { averageFrom: average.from } : {}) }),
    settings: settingsJson,
  });
  const result = await train({
    network, cost, optimizer, rng, epochs: flags.epochs, firstEpoch, batchSize: flags.batch,
    train: imageExamples(trainSet),
    ...(testSet.count > 0 ? { test: imageExamples(testSet) } : {}),
    trainAccuracy: flags.trainAccuracy,
    ...(average ? { average } : {}),
    afterEpoch: async ({ epoch }) => {
      if (flags.checkpoint) {
        await writeFileAtomic(flags.checkpoint, saveCheckpoint({ network, optimizer, rng, epoch, ...(average ? { average } : {}), metadata: modelMetadata() }));
      }
    },
    onEvent: (event) => {
      show(event);
      if (event.type === 'epoch') {
        const accuracy = event.trainAccuracy ?? event.testAccuracy;
        if (event.epoch === 1 && accuracy !== undefined && accuracy < 1.5 / classes) {
          process.stderr.write(
            `downhill: warning: after one epoch the network is right ${(100 * accuracy).toFixed(1)}% of the time, ` +
              `about chance (${(100 / classes).toFixed(0)}%): it is not learning; the learning rate ${optimizer.h.learningRate} may be too large or too small\n`,
          );
        }
        const { type: _, epochs: __, ...epoch } = event;
        log.push(JSON.stringify({ type: 'epoch', ...epoch }));
      }
    },
  });
  const last = result.epochs.at(-1)!;
  // The model saved is the average when there is one, and its accuracy the one reported.
  const saved = average && average.count > 0 ? Network.fromParams(network.spec, average.params) : network;
  const accuracy = saved === network ? last.testAccuracy : last.averageTestAccuracy;
  const metadata: Record<string, string> = {
    ...modelMetadata(),
    ...(accuracy !== undefined ? { testAccuracy: accuracy.toFixed(4) } : {}),
  };
  await writeFileAtomic(flags.out, saveModel(saved, metadata));
  const logPath = flags.log ?? join(dirname(flags.out), `${basename(flags.out, extname(flags.out))}.jsonl`);
  await writeFileAtomic(logPath, `${log.join('\n')}\n`);
  const percent = (a: number) => `${(100 * a).toFixed(2)}%`;
  if (accuracy === undefined) output.line('trained (no test set)');
  else {
    output.line(
      `test accuracy ${percent(accuracy)} (${Math.round(accuracy * testSet.count)} / ${testSet.count})` +
        (saved === network
          ? ''
          : ` with the weights averaged over epochs ${average!.from}–${last.epoch} (the last epoch's weights alone: ${percent(last.testAccuracy!)})`),
    );
  }
  output.line(`saved ${flags.out} and ${logPath}`);
}
