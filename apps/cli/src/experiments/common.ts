import { join } from 'node:path';
import { getCost } from '@downhill/cost';
import type { LabeledImages } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { type ActivationName, type InitName, Network, sequentialSpec } from '@downhill/network';
import { createOptimizer, getOptimizer } from '@downhill/optim';
import { type EpochResult, imageExamples, lessonLearningRate, train } from '@downhill/train';
import { writeFileAtomic } from '../io.js';
import type { Output } from '../progress.js';

/** Flags every experiment takes. */
export interface ExperimentFlags {
  /** Folder for the pictures (default experiments/NAME). */
  out?: string;
  seed: number;
  data?: string;
  limit?: number;
  testLimit?: number;
  epochs?: number;
}

/** What an experiment leaves behind: its pictures and its findings, each computed from the run. */
export interface ExperimentResult {
  files: string[];
  findings: string[];
  seconds: number;
}

/** The lesson's network: 784-16-16-10 sigmoid neurons, quadratic cost, SGD with η = 3 on mini-batches of 10. */
export const lessonNetwork = {
  layers: [784, 16, 16, 10],
  activation: 'sigmoid' as ActivationName,
  output: 'sigmoid' as ActivationName,
  cost: 'quadratic',
  init: 'normal' as InitName,
  optimizer: 'sgd',
  learningRate: lessonLearningRate,
  batch: 10,
};

export type NetworkSettings = typeof lessonNetwork;

/** Collects pictures and findings, and prints them as they come. */
export class Experiment {
  readonly files: string[] = [];
  readonly findings: string[] = [];
  private readonly started = performance.now();

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly output: Output,
  ) {}

  static open(name: string, flags: { out?: string }, output: Output): Experiment {
    return new Experiment(name, flags.out ?? join('experiments', name), output);
  }

  async write(file: string, content: string | Uint8Array): Promise<void> {
    const path = join(this.dir, file);
    await writeFileAtomic(path, content);
    this.files.push(path);
    this.output.line(`wrote ${path}`);
  }

  finding(text: string): void {
    this.findings.push(text);
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Print the findings under a heading, with the time taken, and return the result. */
  finish(): ExperimentResult {
    const seconds = this.seconds;
    this.output.line('');
    this.output.line(`findings (${this.name}):`);
    for (const f of this.findings) this.output.line(`  - ${f}`);
    this.output.line(`took ${seconds.toFixed(1)} s; pictures in ${this.dir}`);
    return { files: this.files, findings: this.findings, seconds };
  }
}

export interface TrainRun {
  network: Network;
  initialParams: Float32Array;
  epochs: EpochResult[];
  seconds: number;
}

/**
 * Train a network with @downhill/train, printing a line now and then (not
 * every epoch: experiments run several trainings and their logs stay short).
 */
export async function trainNetwork(options: {
  settings: NetworkSettings;
  train: LabeledImages;
  test?: LabeledImages;
  epochs: number;
  seed: number;
  label: string;
  output: Output;
  trainAccuracy?: boolean;
}): Promise<TrainRun> {
  const { settings: s, output, label } = options;
  const rng = new Rng(options.seed);
  const network = Network.create(sequentialSpec(s.layers, s.activation, s.output), { rng, init: s.init });
  const initialParams = network.params.slice();
  const optimizer = createOptimizer(getOptimizer(s.optimizer), network.params.length, { learningRate: s.learningRate });
  const every = Math.max(1, Math.ceil(options.epochs / 5));
  const started = performance.now();
  output.line(
    `${label}: training ${s.layers.join('-')} (${s.activation}, ${s.cost}, ${s.optimizer} η ${s.learningRate}, batch ${s.batch}) ` +
      `on ${options.train.count.toLocaleString('en-US')} images for ${options.epochs} epoch${options.epochs === 1 ? '' : 's'}`,
  );
  const result = await train({
    network, rng, epochs: options.epochs, batchSize: s.batch,
    cost: getCost(s.cost),
    optimizer,
    train: imageExamples(options.train),
    ...(options.test && options.test.count > 0 ? { test: imageExamples(options.test) } : {}),
    trainAccuracy: options.trainAccuracy ?? false,
    onEvent: (event) => {
      if (event.type !== 'epoch' || (event.epoch % every !== 0 && event.epoch !== event.epochs)) return;
      const parts = [`cost ${event.cost.toFixed(4)}`];
      if (event.trainAccuracy !== undefined) parts.push(`train ${percent(event.trainAccuracy)}`);
      if (event.testAccuracy !== undefined) parts.push(`test ${percent(event.testAccuracy)}`);
      output.line(`  epoch ${event.epoch}/${event.epochs}  ${parts.join('  ')}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  output.line(`  ${seconds.toFixed(1)} s`);
  return { network, initialParams, epochs: result.epochs, seconds };
}

export const percent = (fraction: number, digits = 1): string => `${(100 * fraction).toFixed(digits)}%`;

/** A number as a reader wants it: 3 significant digits, no exponent for ordinary sizes. */
export const num = (x: number, digits = 3): string =>
  Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));

/** The first epoch at which a run's accuracy reached `level`, if it did. */
export function firstEpochReaching(epochs: readonly EpochResult[], level: number, key: 'trainAccuracy' | 'testAccuracy'): number | undefined {
  return epochs.find((e) => (e[key] ?? -1) >= level)?.epoch;
}
