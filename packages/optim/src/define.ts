import { InvalidDefinitionError } from './errors.js';
import { type Range, parseRange } from './range.js';

/** An optimizer's hyperparameters: named numbers, always including the learning rate η. */
export type Hyperparameters = { learningRate: number } & Record<string, number>;

/** What an optimizer's `update` receives. The framework reuses one such object, so hold no reference to it. */
export interface UpdateArgs<H extends Hyperparameters = Hyperparameters, S extends string = string> {
  /** The parameter vector w, updated in place. */
  params: Float32Array;
  /** The gradient ∇C at w; read only (already checked finite). */
  grads: Float32Array;
  /** The optimizer's state vectors, each as long as `params`, zero before the first step. */
  slots: Readonly<Record<S, Float32Array>>;
  /** The hyperparameters; `learningRate` may change between steps (schedules). */
  h: Readonly<H>;
  /** The step number, counting from 1. */
  t: number;
}

/** A cross-hyperparameter rule `ranges` cannot state, e.g. "Nesterov needs momentum > 0". */
export interface HyperparameterProblem {
  hyperparameter: string;
  expected: string;
}

/** What a contributor writes: see `defineOptimizer`. */
export interface OptimizerSpec<H extends Hyperparameters, S extends string> {
  /** Lower-case registry name, e.g. 'adam'. */
  name: string;
  /** One line for `--help` and the web demo's menu. */
  summary: string;
  /** Every hyperparameter with its default value; `learningRate` is required. */
  defaults: H;
  /** Names of the state vectors the framework allocates (zeros), saves and restores. */
  slots: readonly S[];
  /**
   * Allowed values per hyperparameter in textbook notation, e.g. `{ beta1: '[0, 1)' }`
   * (or parsed Ranges, so `{ ...adam, name: 'my-adam' }` works). Unlisted: any finite number; η: '[0, inf)'.
   */
  ranges?: { readonly [K in keyof H]?: string | Range };
  /** Rules that involve several hyperparameters; return the first one broken. */
  check?(h: Readonly<H>): HyperparameterProblem | undefined;
  /** True when the rule is meant for the full-batch gradient (plain gradient descent). */
  fullBatch?: boolean;
  /** One step: update `params` in place from `grads` and the slots. Must allocate nothing. */
  update(args: UpdateArgs<H, S>): void;
}

/** A registered optimizer: its rule, its state slots and its defaults. */
export interface OptimizerDefinition<H extends Hyperparameters = Hyperparameters, S extends string = string> {
  readonly name: string;
  readonly summary: string;
  readonly defaults: Readonly<H>;
  readonly slots: readonly S[];
  /** Parsed `ranges`, one per hyperparameter. */
  readonly ranges: Readonly<Record<keyof H & string, Range>>;
  readonly fullBatch: boolean;
  check?(h: Readonly<H>): HyperparameterProblem | undefined;
  update(args: UpdateArgs<H, S>): void;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const SLOT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ANY_FINITE: Range = { text: '(-inf, inf)', contains: (x) => Number.isFinite(x) };
const NON_NEGATIVE = parseRange('[0, inf)')!;

/**
 * Declare an optimizer. The framework supplies everything around the rule:
 * slot allocation, step counting, NaN checks, hyperparameter validation,
 * state save/restore, schedules, clipping and the registry.
 */
export function defineOptimizer<H extends Hyperparameters, S extends string = never>(
  spec: OptimizerSpec<H, S>,
): OptimizerDefinition<H, S> {
  const { name } = spec;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidDefinitionError(String(name), 'a lower-case name like "adam" or "sgd-nesterov"', JSON.stringify(name));
  }
  if (typeof spec.summary !== 'string' || spec.summary.trim() === '' || spec.summary.includes('\n')) {
    throw new InvalidDefinitionError(name, 'a one-line summary', JSON.stringify(spec.summary));
  }
  if (typeof spec.update !== 'function') throw new InvalidDefinitionError(name, 'an update function', typeof spec.update);
  const defaults = spec.defaults as Record<string, unknown>;
  if (typeof defaults?.learningRate !== 'number') {
    throw new InvalidDefinitionError(name, 'defaults.learningRate', 'none');
  }
  const seen = new Set<string>();
  for (const slot of spec.slots) {
    if (!SLOT.test(slot) || seen.has(slot)) {
      throw new InvalidDefinitionError(name, 'distinct identifier slot names', JSON.stringify(spec.slots));
    }
    seen.add(slot);
  }
  const rangeTexts = (spec.ranges ?? {}) as Record<string, string | Range | undefined>;
  for (const key of Object.keys(rangeTexts)) {
    if (!(key in defaults)) throw new InvalidDefinitionError(name, `ranges only for ${Object.keys(defaults).join(', ')}`, key);
  }
  const ranges: Record<string, Range> = {};
  for (const [key, value] of Object.entries(defaults)) {
    const text = rangeTexts[key];
    const range =
      text === undefined ? (key === 'learningRate' ? NON_NEGATIVE : ANY_FINITE) : typeof text === 'string' ? parseRange(text) : text;
    if (typeof range?.contains !== 'function') {
      throw new InvalidDefinitionError(name, `${key}'s range in notation like '[0, 1)' or '{0, 1}'`, JSON.stringify(text));
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !range.contains(value)) {
      throw new InvalidDefinitionError(name, `default ${key} finite and in ${range.text}`, String(value));
    }
    ranges[key] = range;
  }
  const problem = spec.check?.(spec.defaults);
  if (problem) throw new InvalidDefinitionError(name, `defaults with ${problem.hyperparameter} ${problem.expected}`, String(defaults[problem.hyperparameter]));

  return Object.freeze({
    name,
    summary: spec.summary,
    defaults: Object.freeze({ ...spec.defaults }),
    slots: Object.freeze([...spec.slots]),
    ranges: Object.freeze(ranges) as OptimizerDefinition<H, S>['ranges'],
    fullBatch: spec.fullBatch ?? false,
    ...(spec.check ? { check: spec.check } : {}),
    update: spec.update,
  });
}
