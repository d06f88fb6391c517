/** Thrown when a NetworkSpec cannot describe a network (at construction time). */
export class NetworkSpecError extends Error {
  override name = 'NetworkSpecError';
  constructor(
    readonly where: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${where}: expected ${expected}, found ${found}`);
  }
}

/** Thrown when a cost cannot sit on top of the network's output activation. */
export class IncompatibleCostError extends Error {
  override name = 'IncompatibleCostError';
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`computeGradients: expected ${expected}, found ${found}`);
  }
}

/** Thrown for an activation or initialiser name that is not registered. */
export class UnknownNameError extends Error {
  override name = 'UnknownNameError';
  constructor(
    readonly kind: string,
    readonly requested: unknown,
    readonly validNames: readonly string[],
  ) {
    super(`unknown ${kind}: expected one of ${validNames.join(', ')}, found ${JSON.stringify(requested)}`);
  }
}
