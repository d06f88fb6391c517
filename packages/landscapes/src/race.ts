import { createOptimizer, getOptimizer, type OptimizerDefinition } from '@downhill/optim';
import { type DescentPath, descend, type Stepper } from './descend.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';
import { describeVerdict, judgeDescent, type Verdict, type VerdictOptions } from './verdict.js';

/** Learning rates tried when a racer has none: half-decades from 1e-4 to 1. */
export const LEARNING_RATE_SWEEP: readonly number[] = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

/** One runner of a race: a name, its learning rate if it has one, and how to make its stepper for a learning rate. */
export interface Racer {
  /** Its name in the results (an optimizer's registry name). */
  name: string;
  /** Its learning rate; without one it runs at the best of `LEARNING_RATE_SWEEP`. */
  learningRate?: number;
  /** A fresh stepper (e.g. an `@downhill/optim` optimizer) with learning rate η. */
  stepper(learningRate: number): Stepper;
}

/** How one racer did. */
export interface RaceResult {
  /** The racer's name. */
  name: string;
  /** The learning rate it ran at. */
  learningRate: number;
  /** The rate came from the sweep (not the racer or the caller). */
  swept: boolean;
  /** Its descent. */
  path: DescentPath;
  /** How the run ended, by the one rule for every surface (see `judgeDescent`). */
  verdict: Verdict;
  /** The verdict in words: `reached the minimum (1, 1) at step 1220`. */
  says: string;
}

/** A step where the gradient is not a real number (|x| at 0): the run ends there. */
class GradientNotReal extends Error {}

function run(landscape: Landscape, racer: Racer, learningRate: number, start: number[], steps: number): DescentPath {
  const stepper = racer.stepper(learningRate);
  const guarded: Stepper = {
    step(params, grads, info) {
      if (!grads.every(Number.isFinite)) throw new GradientNotReal();
      stepper.step(params, grads, info);
    },
  };
  try {
    return descend(landscape, guarded, start, steps);
  } catch (error) {
    // A gradient that is not real ends the run like a blow-up does.
    if (!(error instanceof GradientNotReal)) throw error;
    // The path ends at a point that is not real, as descend's own blow-ups do.
    const nowhere = start.map(() => Number.NaN);
    return {
      points: [start, nowhere],
      values: [landscape.value(start), Number.NaN],
      final: { point: nowhere, value: Number.NaN },
      diverged: true,
      divergedAt: 1,
    };
  }
}

/** The run never climbed above its start: it rolled downhill rather than bouncing around. */
function staysBelowStart(path: DescentPath): boolean {
  const start = path.values[0]!;
  return !path.diverged && path.values.every((v) => v <= start);
}

/** Rank of a verdict for choosing a learning rate: reaching a minimum beats moving, which beats resting, which beats diverging. */
const rank: Record<Verdict['kind'], number> = { reached: 0, moving: 1, resting: 2, diverged: 3 };

/**
 * Better = not diverged; then rolls downhill (never above its start); then a
 * better verdict; among runs that reached a minimum, the lowest one, then the
 * earlier; otherwise the one that ends lower.
 */
function better(a: RaceResult, b: RaceResult): boolean {
  const va = a.verdict,
    vb = b.verdict;
  if ((va.kind === 'diverged') !== (vb.kind === 'diverged')) return vb.kind === 'diverged';
  const calmA = staysBelowStart(a.path),
    calmB = staysBelowStart(b.path);
  if (calmA !== calmB) return calmA;
  if (rank[va.kind] !== rank[vb.kind]) return rank[va.kind] < rank[vb.kind];
  if (va.kind === 'reached' && vb.kind === 'reached') {
    if (va.lowest !== vb.lowest) return va.lowest;
    if (va.step !== vb.step) return va.step < vb.step;
  }
  return a.path.final.value < b.path.final.value;
}

/**
 * Race steppers down a landscape from one start. A racer's own learning rate
 * wins, then `learningRate`; with neither, it gets the best of
 * `LEARNING_RATE_SWEEP` (each optimizer at its best is a fairer race than each
 * at its default, whose scales differ by 1000×), passing over runs that climb
 * above their start, since they bounce rather than roll.
 */
export function race(
  landscape: Landscape,
  racers: readonly Racer[],
  start: number[],
  steps: number,
  learningRate?: number,
  options: VerdictOptions = {},
): RaceResult[] {
  const result = (racer: Racer, rate: number, swept: boolean): RaceResult => {
    const path = run(landscape, racer, rate, start, steps);
    const verdict = judgeDescent(landscape, path, options);
    return { name: racer.name, learningRate: rate, swept, path, verdict, says: describeVerdict(landscape, verdict, steps) };
  };
  return racers.map((racer) => {
    const given = racer.learningRate ?? learningRate;
    if (given !== undefined) return result(racer, given, false);
    let best: RaceResult | undefined;
    for (const rate of LEARNING_RATE_SWEEP) {
      const candidate = result(racer, rate, true);
      if (!best || better(candidate, best)) best = candidate;
    }
    return best!;
  });
}

