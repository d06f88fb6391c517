// The race itself: @downhill/landscapes rolls each optimizer of @downhill/optim
// down the landscape (a sweep of learning rates for those given none).
import { type RaceResult, race } from '@downhill/landscapes';
import { createOptimizer } from '@downhill/optim';
import type { Roll } from './roll-form.js';

export function runRoll(roll: Roll): RaceResult[] {
  const { landscape } = roll;
  const racers = roll.runners.map(({ definition, learningRate }) => ({
    name: definition.name,
    learningRate,
    stepper: (rate: number) => createOptimizer(definition, landscape.dimension, { learningRate: rate }),
  }));
  return race(landscape, racers, roll.start, roll.steps);
}
