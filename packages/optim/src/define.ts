import { InvalidDefinitionError } from './errors.js';
import type { ParameterGroup } from './groups.js';
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
  /**
   * The loss at `params` (what `grads` is the gradient of) when the caller
   * gave it, NaN otherwise; always finite for a definition with `needsLoss`.
   */
  loss: number;
  /**
   * The parameter vector as named, shaped pieces in order (a network's
   * `layers.0.weight`, `layers.0.bias`, ...); one group, 'params', covering
   * everything when the caller gave none. Loop over `offset … offset + length − 1`.
   */
  groups: readonly ParameterGroup[];
}

/** A cross-hyperparameter rule `ranges` cannot state, e.g. "Nesterov needs momentum > 0". */
export interface HyperparameterProblem {
  /** The hyperparameter to change. */
  hyperparameter: string;
  /** What it should be, e.g. `'> 0 with nesterov'`. */
  expected: string;
}

/** What a contributor writes: see `defineOptimizer`. */
export interface OptimizerSpec<H extends Hyperparameters, S extends string> {
  /** Lower-case registry name, e.g. 'adam'. */
  name: string;
  /** One line for `--help` and the web demo's menu. */
  summary: string;
  /**
   * The update in the paper's notation, on one line, for the table of
   * optimizers in the README (`pnpm docs`), e.g. 'Adagrad: s ← s + g², w ← w − ηg / (√s + ε)'.
   * Default: the summary.
   */
  rule?: string;
  /** Every hyperparameter with its default value; `learningRate` is required. */
  defaults: H;
  /**
   * How the README writes each hyperparameter: η, μ, α, β₁, β₂, ε and λ are
   * known (for learningRate, momentum, alpha, beta1, beta2, epsilon and
   * weightDecay); name others here, e.g. `{ momentumDecay: 'ψ' }`. Unnamed ones are written as they are.
   */
  symbols?: { readonly [K in keyof H]?: string };
  /**
   * The learning rate to train a network with when the user gives none
   * (`@downhill/train`'s `defaultLearningRate`). Default: `defaults.learningRate`.
   * (sgd and gd: the lesson's η = 3.0, sized for its sigmoid network and quadratic cost.)
   */
  trainingLearningRate?: number;
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
  /** True when the rule reads `loss` (Polyak steps): `step` then refuses to run without a finite loss. */
  needsLoss?: boolean;
  /** One step: update `params` in place from `grads` and the slots. Must allocate nothing. */
  update(args: UpdateArgs<H, S>): void;
}

/** A registered optimizer: its rule, its state slots and its defaults. */
export interface OptimizerDefinition<H extends Hyperparameters = Hyperparameters, S extends string = string> {
  /** Its lower-case registry name, e.g. `'adam'`. */
  readonly name: string;
  /** One line for `--help` and the web demo's menu. */
  readonly summary: string;
  /** The update in the paper's notation, one line (the summary when the spec gave none). */
  readonly rule: string;
  /** Every hyperparameter with its default value. */
  readonly defaults: Readonly<H>;
  /** How the README writes each hyperparameter (η for learningRate, ...; the name itself when no symbol is known). */
  readonly symbols: Readonly<Record<keyof H & string, string>>;
  /** η for training a network when none is given: what a training loop's caller defaults to. */
  readonly trainingLearningRate: number;
  /** Names of its state vectors, each as long as the parameter vector. */
  readonly slots: readonly S[];
  /** Parsed `ranges`, one per hyperparameter. */
  readonly ranges: Readonly<Record<keyof H & string, Range>>;
  /** The rule is meant for the full-batch gradient (plain gradient descent). */
  readonly fullBatch: boolean;
  /** The rule reads the loss: step it as `step(params, grads, { loss })`. */
  readonly needsLoss: boolean;
  /** The spec's rules across hyperparameters, if it has any: the first one broken, or undefined. */
  check?(h: Readonly<H>): HyperparameterProblem | undefined;
  /** One step, in place (the spec's `update`). */
  update(args: UpdateArgs<H, S>): void;
}

/** How the README writes the hyperparameters whose names downhill shares across optimizers. */
export const HYPERPARAMETER_SYMBOLS: Readonly<Record<string, string>> = Object.freeze({
  learningRate: 'η',
  momentum: 'μ',
  alpha: 'α',
  beta1: 'β₁',
  beta2: 'β₂',
  epsilon: 'ε',
  weightDecay: 'λ',
});

