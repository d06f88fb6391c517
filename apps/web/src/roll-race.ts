// The race itself: @downhill/landscapes' raceOptimizers, as the CLI's
// `viz landscape` runs it (a sweep of learning rates for those given none,
// each run judged by the one rule for every surface).
import { type RaceResult, raceOptimizers } from '@downhill/landscapes';
import type { Roll } from './roll-form.js';

export function runRoll(roll: Roll): RaceResult[] {
  const { landscape } = roll;
  return raceOptimizers(landscape, roll.runners, {
    start: roll.start,
    steps: roll.steps,
    ...(landscape.domain ? { window: landscape.domain } : {}),
  }).results;
}
