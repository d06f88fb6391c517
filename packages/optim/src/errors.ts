// Typed errors: each says what was expected and what was found, so a user can
// fix the input without reading the source.

/** Base class of every error @downhill/optim throws; catch it to catch them all. */
export class OptimizerError extends Error {
  override name = 'OptimizerError';
}

/** The gradient holds a NaN or an infinity: the run has diverged (or backprop has a bug). */
export class NonFiniteGradientError extends OptimizerError {
  override name = 'NonFiniteGradientError';
  constructor(
    readonly index: number,
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
  override name = 'UnknownOptimizerError';
  constructor(
    readonly optimizer: string,
    readonly valid: readonly string[],
  ) {
    super(`optimizer: expected one of ${valid.join(', ')}; found '${optimizer}'`);
  }
}

/** `registerOptimizer` was given another definition under a name that is already taken. */
export class DuplicateOptimizerError extends OptimizerError {
  override name = 'DuplicateOptimizerError';
  constructor(
    readonly optimizer: string,
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
  override name = 'UnknownHyperparameterError';
  constructor(
    readonly optimizer: string,
    readonly hyperparameter: string,
    readonly valid: readonly string[],
  ) {
    super(`${optimizer}: expected a hyperparameter among ${valid.join(', ')}; found '${hyperparameter}'`);
  }
}

/** A hyperparameter, schedule or clipping option with a value outside its range. */
export class InvalidHyperparameterError extends OptimizerError {
  override name = 'InvalidHyperparameterError';
  constructor(
    readonly owner: string,
    readonly hyperparameter: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`${owner}: expected ${hyperparameter} ${expected}, found ${String(found)}`);
  }
}

/** A saved optimizer state that does not fit the optimizer it is restored into. */
export class OptimizerStateError extends OptimizerError {
  override name = 'OptimizerStateError';
  constructor(
    readonly optimizer: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${optimizer}.restore: expected ${expected}, found ${found}`);
  }
}

/** `step` was given parameter or gradient vectors of the wrong length. */
export class LengthMismatchError extends OptimizerError {
  override name = 'LengthMismatchError';
  constructor(
    readonly operation: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${operation}: expected ${expected}, found ${found}`);
  }
}

/** Parameter groups that do not describe the parameter vector (overlapping, out of order, not covering it). */
export class ParameterGroupError extends OptimizerError {
  override name = 'ParameterGroupError';
  constructor(
    readonly owner: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${owner}: expected ${expected}, found ${found}`);
  }
}

/** An optimizer whose rule needs the loss (Polyak steps) was stepped without one, or with one that is not finite. */
export class MissingLossError extends OptimizerError {
  override name = 'MissingLossError';
  constructor(
    readonly optimizer: string,
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
  override name = 'InvalidDefinitionError';
  constructor(
    readonly optimizer: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`defineOptimizer(${optimizer}): expected ${expected}, found ${found}`);
  }
}
