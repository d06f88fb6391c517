import { allFinite } from '@downhill/linalg';
import type { Hyperparameters, OptimizerDefinition, UpdateArgs } from './define.js';
import { LengthMismatchError, MissingLossError, NonFiniteGradientError, OptimizerStateError } from './errors.js';
import { type ParameterGroup, type ParameterGroupSpec, resolveParameterGroups } from './groups.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { getOptimizer } from './registry.js';

/** Everything needed to continue a run bit-identically: save it with a checkpoint. */
export interface OptimizerState {
  /** The optimizer's registry name. */
  name: string;
  /** Its hyperparameters at the time. */
  hyper: Record<string, number>;
  /** Steps taken. */
  t: number;
  /** Each state vector, by slot name. */
  slots: Record<string, Float32Array>;
}

/**
 * What a caller knows about a step besides the gradient. Pass the same object
 * every step, changing its fields, and the step allocates nothing.
 */
export interface StepInfo {
  /** The loss at the current parameters, whose gradient `grads` is (the mini-batch's cost in training). */
  loss?: number;
}

/** How an optimizer is bound to its parameters, beyond their number. */
export interface CreateOptions {
  /**
   * The parameter vector as named, shaped groups in order (`parameterGroups(network)`
   * from '@downhill/network'). Default: one group, 'params', covering everything.
   */
  groups?: readonly ParameterGroupSpec[];
}

/** An optimizer bound to a parameter vector of one size, with its state. */
export interface Optimizer<H extends Hyperparameters = Hyperparameters> {
  /** What it runs: its rule, slots and defaults. */
  readonly definition: OptimizerDefinition<H, string>;
  /** Length of the parameter vector it updates. */
  readonly size: number;
  /** Live hyperparameters; schedules set `h.learningRate` between steps. */
  readonly h: H;
  /** Steps taken so far (the next step is number t + 1). */
  readonly t: number;
  /** The groups the update sees (checked and frozen): the caller's, or one covering the whole vector. */
  readonly groups: readonly ParameterGroup[];
  /**
   * w ← update(w, ∇C): changes `params` in place, never `grads`; allocates
   * nothing. `info.loss` is the loss at `params` (required when
   * `definition.needsLoss`, ignored by rules that do not read it).
   */
  step(params: Float32Array, grads: Float32Array, info?: StepInfo): void;
  /** A copy of the state (hyperparameters, step count, slots). */
  state(): OptimizerState;
  /** Continue from a saved state; checks it fits first, and changes nothing if it does not. */
  restore(state: OptimizerState): void;
}

/**
 * `optimizer` taking its steps through `step` (which calls the inner
 * optimizer's own): the same definition, size, live hyperparameters, step
 * count and state. Schedules and gradient clipping wrap an optimizer this way.
 */
export function withStep<H extends Hyperparameters>(optimizer: Optimizer<H>, step: Optimizer<H>['step']): Optimizer<H> {
  return {
    definition: optimizer.definition,
    size: optimizer.size,
    h: optimizer.h,
    get t() {
      return optimizer.t;
    },
    groups: optimizer.groups,
    step,
    state: () => optimizer.state(),
    restore: (state) => optimizer.restore(state),
  };
}

/**
 * An optimizer for `size` parameters, by definition or registered name, with
 * defaults overridden by `overrides` (checked: unknown names and values out of
 * range throw), seeing the vector as `options.groups` (checked) if given.
 */
export function createOptimizer<H extends Hyperparameters>(
  definition: OptimizerDefinition<H, string>,
  size: number,
  overrides?: Partial<H>,
  options?: CreateOptions,
): Optimizer<H>;
export function createOptimizer(
  definitionOrName: OptimizerDefinition | string,
  size: number,
  overrides?: Record<string, number>,
  options?: CreateOptions,
): Optimizer;
export function createOptimizer(
  definitionOrName: OptimizerDefinition | string,
  size: number,
  overrides: Record<string, number> = {},
  options: CreateOptions = {},
): Optimizer {
  const definition = typeof definitionOrName === 'string' ? getOptimizer(definitionOrName) : definitionOrName;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new LengthMismatchError(`createOptimizer(${definition.name})`, 'a positive integer size', String(size));
  }
  const groups = resolveParameterGroups(options.groups, size, `createOptimizer(${definition.name}) groups`);
  return new SlotOptimizer(definition, size, resolveHyperparameters(definition, overrides), groups);
}

