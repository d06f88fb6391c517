import { InvalidArgumentError } from 'commander';

// Parsers for flag values: each says what it expected and what it found.

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, found "${value}"`);
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, found "${value}"`);
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected a whole number, found "${value}"`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, found "${value}"`);
  return n;
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, found "${value}"`);
  return n;
}

export function layerSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(`expected layer sizes like 784,16,16,10 (input first, at least two), found "${value}"`);
  }
  return sizes;
}

export function numberList(value: string): number[] {
  const xs = value.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isFinite(x))) throw new InvalidArgumentError(`expected numbers separated by commas, found "${value}"`);
  return xs;
}

/**
 * Pull `--opt.NAME VALUE` (or `--opt.NAME=VALUE`) pairs out of argv: the
 * optimizer's hyperparameters, which depend on the optimizer chosen, so they
 * cannot be declared to the parser ahead of time.
 */
export function extractHyperparameters(argv: readonly string[]): { argv: string[]; hyper: Record<string, number> } {
  const rest: string[] = [];
  const hyper: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--opt\.([A-Za-z][\w]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const raw = match[2] ?? argv[++i];
    if (raw === undefined) throw new InvalidArgumentError(`--opt.${match[1]}: expected a number after it, found nothing`);
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--opt.${match[1]}: expected a number, found "${raw}"`);
    hyper[match[1]!] = n;
  }
  return { argv: rest, hyper };
}
