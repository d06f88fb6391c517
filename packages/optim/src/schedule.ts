import { InvalidHyperparameterError } from './errors.js';
import type { Hyperparameters } from './define.js';
import { type Optimizer, withStep } from './optimizer.js';

/** A learning-rate schedule: the learning rate η_t for step t (counting from 1). */
export type Schedule = (t: number) => number;

function need(owner: string, name: string, value: number, ok: boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok) {
    throw new InvalidHyperparameterError(owner, name, expected, value);
  }
}

/** η_t = initial · factor^⌊(t − 1) / every⌋: multiply by `factor` every `every` steps. */
export function stepDecay({ initial, factor, every }: { initial: number; factor: number; every: number }): Schedule {
  need('stepDecay', 'initial', initial, initial >= 0, 'a finite number ≥ 0');
  need('stepDecay', 'factor', factor, factor > 0 && factor <= 1, 'in (0, 1]');
  need('stepDecay', 'every', every, Number.isInteger(every) && every >= 1, 'a whole number of steps ≥ 1');
  return (t) => initial * factor ** Math.floor((t - 1) / every);
}

/** η_t = initial · rate^(t − 1): multiply by `rate` every step. */
export function exponentialDecay({ initial, rate }: { initial: number; rate: number }): Schedule {
  need('exponentialDecay', 'initial', initial, initial >= 0, 'a finite number ≥ 0');
  need('exponentialDecay', 'rate', rate, rate > 0 && rate <= 1, 'in (0, 1]');
  return (t) => initial * rate ** (t - 1);
}

/**
 * Cosine annealing (Loshchilov & Hutter 2017, without restarts), then flat:
 * η_t = minimum + ½ (initial − minimum)(1 + cos(π (t − 1) / steps)) for t ≤ steps + 1, minimum after.
 */
export function cosineDecay({ initial, minimum, steps }: { initial: number; minimum: number; steps: number }): Schedule {
  need('cosineDecay', 'initial', initial, initial >= 0, 'a finite number ≥ 0');
  need('cosineDecay', 'minimum', minimum, minimum >= 0 && minimum <= initial, `in [0, initial = ${initial}]`);
  need('cosineDecay', 'steps', steps, Number.isInteger(steps) && steps >= 1, 'a whole number of steps ≥ 1');
  return (t) => minimum + 0.5 * (initial - minimum) * (1 + Math.cos((Math.PI * Math.min(t - 1, steps)) / steps));
}

/**
 * Linear warm-up: η_t = schedule(1) · t / steps for t ≤ steps, then the
 * schedule from its own step 1 (η_t = schedule(t − steps)).
 */
export function warmup(schedule: Schedule, { steps }: { steps: number }): Schedule {
  need('warmup', 'steps', steps, Number.isInteger(steps) && steps >= 1, 'a whole number of steps ≥ 1');
  return (t) => (t <= steps ? (schedule(1) * t) / steps : schedule(t - steps));
}

/**
 * The optimizer with its learning rate set to schedule(t) before step t.
 * The schedule depends on t alone, so state() and restore() need nothing extra.
 */
export function withSchedule<H extends Hyperparameters>(optimizer: Optimizer<H>, schedule: Schedule): Optimizer<H> {
  const set = (t: number) => {
    const eta = schedule(t);
    if (!(eta >= 0 && eta < Infinity)) {
      throw new InvalidHyperparameterError('schedule', `learningRate at step ${t}`, 'a finite number ≥ 0', eta);
    }
    optimizer.h.learningRate = eta;
  };
  set(optimizer.t + 1); // so h.learningRate shows the first step's rate; after a step, the rate it used
  return withStep(optimizer, (params, grads, info) => {
    set(optimizer.t + 1);
    optimizer.step(params, grads, info);
  });
}