class SlotOptimizer<H extends Hyperparameters> implements Optimizer<H> {
  #t = 0;
  readonly #slots: Record<string, Float32Array> = {};
  // One argument object for every step, so a step allocates nothing.
  readonly #args: UpdateArgs<H, string>;

  constructor(
    readonly definition: OptimizerDefinition<H, string>,
    readonly size: number,
    readonly h: H,
    readonly groups: readonly ParameterGroup[],
  ) {
    for (const name of definition.slots) this.#slots[name] = new Float32Array(size);
    this.#args = { params: EMPTY, grads: EMPTY, slots: this.#slots, h, t: 0, loss: Number.NaN, groups };
  }

  get t(): number {
    return this.#t;
  }

  step(params: Float32Array, grads: Float32Array, info?: StepInfo): void {
    const n = this.size;
    if (params.length !== n || grads.length !== n) {
      throw new LengthMismatchError(`${this.definition.name}.step`, `params and grads of length ${n}`, `lengths ${params.length} and ${grads.length}`);
    }
    // linalg's check: on the kernels, four numbers at a time.
    if (!allFinite(grads)) throwFirstNonFinite(grads);
    // Read into the reused args object straight away: a number that met
    // `undefined` in one variable would be boxed, an allocation per step.
    const args = this.#args;
    args.loss = info === undefined || info.loss === undefined ? Number.NaN : info.loss;
    if (this.definition.needsLoss && !(typeof args.loss === 'number' && Number.isFinite(args.loss))) {
      const found = info?.loss;
      args.loss = Number.NaN;
      throw new MissingLossError(this.definition.name, found);
    }

    args.params = params;
    args.grads = grads;
    args.t = this.#t + 1;
    this.definition.update(args);
    this.#t = args.t;
    // Drop the caller's arrays so a finished run's buffers can be collected.
    args.params = args.grads = EMPTY;
  }

  state(): OptimizerState {
    const slots: Record<string, Float32Array> = {};
    for (const name of this.definition.slots) slots[name] = this.#slots[name]!.slice();
    return { name: this.definition.name, hyper: { ...this.h }, t: this.#t, slots };
  }

  restore(state: OptimizerState): void {
    const { name, slots: expected } = this.definition;
    const fail: (what: string, found: string) => never = (what, found) => {
      throw new OptimizerStateError(name, what, found);
    };
    if (state === null || typeof state !== 'object') fail('a state object', String(state));
    if (state.name !== name) fail(`the state of a '${name}' optimizer`, `the state of '${String(state.name)}'`);
    if (!Number.isSafeInteger(state.t) || state.t < 0) fail('t, a non-negative integer step count', String(state.t));
    if (state.slots === null || typeof state.slots !== 'object') fail(`slots ${expected.join(', ') || '(none)'}`, String(state.slots));
    const found = Object.keys(state.slots);
    const missing = expected.filter((s) => !found.includes(s));
    const extra = found.filter((s) => !expected.includes(s));
    if (missing.length > 0 || extra.length > 0) {
      fail(`slots ${[...expected].sort().join(', ') || '(none)'}`, `slots ${[...found].sort().join(', ') || '(none)'}`);
    }
    for (const slot of expected) {
      const v: unknown = state.slots[slot];
      if (!(v instanceof Float32Array)) fail(`slot ${slot} as a Float32Array`, describe(v));
      if (v.length !== this.size) fail(`slot ${slot} of length ${this.size}`, `length ${v.length}`);
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i]!)) fail(`slot ${slot} finite everywhere`, `${v[i]} at index ${i}`);
      }
    }
    // Checked against the live values, so a state without a hyperparameter added later keeps today's value.
    const h = resolveHyperparameters(this.definition, state.hyper ?? {}, this.h);

    // Everything checked: now change state, all at once.
    Object.assign(this.h, h);
    this.#t = state.t;
    for (const slot of expected) this.#slots[slot]!.set(state.slots[slot]!);
  }
}

const EMPTY = new Float32Array(0);

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'an object';
}

function throwFirstNonFinite(grads: Float32Array): never {
  for (let i = 0; i < grads.length; i++) {
    if (!Number.isFinite(grads[i]!)) throw new NonFiniteGradientError(i, grads[i]!);
  }
  throw new Error('unreachable: the sum was non-finite but no element is');
}
