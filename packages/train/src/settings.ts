// The settings of a training run, and the one set of checks every way of
// giving them goes through: flags typed on the command line, a form in the web
// demo, and settings read back from a checkpoint (which are hostile until
// checked, exactly as a flag is). Each check names the setting, what it
// expected and what it found, in one short line.
import { costs } from '@downhill/cost';
import { activations, initializers } from '@downhill/network';
import { optimizers } from '@downhill/optim';
import { DownhillError } from './errors.js';

/** Bounds no run needs to pass: each keeps a typo (or a crafted file) from asking for gigabytes or hours. */
export const settingLimits = {
  /** Neurons in one layer. */
  units: 100_000,
  /** Layers, input included. */
  layers: 100,
  /** Examples per mini-batch. */
  batch: 1_000_000,
  /** Epochs in a run. */
  epochs: 100_000,
  /** Seeds are 32-bit: the generator's seed space, so no two seeds give the same run. */
  seed: 2 ** 32 - 1,
  /** Examples taken from a data set (`--limit`). */
  examples: 1_000_000_000,
} as const;

/** A setting that is not what it should be. `message` is `${setting}: expected …, found …`. */
export class SettingError extends DownhillError {
  override readonly code = 'SETTING';
  override name = 'SettingError';
  constructor(
    /** The setting as the caller names it: `--batch`, `settings.batch`, 'batch size'. */
    readonly setting: string,
    /** What it should be. */
    readonly expected: string,
    /** What it was, shown briefly (`showValue`). */
    readonly found: string,
  ) {
    super(`${setting}: expected ${expected}, found ${found}`);
  }
}

/** A value as a message shows it: short, on one line, control characters escaped (it may come from a file). */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A limit as a reader wants to see it: 100,000 rather than 1e5; 2³² − 1 as 4,294,967,295. */
const show = (n: number): string => n.toLocaleString('en-US');

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a person typed, read strictly: decimal digits with an optional
 * point and exponent. '' is not 0, '0x10' is not 16, '3,0' is not 30 (nor 3).
 * NaN for anything else.
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

type Check<T> = (value: unknown, setting: string) => T;

function wholeNumber(min: number, max: number): Check<number> {
  return (value, setting) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SettingError(setting, `a whole number from ${show(min)} to ${show(max)}`, showValue(value));
    }
    return value;
  };
}

function oneOf<T extends string>(names: () => readonly T[]): Check<T> {
  return (value, setting) => {
    const valid = names();
    if (typeof value !== 'string' || !valid.includes(value as T)) throw new SettingError(setting, `one of ${valid.join(', ')}`, showValue(value));
    return value as T;
  };
}

const hiddenActivations = () => [...activations.values()].filter((a) => a.elementwise).map((a) => a.name);

/** Each setting's check. Every check takes any value (from JSON, say) and returns it typed, or throws a SettingError. */
export const checkSetting = {
  /** Layer sizes, input first: 2 to 100 of them, each 1 to 100,000. */
  layers: ((value, setting) => {
    const { units, layers } = settingLimits;
    const ok =
      Array.isArray(value) &&
      value.length >= 2 &&
      value.length <= layers &&
      value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= units);
    if (!ok) {
      throw new SettingError(setting, `layer sizes like 784,16,16,10 (input first, 2 to ${layers} sizes, each 1 to ${show(units)})`, showValue(value));
    }
    return [...(value as number[])];
  }) as Check<number[]>,
  /** A hidden layers' activation: an elementwise one. */
  activation: oneOf(hiddenActivations),
  /** The output layer's activation: any registered one. */
  output: oneOf(() => [...activations.keys()]),
  /** A registered cost's name. */
  cost: oneOf(() => [...new Set([...costs.values()].map((c) => c.name))]),
  /** A registered initializer's name. */
  init: oneOf(() => [...initializers.keys()]),
  /** A registered optimizer's name. */
  optimizer: oneOf(() => [...optimizers.keys()]),
  /** A finite number above 0. */
  learningRate: ((value, setting) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new SettingError(setting, 'a number above 0 (with η = 0 nothing moves)', showValue(value));
    }
    return value;
  }) as Check<number>,
  /** A whole number from 1 to 1,000,000. */
  batch: wholeNumber(1, settingLimits.batch),
  /** A whole number from 1 to 100,000. */
  epochs: wholeNumber(1, settingLimits.epochs),
  /** A whole number from 0 to 2³² − 1. */
  seed: wholeNumber(0, settingLimits.seed),
  /** The first averaged epoch: a whole number from 1. */
  averageFrom: wholeNumber(1, settingLimits.epochs),
  /** Examples taken from a data set: a whole number from 1. */
  limit: wholeNumber(1, settingLimits.examples),
  /** 'constant' or 'cosine'. */
  schedule: oneOf(() => ['constant', 'cosine'] as const),
} as const;

/** The name of each setting `checkSetting` checks. */
export type SettingName = keyof typeof checkSetting;

/** The setting a check gives back. */
export type SettingValue<K extends SettingName> = ReturnType<(typeof checkSetting)[K]>;

/**
 * Only the known settings of `raw` (an object parsed from a file, say), each
 * checked; everything else in it is ignored. `label(key)` names a setting in
 * messages, e.g. `model.safetensors: settings.batch`.
 */
export function pickSettings<K extends SettingName>(raw: unknown, keys: readonly K[], label: (key: K) => string): { [P in K]?: SettingValue<P> } {
  const picked: { [P in K]?: SettingValue<P> } = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return picked;
  for (const key of keys) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    picked[key] = checkSetting[key](value, label(key)) as SettingValue<K>;
  }
  return picked;
}
