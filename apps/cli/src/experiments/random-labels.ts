import { Rng } from '@downhill/linalg';
import type { EpochResult } from '@downhill/train';
import { lineChart } from '@downhill/viz';
import { loadData } from '../data.js';
import type { Output } from '../progress.js';
import { Experiment, type ExperimentFlags, type ExperimentResult, firstEpochReaching, type NetworkSettings, num, percent, trainNetwork } from './common.js';

/**
 * A network with room to memorise: 79,510 weights and biases for 5,000
 * labels. The lesson's 784-16-16-10 (13,002) learns true labels fine but
 * memorises random ones only very slowly; pass --layers to see it.
 */
export const randomLabelsNetwork: NetworkSettings = {
  layers: [784, 100, 10],
  activation: 'relu',
  output: 'softmax',
  cost: 'cross-entropy',
  init: 'he',
  optimizer: 'adam',
  learningRate: 0.001,
  batch: 32,
};

export const randomLabelsDefaults = { limit: 5000, testLimit: 2000, epochs: 60 };

export interface RandomLabelsFlags extends ExperimentFlags {
  layers?: number[];
}

function describeSpeed(epochs: readonly EpochResult[], level: number): string {
  const e = firstEpochReaching(epochs, level, 'trainAccuracy');
  return e === undefined ? `not within ${epochs.length} epochs` : `epoch ${e}`;
}

/**
 * The lesson's surprise (Zhang et al. 2017): shuffle the labels so they mean
 * nothing, and the same network still learns the training set by heart, only
 * far more slowly; and of course it learns nothing that carries over to new
 * images.
 */
export async function randomLabelsExperiment(flags: RandomLabelsFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('random-labels', flags, output);
  const { train, test, name } = await loadData({
    ...flags,
    limit: flags.limit ?? randomLabelsDefaults.limit,
    testLimit: flags.testLimit ?? randomLabelsDefaults.testLimit,
  });
  const epochs = flags.epochs ?? randomLabelsDefaults.epochs;
  const settings = { ...randomLabelsNetwork, ...(flags.layers ? { layers: flags.layers } : {}) };

  // A permutation of the labels keeps every class as common as before; only the pairing with images is lost.
  const labels = train.labels.slice();
  new Rng(flags.seed + 1).shuffle(labels);
  let kept = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === train.labels[i]) kept++;
  const shuffled = { ...train, labels };

  const common = { settings, test, epochs, seed: flags.seed, output, trainAccuracy: true };
  const truth = await trainNetwork({ ...common, train, label: 'true labels' });
  const random = await trainNetwork({ ...common, train: shuffled, label: 'shuffled labels' });

  const epochAxis = (run: typeof truth) => run.epochs.map((e) => e.epoch);
  const about = `${settings.layers.join('-')}, ${train.count.toLocaleString('en-US')} ${name} images`;
  await x.write(
    'random-labels-cost.svg',
    lineChart({
      title: `Training cost: true labels vs shuffled labels (${about})`,
      xLabel: 'epoch',
      yLabel: `mean training cost (${settings.cost}, log scale)`,
      logY: true,
      series: [
        { name: 'true labels', x: epochAxis(truth), y: truth.epochs.map((e) => e.cost) },
        { name: 'shuffled labels', x: epochAxis(random), y: random.epochs.map((e) => e.cost) },
      ],
    }),
  );
  const pct = (values: (number | undefined)[]) => values.map((v) => (v === undefined ? Number.NaN : 100 * v));
  await x.write(
    'random-labels-accuracy.svg',
    lineChart({
      title: `Accuracy: memorised, but nothing learned (${about})`,
      xLabel: 'epoch',
      yLabel: 'accuracy (%)',
      series: [
        { name: 'true labels, training set', x: epochAxis(truth), y: pct(truth.epochs.map((e) => e.trainAccuracy)) },
        { name: 'shuffled labels, training set', x: epochAxis(random), y: pct(random.epochs.map((e) => e.trainAccuracy)) },
        ...(test.count > 0
          ? [
              { name: 'true labels, test set', x: epochAxis(truth), y: pct(truth.epochs.map((e) => e.testAccuracy)) },
              { name: 'shuffled labels, test set', x: epochAxis(random), y: pct(random.epochs.map((e) => e.testAccuracy)) },
            ]
          : []),
      ],
    }),
  );

  const lastTruth = truth.epochs.at(-1)!,
    lastRandom = random.epochs.at(-1)!;
  x.finding(
    `Shuffling left ${kept.toLocaleString('en-US')} of ${train.count.toLocaleString('en-US')} labels (${percent(kept / train.count)}) right by chance; ` +
      `the rest pair images with meaningless digits.`,
  );
  x.finding(
    `After ${epochs} epochs the network fits ${percent(lastRandom.trainAccuracy!)} of the shuffled labels ` +
      `(training cost ${num(lastRandom.cost)}) and ${percent(lastTruth.trainAccuracy!)} of the true ones (cost ${num(lastTruth.cost)}).`,
  );
  const half = [firstEpochReaching(truth.epochs, 0.5, 'trainAccuracy'), firstEpochReaching(random.epochs, 0.5, 'trainAccuracy')];
  x.finding(
    `Training accuracy 50%: true labels at ${describeSpeed(truth.epochs, 0.5)}, shuffled at ${describeSpeed(random.epochs, 0.5)}; ` +
      `90%: true at ${describeSpeed(truth.epochs, 0.9)}, shuffled at ${describeSpeed(random.epochs, 0.9)}` +
      (half[0] !== undefined && half[1] !== undefined ? ` — memorising took ${num(half[1] / half[0], 2)}× as many epochs to reach 50%.` : '.'),
  );
  const shared = Math.min(random.epochs.length, truth.epochs.length);
  const above = random.epochs.slice(0, shared).filter((e, i) => e.cost > truth.epochs[i]!.cost).length;
  x.finding(
    lastRandom.cost > lastTruth.cost
      ? `The shuffled run's training cost was above the true run's at ${above} of ${shared} epochs: meaningless labels are memorised, but far more slowly.`
      : `The shuffled run ended with the lower cost (${num(lastRandom.cost)} vs ${num(lastTruth.cost)}): with this budget both are memorised.`,
  );
  if (test.count > 0) {
    x.finding(
      `On ${test.count.toLocaleString('en-US')} unseen test images: ${percent(lastTruth.testAccuracy!)} with true labels, ` +
        `${percent(lastRandom.testAccuracy!)} with shuffled ones (chance is ${percent(1 / train.classes, 0)}): memorising is not learning.`,
    );
  }
  x.finding(`Two trainings of ${epochs} epochs took ${truth.seconds.toFixed(1)} s and ${random.seconds.toFixed(1)} s.`);
  return x.finish();
}
