import * as builtIns from './builtins.js';
import type { OptimizerDefinition } from './define.js';
import { DuplicateOptimizerError, UnknownOptimizerError } from './errors.js';

const table = new Map<string, OptimizerDefinition>();
for (const definition of Object.values(builtIns)) table.set(definition.name, definition);

/** Every registered optimizer by name: the built-ins, then those added with `registerOptimizer`. */
export const optimizers: ReadonlyMap<string, OptimizerDefinition> = table;

/** Make an optimizer available by name (to `createOptimizer`, the CLI and the web demo). */
export function registerOptimizer(definition: OptimizerDefinition): void {
  if (table.has(definition.name)) throw new DuplicateOptimizerError(definition.name);
  table.set(definition.name, definition);
}

/** The optimizer registered under `name`; unknown names throw, listing the valid ones. */
export function getOptimizer(name: string): OptimizerDefinition {
  const definition = table.get(name);
  if (!definition) throw new UnknownOptimizerError(name, [...table.keys()]);
  return definition;
}
