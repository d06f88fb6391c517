import { type DescentPath, descend, type Stepper } from './descend.js';
import type { Landscape } from './landscape.js';

/** Learning rates tried when a racer has none: half-decades from 1e-4 to 1. */
export const LEARNING_RATE_SWEEP: readonly number[] = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

/** One runner of a race: a name, its learning rate if it has one, and how to make its stepper for a learning rate. */
export interface Racer {
  name: string;
  learningRate?: number;
  /** A fresh stepper (e.g. an `@downhill/optim` optimizer) with learning rate η. */
  stepper(learningRate: number): Stepper;
}

export interface RaceResult {
  name: string;
  learningRate: number;
  /** The rate came from the sweep (not the racer or the caller). */
  swept: boolean;
  path: DescentPath;
}

/** A step where the gradient is not a real number (|x| at 0): the run ends there. */
class GradientNotReal extends Error {}

function run(landscape: Landscape, racer: Racer, learningRate: number, start: number[], steps: number): DescentPath {
  const stepper = racer.stepper(learningRate);
  const guarded: Stepper = {
    step(params, grads) {
      if (!grads.every(Number.isFinite)) throw new GradientNotReal();
      stepper.step(params, grads);
    },
  };
  try {
    return descend(landscape, guarded, start, steps);
  } catch (error) {
    // A gradient that is not real ends the run like a blow-up does.
    if (!(error instanceof GradientNotReal)) throw error;
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
 * Race steppers down a landscape from one start. A racer's own learning rate
 * wins, then `learningRate`; with neither, it gets the best of
 * `LEARNING_RATE_SWEEP` (each optimizer at its best is a fairer race than each
 * at its default, whose scales differ by 1000×), passing over runs that climb
 * above their start, since they bounce rather than roll.
 */
export function race(landscape: Landscape, racers: readonly Racer[], start: number[], steps: number, learningRate?: number): RaceResult[] {
  return racers.map((racer) => {
    const given = racer.learningRate ?? learningRate;
    if (given !== undefined) return { name: racer.name, learningRate: given, swept: false, path: run(landscape, racer, given, start, steps) };
    let best: RaceResult | undefined;
    for (const rate of LEARNING_RATE_SWEEP) {
      const path = run(landscape, racer, rate, start, steps);
      if (!best || better(path, best.path)) best = { name: racer.name, learningRate: rate, swept: true, path };
    }
    return best!;
  });
}
