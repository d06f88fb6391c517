import { DownhillError } from './downhill-error.js';

export { DownhillError };

// Typed errors: each says what was expected and what was found, so a user can
// fix the input without reading the source.

/** Base class of every error @downhill/optim throws; catch it to catch them all. */
export class OptimizerError extends DownhillError {
  override readonly code: string = 'OPTIMIZER';
  override name = 'OptimizerError';
}

/** The gradient holds a NaN or an infinity: the run has diverged (or backprop has a bug). */
export class NonFiniteGradientError extends OptimizerError {
  override readonly code = 'NON_FINITE_GRADIENT';
  override name = 'NonFiniteGradientError';
  constructor(
    /** Where the first non-finite number is in the gradient. */
    readonly index: number,
    /** That number: NaN, Infinity or -Infinity. */
    readonly value: number,
  ) {
    super(
      `gradient: expected a finite number at every index, found ${value} at index ${index} ` +
        `(the parameters were left unchanged; a diverging run usually means the learning rate is too large)`,
    );
  }
}

/** `getOptimizer` or `createOptimizer` was given a name nobody registered. */
export class UnknownOptimizerError extends OptimizerError {
  override readonly code = 'UNKNOWN_OPTIMIZER';
  override name = 'UnknownOptimizerError';
  constructor(
    /** The name asked for. */
    readonly optimizer: string,
    /** Every registered name. */
    readonly valid: readonly string[],
  ) {
    super(`optimizer: expected one of ${valid.join(', ')}; found '${optimizer}'`);
  }
}

/** `registerOptimizer` was given another definition under a name that is already taken. */
export class DuplicateOptimizerError extends OptimizerError {
  override readonly code = 'DUPLICATE_OPTIMIZER';
  override name = 'DuplicateOptimizerError';
  constructor(
    /** The name that is taken. */
    readonly optimizer: string,
    /** Whether a built-in optimizer has it (built-ins are never replaced). */
    readonly builtIn = false,
  ) {
    super(
      builtIn
        ? `registerOptimizer: expected a new name, found '${optimizer}', the name of a built-in optimizer; give yours another name (e.g. 'my-${optimizer}')`
        : `registerOptimizer: expected a new name, found '${optimizer}', which another definition already has; ` +
            `give yours another name, or replace that one on purpose with registerOptimizer(definition, { replace: true })`,
    );
  }
}

/** A hyperparameter the optimizer does not have (usually a typo). */
export class UnknownHyperparameterError extends OptimizerError {
  override readonly code = 'UNKNOWN_HYPERPARAMETER';
  override name = 'UnknownHyperparameterError';
  constructor(
    /** The optimizer's name. */
    readonly optimizer: string,
    /** The name given. */
    readonly hyperparameter: string,
    /** The optimizer's hyperparameters. */
    readonly valid: readonly string[],
  ) {
    super(`${optimizer}: expected a hyperparameter among ${valid.join(', ')}; found '${hyperparameter}'`);
  }
}

/** A hyperparameter, schedule or clipping option with a value outside its range. */
export class InvalidHyperparameterError extends OptimizerError {
  override readonly code = 'INVALID_HYPERPARAMETER';
  override name = 'InvalidHyperparameterError';
  constructor(
    /** Whose hyperparameter it is: an optimizer, a schedule or the clipping. */
    readonly owner: string,
    /** Its name. */
    readonly hyperparameter: string,
    /** Its range, e.g. `'in [0, 1)'`. */
    readonly expected: string,
    /** The value given. */
    readonly found: unknown,
  ) {
    super(`${owner}: expected ${hyperparameter} ${expected}, found ${String(found)}`);
  }
}

/** A saved optimizer state that does not fit the optimizer it is restored into. */
export class OptimizerStateError extends OptimizerError {
  override readonly code = 'OPTIMIZER_STATE';
  override name = 'OptimizerStateError';
  constructor(
    /** The optimizer restored into. */
    readonly optimizer: string,
    /** What its state needs. */
    readonly expected: string,
    /** What the saved state holds. */
    readonly found: string,
  ) {
    super(`${optimizer}.restore: expected ${expected}, found ${found}`);
  }
}

/** `step` was given parameter or gradient vectors of the wrong length. */
export class LengthMismatchError extends OptimizerError {
  override readonly code = 'LENGTH_MISMATCH';
  override name = 'LengthMismatchError';
  constructor(
    /** The call, e.g. `'adam.step'`. */
    readonly operation: string,
    /** The length needed. */
    readonly expected: string,
    /** The lengths given. */
    readonly found: string,
  ) {
    super(`${operation}: expected ${expected}, found ${found}`);
  }
}

/** Parameter groups that do not describe the parameter vector (overlapping, out of order, not covering it). */
export class ParameterGroupError extends OptimizerError {
  override readonly code = 'PARAMETER_GROUP';
  override name = 'ParameterGroupError';
  constructor(
    /** Who checked the groups. */
    readonly owner: string,
    /** What the groups should describe. */
    readonly expected: string,
    /** Where they do not. */
    readonly found: string,
  ) {
    super(`${owner}: expected ${expected}, found ${found}`);
  }
}

/** An optimizer whose rule needs the loss (Polyak steps) was stepped without one, or with one that is not finite. */
export class MissingLossError extends OptimizerError {
  override readonly code = 'MISSING_LOSS';
  override name = 'MissingLossError';
  constructor(
    /** The optimizer's name. */
    readonly optimizer: string,
    /** The loss given, if any. */
    readonly found: unknown,
  ) {
    super(
      `${optimizer}.step: expected the loss at the current parameters, as step(params, grads, { loss }), ` +
        `found ${found === undefined ? 'none' : String(found)} (this optimizer's rule needs the loss value, not only its gradient)`,
    );
  }
}

/** `defineOptimizer` was given a malformed definition (a contributor's mistake, caught at import). */
export class InvalidDefinitionError extends OptimizerError {
  override readonly code = 'INVALID_DEFINITION';
  override name = 'InvalidDefinitionError';
  constructor(
    /** The definition's name. */
    readonly optimizer: string,
    /** What a definition needs there. */
    readonly expected: string,
    /** What it has. */
    readonly found: string,
  ) {
    super(`defineOptimizer(${optimizer}): expected ${expected}, found ${found}`);
  }
}
