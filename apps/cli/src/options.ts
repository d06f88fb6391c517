import { checkSetting, parseDecimal, type SettingName, type SettingValue, SettingError, showValue } from '@downhill/train';
import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';

// Parsers for flag values: each says what it expected and what it found.
// Numbers are read strictly (parseDecimal): '' is not 0, '0x10' is not 16, '3,0' is not 30.

const found = (value: string): string => showValue(value);

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = parseDecimal(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, found ${found(value)}`);
    }
    return n;
  };
}

/** The flag parser for a run setting: the same check a checkpoint's setting goes through, so both say the same thing. */
export function setting<K extends SettingName>(name: K, read: (value: string) => unknown = parseDecimal): (value: string) => SettingValue<K> {
  return (value) => {
    try {
      return checkSetting[name](read(value), name) as SettingValue<K>;
    } catch (error) {
      if (error instanceof SettingError) throw new InvalidArgumentError(`expected ${error.expected}, found ${found(value)}`);
      throw error;
    }
  };
}

export const positiveInteger = wholeNumber(1, Number.MAX_SAFE_INTEGER);
export const nonNegativeInteger = wholeNumber(0, Number.MAX_SAFE_INTEGER);

/** Seeds are 32-bit (0 … 4,294,967,295): the generator's own seed space, so two seeds never give the same run. */
export const seed = setting('seed');

export function positiveNumber(value: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, found ${found(value)}`);
  return n;
}

export function finiteNumber(value: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, found ${found(value)}`);
  return n;
}

/** Layer sizes, input first: 784,16,16,10 (each bounded, see settingLimits). */
export const layerSizes = setting('layers', (value) => value.split(',').map(parseDecimal));

export function numberList(value: string): number[] {
  const xs = value.split(',').map(parseDecimal);
  if (xs.some((x) => !Number.isFinite(x))) throw new InvalidArgumentError(`expected numbers separated by commas, found ${found(value)}`);
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
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const match = /^--opt\.([A-Za-z][\w]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const name = match[1]!;
    const raw = match[2] ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--opt.${name}: expected a number after it, found nothing`);
    const n = parseDecimal(raw);
    if (!Number.isFinite(n)) throw new UsageError(`--opt.${name}: expected a number, found ${found(raw)}`);
    if (Object.hasOwn(hyper, name) && hyper[name] !== n) throw new UsageError(`--opt.${name}: given twice, as ${hyper[name]} and ${n}; give it once`);
    hyper[name] = n;
  }
  return { argv: rest, hyper };
}
