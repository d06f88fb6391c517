import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabeledImages } from '@downhill/datasets';
import type { Network } from '@downhill/network';
import { createRun, type EpochResult, imageExamples, lessonSettings, type RunSettings, train } from '@downhill/train';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { readModel } from '../model.js';
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

/** What an experiment trains: a run's settings but for its length and seed, which each experiment sets. */
export type NetworkSettings = Omit<RunSettings, 'epochs' | 'seed'>;

/**
 * The lesson's network (784-16-16-10 sigmoid neurons, quadratic cost, SGD
 * with η = 3 on mini-batches of 10), started as network.py starts it, from
 * N(0, 1) weights, as the lesson's own experiments were; its last step's
 * weights, not an average, are what the experiments look at.
 */
export const lessonNetwork: NetworkSettings = { ...lessonSettings, init: 'normal', averageFrom: null };

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

  /** Before any work: the pictures' folder must be a folder (or not exist yet), so a long run is not lost at its first picture. */
  static open(name: string, flags: { out?: string }, output: Output): Experiment {
    const dir = flags.out ?? join('experiments', name);
    for (let part = dir; ; part = dirname(part)) {
      if (existsSync(part) && !statSync(part).isDirectory()) {
        throw new UsageError(
          part === dir
            ? `--out ${dir}: expected a folder for the pictures, found a file`
            : `--out ${dir}: expected a folder for the pictures, but ${part} is a file`,
        );
      }
      if (dirname(part) === part) break;
    }
    return new Experiment(name, dir, output);
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
  const { output, label } = options;
  const run = createRun({ averageFrom: null, ...options.settings, epochs: options.epochs, seed: options.seed });
  const { network, settings: s } = run;
  const initialParams = network.params.slice();
  const every = Math.max(1, Math.ceil(options.epochs / 5));
  const started = performance.now();
  output.line(
    `${label}: training ${s.layers.join('-')} (${s.activation}, ${s.cost}, ${s.optimizer} η ${s.learningRate}, batch ${s.batch}) ` +
      `on ${options.train.count.toLocaleString('en-US')} images for ${options.epochs} epoch${options.epochs === 1 ? '' : 's'}`,
  );
  const result = await train({
    ...run.trainOptions,
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

/** `--index` and `--batch` as a run of test images; a usage error when they reach past the test set. */
export function checkTestRange(test: LabeledImages, index: number, size: number): void {
  if (index + size > test.count) {
    const last = test.count - size;
    throw new UsageError(
      `--index ${index} and --batch ${size}: expected images within the ${test.count.toLocaleString('en-US')} of the test set` +
        (last >= 0
          ? ` (with --batch ${size}, an --index from 0 to ${last.toLocaleString('en-US')})`
          : ` (a --batch of at most ${test.count.toLocaleString('en-US')})`),
    );
  }
}

/** The network an experiment studies: `--model`'s (checked to take the test images, with at least two layers), else `orElse`'s. */
export async function networkToStudy(
  modelPath: string | undefined,
  test: LabeledImages,
  orElse: () => Promise<{ network: Network; about: string }> | { network: Network; about: string },
): Promise<{ network: Network; costName: string; about: string }> {
  if (modelPath === undefined) return { ...(await orElse()), costName: lessonSettings.cost };
  const { network, metadata } = await readModel(modelPath);
  const sizes = [network.spec.inputSize, ...network.layers.map((l) => l.outputSize)];
  if (network.layers.length < 2 || network.spec.inputSize !== test.rows * test.cols || network.outputSize !== test.classes) {
    throw new UsageError(
      `${modelPath}: expected a network from ${test.rows * test.cols} inputs (${test.rows}×${test.cols} images) through at least one hidden layer to ${test.classes} outputs (one per class), found ${sizes.join(' → ')}`,
    );
  }
  return { network, costName: metadata.cost ?? 'quadratic', about: modelPath };
}
