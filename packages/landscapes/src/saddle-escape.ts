// The saddle experiment's runs on the tilted double well, as `downhill
// experiment saddle` and the web demo's "lesson's claims" tab both make them:
// full-batch gradient descent and mini-batch SGD, each with η annealed to 0 so
// every run settles, and where each run ends (the deep valley, the shallow one,
// or the saddle).
import { cosineDecay, createOptimizer, withSchedule } from '@downhill/optim';
import type { DescentPath, Stepper } from './descend.js';
import { LandscapeError } from './landscape-error.js';
import { type DoubleWell, descendOnExamples, type NoiseSource } from './noisy-descent.js';

/** Plain (S)GD with η annealed to 0 by a cosine over `steps` steps, so every run ends settled. */
export function annealedSgd(dimension: number, learningRate: number, steps: number): Stepper {
  return withSchedule(createOptimizer('sgd', dimension, { learningRate }), cosineDecay({ initial: learningRate, minimum: 0, steps }));
}

/** Where a run on the double well ended: past the saddle on the deep valley's side, else on it (within 1e-3), else in the shallow valley. */
export type WellSide = 'deep' | 'shallow' | 'saddle';

/** The side of the double well's saddle a point is on (for a well tilted toward negative x, as the default). */
export function wellSide(well: DoubleWell, point: readonly number[]): WellSide {
  const toward = Math.sign(well.deep[0]! - well.saddle[0]!);
  const dx = point[0]! - well.saddle[0]!;
  return dx * toward > 0 ? 'deep' : Math.abs(dx) < 1e-3 ? 'saddle' : 'shallow';
}

/** What every run on the double well shares: passes over the examples, the learning rate, and where seeded random draws come from. */
export interface WellRunOptions {
  /** Passes over the examples. */
  readonly epochs: number;
  /** η, annealed to 0 over the run. */
  readonly learningRate: number;
  /** A source of random draws from a seed (a `@downhill/linalg` Rng: `(seed) => new Rng(seed)`). */
  readonly rngFor: (seed: number) => NoiseSource;
}

/** One run on the double well from `start` with mini-batches of `batch` (all the examples: full-batch gradient descent), seeded by `seed`. */
export function descendWell(well: DoubleWell, start: readonly number[], batch: number, seed: number, options: WellRunOptions): DescentPath {
  const steps = options.epochs * Math.floor(well.count / batch);
  return descendOnExamples(well, annealedSgd(2, options.learningRate, steps), start, { epochs: options.epochs, batch, rng: options.rngFor(seed) });
}

/** How `runs` seeded runs ended, and the paths of the first `keep` of them. */
export interface WellTally {
  /** How many runs ended in each place. */
  readonly count: Record<WellSide, number>;
  /** The first `keep` runs' paths, to draw. */
  readonly paths: DescentPath[];
  /** The share of the runs that reached the deep valley. */
  readonly deepShare: number;
}

/** `runs` runs from `start` with batches of `batch`, seeded seed + 1, seed + 2, …; where each ended. */
export function tallyWellRuns(
  well: DoubleWell,
  start: readonly number[],
  batch: number,
  options: WellRunOptions & { readonly runs: number; readonly seed: number; readonly keep?: number; readonly onRun?: (done: number) => void },
): WellTally {
  if (!(Number.isInteger(options.runs) && options.runs >= 1))
    throw new LandscapeError('bad-argument', `runs: expected a whole number ≥ 1, found ${options.runs}`);
  const count: Record<WellSide, number> = { deep: 0, shallow: 0, saddle: 0 };
  const paths: DescentPath[] = [];
  const keep = options.keep ?? 3;
  for (let s = 0; s < options.runs; s++) {
    const path = descendWell(well, start, batch, options.seed + 1 + s, options);
    count[wellSide(well, path.final.point)]++;
    if (paths.length < keep) paths.push(path);
    options.onRun?.(s + 1);
  }
  return { count, paths, deepShare: count.deep / options.runs };
}
