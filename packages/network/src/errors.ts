import { DownhillError } from './downhill-error.js';

export { DownhillError };

/** Thrown when a NetworkSpec cannot describe a network (at construction time). */
export class NetworkSpecError extends DownhillError {
  override readonly code = 'NETWORK_SPEC';
  override name = 'NetworkSpecError';
  constructor(
    /** Which part of the spec: `'layers[1].units'`, `'inputSize'`. */
    readonly where: string,
    /** What it needed. */
    readonly expected: string,
    /** What it was. */
    readonly found: string,
  ) {
    super(`${where}: expected ${expected}, found ${found}`);
  }
}

/** Thrown when a cost cannot sit on top of the network's output activation. */
export class IncompatibleCostError extends DownhillError {
  override readonly code = 'INCOMPATIBLE_COST';
  override name = 'IncompatibleCostError';
  constructor(
    /** The output activation the cost needs. */
    readonly expected: string,
    /** The network's output activation. */
    readonly found: string,
  ) {
    super(`computeGradients: expected ${expected}, found ${found}`);
  }
}

/** Thrown for an activation or initialiser name that is not registered. */
export class UnknownNameError extends DownhillError {
  override readonly code = 'UNKNOWN_NAME';
  override name = 'UnknownNameError';
  constructor(
    /** What was looked up: `'activation'`, `'initialiser'`. */
    readonly kind: string,
    /** The name asked for (whatever it was). */
    readonly requested: unknown,
    /** Every registered name of that kind. */
    readonly validNames: readonly string[],
  ) {
    super(`unknown ${kind}: expected one of ${validNames.join(', ')}, found ${JSON.stringify(requested)}`);
  }
}

// Helpers for one-line messages about what a file holds: a file can hold
// megabyte-long names and arrays nested a million deep, and a message must
// stay one short line (and never throw while being built).

/** `text` with control characters escaped, cut to `max` characters. */
export function cut(text: string, max = 60): string {
  const escaped = JSON.stringify(text.length > max ? text.slice(0, max) : text).slice(1, -1);
  return escaped.length > max || text.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

/** A name from a file, quoted: `'layers.0.weight'`. */
export function quoted(name: string, max = 60): string {
  return `'${cut(name, max)}'`;
}

/** A value from a file as JSON, cut to `max` characters. */
export function brief(value: unknown, max = 60): string {
  if (typeof value === 'string') return JSON.stringify(value.length > max ? `${value.slice(0, max - 1)}…` : value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deep for JSON.stringify's recursion (JSON.parse has none).
    text = Array.isArray(value) ? '[[[… (nested too deep to show)' : '{… (nested too deep to show)';
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
