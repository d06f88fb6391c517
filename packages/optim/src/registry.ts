import * as builtIns from './builtins.js';
import { DEFINITION_FORMAT, type OptimizerDefinition, defineOptimizer, isDefinition } from './define.js';
import { DuplicateOptimizerError, OptimizerError, UnknownOptimizerError } from './errors.js';

// One registry per process, on globalThis under a key every copy of
// @downhill/optim agrees on: a user's plugin that imports its own copy of the
// package (installed beside it) registers where the CLI's copy looks. A copy
// that keeps its registry in another format refuses to load, saying why,
// rather than silently keeping a registry of its own.
const KEY = Symbol.for('@downhill/optim/registry');

interface SharedRegistry {
  /** The layout of this object and of the definitions in it; copies that disagree refuse to share it. */
  readonly format: number;
  readonly definitions: Map<string, OptimizerDefinition>;
  /** Names of the built-ins (of whichever copies loaded): never replaced. */
  readonly builtIns: Set<string>;
}

function sharedRegistry(): SharedRegistry {
  const holder = globalThis as { [KEY]?: SharedRegistry };
  const found = holder[KEY];
  if (found === undefined) {
    const created: SharedRegistry = { format: DEFINITION_FORMAT, definitions: new Map(), builtIns: new Set() };
    Object.defineProperty(globalThis, KEY, { value: created, enumerable: false, configurable: true });
    return created;
  }
  if (found === null || typeof found !== 'object' || found.format !== DEFINITION_FORMAT || !(found.definitions instanceof Map)) {
    throw new OptimizerError(
      `@downhill/optim: expected every copy of @downhill/optim in this process to share the optimizer registry (format ${DEFINITION_FORMAT}), ` +
        `found one in format ${String((found as { format?: unknown } | null)?.format)} from another version; ` +
        'install a single version (e.g. `npm dedupe` or `pnpm dedupe`, or the same version range everywhere)',
    );
  }
  return found;
}

const registry = sharedRegistry();
// The built-ins in alphabetical order (builtins.ts lists them so); another copy's are already there.
for (const definition of Object.values(builtIns)) {
  if (!registry.definitions.has(definition.name)) registry.definitions.set(definition.name, definition);
  registry.builtIns.add(definition.name);
}

/** Every registered optimizer by name: the built-ins, then those added with `registerOptimizer`. Shared by every copy of the package in the process. */
export const optimizers: ReadonlyMap<string, OptimizerDefinition> = registry.definitions;

/** Options of `registerOptimizer`. */
export interface RegisterOptions {
  /** Replace an optimizer registered earlier under the same name (never a built-in). */
  replace?: boolean;
}

/**
 * Make an optimizer available by name (to `createOptimizer`, the CLI and the
 * web demo). Registering the same definition again does nothing; another
 * definition under a taken name is refused unless `replace` is set, and a
 * built-in's name always is. A definition made by another version of
 * `defineOptimizer` is checked again (and completed) by this one.
 */
export function registerOptimizer(definition: OptimizerDefinition, options: RegisterOptions = {}): OptimizerDefinition {
  const checked = isDefinition(definition) ? definition : (defineOptimizer(definition as never) as OptimizerDefinition);
  const { name } = checked;
  const taken = registry.definitions.get(name);
  if (taken === definition || taken === checked) return taken;
  if (taken !== undefined && (registry.builtIns.has(name) || !options.replace)) {
    throw new DuplicateOptimizerError(name, registry.builtIns.has(name));
  }
  registry.definitions.set(name, checked);
  return checked;
}

/** The optimizer registered under `name`; unknown names throw, listing the valid ones. */
export function getOptimizer(name: string): OptimizerDefinition {
  const definition = registry.definitions.get(name);
  if (!definition) throw new UnknownOptimizerError(name, [...registry.definitions.keys()]);
  return definition;
}
