import type { Landscape } from './landscape.js';

// Raw results of a typed formula (mathjs's number, Complex, or the error it
// threw), kept so a message can say "the complex number 1i" rather than "NaN".
// The text parser registers its landscapes here; built-ins have none.
const rawEvaluators = new WeakMap<Landscape, (p: ArrayLike<number>) => unknown>();

/** Lets the text parser keep the raw evaluator of a landscape it made. */
export function registerRawEvaluator(landscape: Landscape, evaluate: (p: ArrayLike<number>) => unknown): void {
  rawEvaluators.set(landscape, evaluate);
}

/** f(p) as the parser gives it (a number, a Complex, or the error it threw), for messages; else f(p). */
export function rawValue(landscape: Landscape, p: ArrayLike<number>): unknown {
  const evaluate = rawEvaluators.get(landscape);
  return evaluate ? evaluate(p) : landscape.value(p);
}
