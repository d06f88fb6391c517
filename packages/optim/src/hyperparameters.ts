import type { Hyperparameters, OptimizerDefinition } from './define.js';
import { InvalidHyperparameterError, UnknownHyperparameterError } from './errors.js';

/**
 * `base` (the definition's defaults unless given) with `overrides` applied, every name and value
 * checked: unknown names list the valid ones; values must be finite and in range.
 */
export function resolveHyperparameters<H extends Hyperparameters>(
  definition: OptimizerDefinition<H, string>,
  overrides: Readonly<Record<string, unknown>> = {},
  base: Readonly<H> = definition.defaults,
): H {
  const h: Record<string, number> = { ...base };
  const valid = Object.keys(definition.defaults);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue; // { momentum: undefined } means "the default", as with optional CLI flags
    if (!Object.hasOwn(definition.defaults, key)) throw new UnknownHyperparameterError(definition.name, key, valid);
    const range = definition.ranges[key as keyof H & string];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidHyperparameterError(definition.name, key, `a finite number in ${range.text}`, value);
    }
    if (!range.contains(value)) throw new InvalidHyperparameterError(definition.name, key, `in ${range.text}`, value);
    h[key] = value;
  }
  const problem = definition.check?.(h as H);
  if (problem) {
    throw new InvalidHyperparameterError(definition.name, problem.hyperparameter, problem.expected, h[problem.hyperparameter]);
  }
  return h as H;
}
