import { type Landscape, type RaceResult, race as raceLandscape } from '@downhill/landscapes';
import { createOptimizer, getOptimizer, type OptimizerDefinition } from '@downhill/optim';
import { InvalidArgumentError } from 'commander';

export type { RaceResult } from '@downhill/landscapes';

/** One runner of a race: an optimizer, and its learning rate if the user gave one. */
export interface Runner {
  definition: OptimizerDefinition;
  learningRate?: number;
}

/**
 * `sgd,momentum:0.001,adam` → runners; a rate after a colon is that runner's η.
 * Every problem is a commander InvalidArgumentError, so it parses a `--race` option as it is.
 */
export function parseRace(value: string): Runner[] {
  const runners = value.split(',').map((entry) => {
    const [name = '', rate, extra] = entry.trim().split(':');
    if (name === '' || extra !== undefined) throw new InvalidArgumentError(`expected optimizers like sgd,momentum:0.001,adam (name, optionally :learning rate), found "${value}"`);
    let definition: OptimizerDefinition;
    try {
      definition = getOptimizer(name);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    if (rate === undefined) return { definition };
    const learningRate = Number(rate);
    if (rate.trim() === '' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new InvalidArgumentError(`${name}: expected a positive learning rate after the colon, found "${rate}"`);
    }
    return { definition, learningRate };
  });
  return runners;
}

/**
 * Race optimizers from one start: `@downhill/landscapes`' race, each runner a
 * fresh optimizer per learning rate. A runner with no learning rate gets the
 * best of the landscapes' sweep.
 */
export function race(landscape: Landscape, runners: readonly Runner[], start: number[], steps: number, learningRate?: number): RaceResult[] {
  const racers = runners.map(({ definition, learningRate: own }) => ({
    name: definition.name,
    learningRate: own,
    stepper: (rate: number) => createOptimizer(definition, landscape.dimension, { learningRate: rate }),
  }));
  return raceLandscape(landscape, racers, start, steps, learningRate);
}