/**
 * The layout of a definition (and of the registry that holds them). Bumped
 * when a field is added that the framework relies on, so that a definition
 * made by another version of `defineOptimizer` is checked again, and a
 * registry of another layout is refused, rather than trusted.
 */
export const DEFINITION_FORMAT = 1;
const BRAND = Symbol.for('@downhill/optim/definition');

/** Made by `defineOptimizer` of this format (not merely shaped like a definition). */
export function isDefinition(value: unknown): value is OptimizerDefinition {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === DEFINITION_FORMAT;
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
export function defineOptimizer<H extends Hyperparameters, S extends string = never>(spec: OptimizerSpec<H, S>): OptimizerDefinition<H, S> {
  const { name } = spec;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidDefinitionError(String(name), 'a lower-case name like "adam" or "sgd-nesterov"', JSON.stringify(name));
  }
  if (typeof spec.summary !== 'string' || spec.summary.trim() === '' || spec.summary.includes('\n')) {
    throw new InvalidDefinitionError(name, 'a one-line summary', JSON.stringify(spec.summary));
  }
  if (typeof spec.update !== 'function') throw new InvalidDefinitionError(name, 'an update function', typeof spec.update);
  const rule = spec.rule ?? spec.summary;
  if (typeof rule !== 'string' || rule.trim() === '' || rule.includes('\n')) {
    throw new InvalidDefinitionError(name, 'a one-line rule', JSON.stringify(spec.rule));
  }
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
    const range = text === undefined ? (key === 'learningRate' ? NON_NEGATIVE : ANY_FINITE) : typeof text === 'string' ? parseRange(text) : text;
    if (typeof range?.contains !== 'function') {
      throw new InvalidDefinitionError(name, `${key}'s range in notation like '[0, 1)' or '{0, 1}'`, JSON.stringify(text));
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !range.contains(value)) {
      throw new InvalidDefinitionError(name, `default ${key} finite and in ${range.text}`, String(value));
    }
    ranges[key] = range;
  }
  const symbols: Record<string, string> = {};
  const symbolTexts = (spec.symbols ?? {}) as Record<string, unknown>;
  for (const [key, symbol] of Object.entries(symbolTexts)) {
    if (!(key in defaults)) throw new InvalidDefinitionError(name, `symbols only for ${Object.keys(defaults).join(', ')}`, key);
    if (typeof symbol !== 'string' || symbol.trim() === '') throw new InvalidDefinitionError(name, `a symbol for ${key}`, JSON.stringify(symbol));
  }
  for (const key of Object.keys(defaults)) symbols[key] = (symbolTexts[key] as string | undefined) ?? HYPERPARAMETER_SYMBOLS[key] ?? key;
  const trainingLearningRate = spec.trainingLearningRate ?? spec.defaults.learningRate;
  if (typeof trainingLearningRate !== 'number' || !Number.isFinite(trainingLearningRate) || !ranges.learningRate!.contains(trainingLearningRate)) {
    throw new InvalidDefinitionError(name, `trainingLearningRate finite and in ${ranges.learningRate!.text}`, String(trainingLearningRate));
  }
  const problem = spec.check?.(spec.defaults);
  if (problem) throw new InvalidDefinitionError(name, `defaults with ${problem.hyperparameter} ${problem.expected}`, String(defaults[problem.hyperparameter]));

  const definition = {
    name,
    summary: spec.summary,
    rule,
    defaults: Object.freeze({ ...spec.defaults }),
    symbols: Object.freeze(symbols) as OptimizerDefinition<H, S>['symbols'],
    trainingLearningRate,
    slots: Object.freeze([...spec.slots]),
    ranges: Object.freeze(ranges) as OptimizerDefinition<H, S>['ranges'],
    fullBatch: spec.fullBatch ?? false,
    needsLoss: spec.needsLoss ?? false,
    ...(spec.check ? { check: spec.check } : {}),
    update: spec.update,
  };
  // Not enumerable, so `{ ...definition, name: 'mine' }` is a plain spec again.
  Object.defineProperty(definition, BRAND, { value: DEFINITION_FORMAT, enumerable: false });
  return Object.freeze(definition);
}
