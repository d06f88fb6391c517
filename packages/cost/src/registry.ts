import type { Cost } from './cost.js';
import { softmaxCrossEntropy } from './cross-entropy.js';
import { quadraticCost } from './quadratic.js';
import { DownhillError } from './errors.js';

/** Every cost by name, with the usual short aliases. */
export const costs: ReadonlyMap<string, Cost> = new Map<string, Cost>([
  ['quadratic', quadraticCost],
  ['mse', quadraticCost],
  ['cross-entropy', softmaxCrossEntropy],
  ['ce', softmaxCrossEntropy],
]);

/** Thrown by `getCost` for a name that is not registered. */
export class UnknownCostError extends DownhillError {
  override readonly code = 'UNKNOWN_COST';
  override name = 'UnknownCostError';
  constructor(
    /** The name asked for. */
    readonly requested: string,
    /** Every registered name, aliases included. */
    readonly validNames: readonly string[],
  ) {
    super(`getCost: expected one of ${validNames.join(', ')}, found '${requested}'`);
  }
}

/** The cost registered as `name` (e.g. 'quadratic', 'mse', 'cross-entropy', 'ce'). */
export function getCost(name: string): Cost {
  const cost = costs.get(name);
  if (cost === undefined) throw new UnknownCostError(name, [...costs.keys()]);
  return cost;
}
