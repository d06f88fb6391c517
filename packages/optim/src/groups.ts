import { ParameterGroupError } from './errors.js';

// The one parameter vector, seen as the tensors it is made of: each layer's
// weight matrix and bias vector, named and shaped as in a model file. Rules
// that work weight by weight ignore this; per-layer rules (LAMB's trust
// ratio), decay that skips biases and factored moments read it.

/** A named, shaped piece of the parameter vector, e.g. one layer's weight matrix. */
export interface ParameterGroup {
  /** 'layers.0.weight', 'layers.0.bias', ... (the tensor names of a model file); 'params' for a bare vector. */
  readonly name: string;
  /** [out, in] for a weight matrix (row-major), [out] for a bias; [n] for a bare vector. */
  readonly shape: readonly number[];
  /** Where the group starts in the parameter vector. */
  readonly offset: number;
  /** How many numbers it holds: the product of `shape`. */
  readonly length: number;
  /** A bias vector (named `bias` or `….bias` unless the spec says): weight decay may skip it. */
  readonly bias: boolean;
}

/** Groups as a caller gives them, in the order of the vector: name and shape, optionally the offset (checked) and whether it is a bias. */
export interface ParameterGroupSpec {
  /** Its name, e.g. `layers.0.weight`. */
  readonly name: string;
  /** Its shape; its length is their product. */
  readonly shape: readonly number[];
  /** Where it starts in the vector (default: where the previous group ends); checked when given. */
  readonly offset?: number;
  /** Whether it is a bias vector (default: its name is `bias` or ends in `.bias`). */
  readonly bias?: boolean;
}

const BIAS = /(^|\.)bias$/;

/** The one group an optimizer sees when its caller gives none: the whole vector, named 'params', not a bias. */
export function wholeVector(size: number): readonly ParameterGroup[] {
  return Object.freeze([Object.freeze({ name: 'params', shape: Object.freeze([size]), offset: 0, length: size, bias: false })]);
}

/**
 * Checked, frozen groups for a vector of `size` numbers: they must follow one
 * another in order and cover it exactly, with distinct names and shapes of
 * positive whole numbers. Errors say which group is wrong and why.
 */
export function resolveParameterGroups(groups: readonly ParameterGroupSpec[] | undefined, size: number, owner = 'parameter groups'): readonly ParameterGroup[] {
  if (groups === undefined) return wholeVector(size);
  const fail: (expected: string, found: string) => never = (expected, found) => {
    throw new ParameterGroupError(owner, expected, found);
  };
  if (!Array.isArray(groups) || groups.length === 0) fail('a non-empty array of { name, shape }', describe(groups));
  const names = new Set<string>();
  const out: ParameterGroup[] = [];
  let offset = 0;
  for (const [k, group] of groups.entries()) {
    const { name, shape } = group ?? ({} as ParameterGroupSpec);
    if (typeof name !== 'string' || name === '') fail(`group ${k} with a name`, describe(name));
    if (names.has(name)) fail(`distinct group names`, `'${name}' twice`);
    names.add(name);
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      fail(`'${name}' with a shape of positive whole numbers`, describe(shape));
    }
    const length = shape.reduce((p, d) => p * d, 1);
    if (group.offset !== undefined && group.offset !== offset) {
      fail(`'${name}' at offset ${offset} (groups follow one another in order)`, `offset ${describe(group.offset)}`);
    }
    if (offset + length > size) fail(`groups within the ${size} parameters`, `'${name}' ending at ${offset + length}`);
    const bias = group.bias ?? BIAS.test(name);
    if (typeof bias !== 'boolean') fail(`'${name}' with bias true or false`, describe(group.bias));
    out.push(Object.freeze({ name, shape: Object.freeze([...shape]), offset, length, bias }));
    offset += length;
  }
  if (offset !== size) fail(`groups covering all ${size} parameters`, `groups covering ${offset}`);
  return Object.freeze(out);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  return String(value);
}