/** One optimizer in a race: its registered name, and its learning rate if it has one (else the best of a sweep). */
export interface Runner {
  /** The optimizer's registry name, e.g. `'adam'`. */
  readonly optimizer: string;
  /** Its learning rate (default: the best of a sweep). */
  readonly learningRate?: number;
}

/** Where a ball starts when nobody says: the surface's suggestion, else w = 4 or (−3, 3). */
export function defaultStart(landscape: Landscape): number[] {
  return [...(landscape.suggestedStart ?? (landscape.dimension === 1 ? [4] : [-3, 3]))];
}

/** Steps when nobody says: the lesson's 10 for a curve, 500 for a surface. */
export function defaultSteps(landscape: Landscape): number {
  return landscape.dimension === 1 ? 10 : 500;
}

/** The optimizers that race when nobody says: one ball (sgd) on a curve; sgd, momentum and adam on a surface. */
export function defaultRunners(landscape: Landscape): Runner[] {
  return (landscape.dimension === 1 ? ['sgd'] : ['sgd', 'momentum', 'adam']).map((optimizer) => ({ optimizer }));
}

/** `sgd,momentum:0.001,adam` → runners: a rate after a colon is that optimizer's η. Every problem is a LandscapeError. */
export function parseRunners(text: string): Runner[] {
  return text.split(',').map((entry) => {
    const [name = '', rate, extra] = entry.trim().split(':');
    if (name === '' || extra !== undefined) {
      throw new LandscapeError(
        'bad-argument',
        `expected optimizers like sgd,momentum:0.001,adam (a name, optionally :learning rate), found ${JSON.stringify(text)}`,
      );
    }
    let definition: OptimizerDefinition;
    try {
      definition = getOptimizer(name);
    } catch (error) {
      throw new LandscapeError('bad-argument', (error as Error).message);
    }
    if (rate === undefined) return { optimizer: definition.name };
    const learningRate = /^\s*(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(rate) ? Number(rate) : Number.NaN;
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new LandscapeError('bad-argument', `${name}: expected a learning rate above 0 after the colon, found ${JSON.stringify(rate)}`);
    }
    return { optimizer: definition.name, learningRate };
  });
}

/** Options of `raceOptimizers`. */
export interface OptimizerRaceOptions extends VerdictOptions {
  /** Where every ball starts (default: `defaultStart`). */
  readonly start?: number[];
  /** Steps each takes (default: `defaultSteps`). */
  readonly steps?: number;
  /** One learning rate for every runner without its own (default: the best of a sweep for each). */
  readonly learningRate?: number;
  /** Other hyperparameters, each given to every runner whose optimizer has it (one that none has is an error). */
  readonly hyperparameters?: Readonly<Record<string, number>>;
}

/**
 * The race the CLI's `descend --race` and `viz landscape` and the web demo's
 * "Roll downhill" tab run: registered optimizers (`@downhill/optim`) rolling
 * down `landscape` from one start, each judged by `judgeDescent`.
 */
export function raceOptimizers(
  landscape: Landscape,
  runners: readonly Runner[] = defaultRunners(landscape),
  options: OptimizerRaceOptions = {},
): { start: number[]; steps: number; results: RaceResult[] } {
  const start = options.start ?? defaultStart(landscape);
  const steps = options.steps ?? defaultSteps(landscape);
  const definitions = runners.map((r) => getOptimizer(r.optimizer));
  const hyper = options.hyperparameters ?? {};
  for (const key of Object.keys(hyper)) {
    if (!definitions.some((d) => key in d.defaults)) {
      throw new LandscapeError('bad-argument', `${key}: none of ${definitions.map((d) => d.name).join(', ')} has a hyperparameter ${key}`);
    }
  }
  const racers: Racer[] = runners.map((runner, i) => {
    const definition = definitions[i]!;
    const own = Object.fromEntries(Object.entries(hyper).filter(([key]) => key in definition.defaults));
    return {
      name: definition.name,
      ...(runner.learningRate !== undefined ? { learningRate: runner.learningRate } : {}),
      stepper: (rate: number) => createOptimizer(definition, landscape.dimension, { ...own, learningRate: rate }),
    };
  });
  const verdictOptions = {
    ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    ...(options.window ? { window: options.window } : {}),
  };
  return { start, steps, results: race(landscape, racers, start, steps, options.learningRate, verdictOptions) };
}
