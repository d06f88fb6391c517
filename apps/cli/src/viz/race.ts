import { type DescentPath, descend, type Landscape } from '@downhill/landscapes';
import { createOptimizer, getOptimizer, type OptimizerDefinition } from '@downhill/optim';
import { InvalidArgumentError } from 'commander';

/** One runner of a race: an optimizer, and its learning rate if the user gave one. */
export interface Runner {
  definition: OptimizerDefinition;
  learningRate?: number;
}

/** `sgd,momentum:0.001,adam` → runners; a rate after a colon is that runner's η. */
export function parseRace(value: string): Runner[] {
  const runners = value.split(',').map((entry) => {
    const [name = '', rate, extra] = entry.trim().split(':');
    if (name === '' || extra !== undefined) throw new InvalidArgumentError(`expected optimizers like sgd,momentum:0.001,adam (name, optionally :learning rate), found "${value}"`);
    const definition = getOptimizer(name);
    if (rate === undefined) return { definition };
    const learningRate = Number(rate);
    if (rate.trim() === '' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new InvalidArgumentError(`${name}: expected a positive learning rate after the colon, found "${rate}"`);
    }
    return { definition, learningRate };
  });
  return runners;
}

/** Learning rates tried when none is given: half-decades from 1e-4 to 1. */
export const SWEEP = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1] as const;

export interface RaceResult {
  name: string;
  learningRate: number;
  /** The rate came from the sweep (not the user). */
  swept: boolean;
  path: DescentPath;
}

function run(landscape: Landscape, definition: OptimizerDefinition, learningRate: number, start: number[], steps: number): DescentPath {
  const optimizer = createOptimizer(definition, landscape.dimension, { learningRate });
  try {
    return descend(landscape, optimizer, start, steps);
  } catch (error) {
    // A NaN gradient (f not real there) ends the run like a blow-up does.
    if ((error as Error).name !== 'NonFiniteGradientError') throw error;
    const value = Number.NaN;
    return { points: [start], values: [landscape.value(start)], final: { point: start, value }, diverged: true, divergedAt: 1 };
  }
}

/** The run never climbed above its start: it rolled downhill rather than bouncing around. */
function staysBelowStart(path: DescentPath): boolean {
  const start = path.values[0]!;
  return !path.diverged && path.values.every((v) => v <= start);
}

/**
 * Better = rolls downhill (never above its start), then reaches a known
 * minimum in fewer steps, else ends lower; a diverged run is worst.
 */
function better(a: DescentPath, b: DescentPath): boolean {
  if (a.diverged !== b.diverged) return !a.diverged;
  const calmA = staysBelowStart(a), calmB = staysBelowStart(b);
  if (calmA !== calmB) return calmA;
  if (a.stepsToMinimum !== undefined || b.stepsToMinimum !== undefined) return (a.stepsToMinimum ?? Infinity) < (b.stepsToMinimum ?? Infinity);
  return a.final.value < b.final.value;
}

/**
 * Race optimizers from one start. A runner with no learning rate gets the
 * best of `SWEEP` (each optimizer at its best is a fairer race than each at
 * its default, whose scales differ by 1000×); runs that climb above their
 * start are passed over, since they bounce rather than roll.
 */
export function race(landscape: Landscape, runners: readonly Runner[], start: number[], steps: number, learningRate?: number): RaceResult[] {
  return runners.map(({ definition, learningRate: own }) => {
    const given = own ?? learningRate;
    if (given !== undefined) return { name: definition.name, learningRate: given, swept: false, path: run(landscape, definition, given, start, steps) };
    let best: RaceResult | undefined;
    for (const rate of SWEEP) {
      const path = run(landscape, definition, rate, start, steps);
      if (!best || better(path, best.path)) best = { name: definition.name, learningRate: rate, swept: true, path };
    }
    return best!;
  });
}
