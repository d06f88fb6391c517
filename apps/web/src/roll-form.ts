// The "Roll downhill" form: which landscape, where the ball starts, how many
// steps and which optimizers race, checked and turned into a race to run.
import { checkBoundedBelow, checkStart, defaultRunners, type Landscape, LandscapeError, parseRunners, type Runner, surfaces } from '@downhill/landscapes';
import type { Choice } from './settings.js';

import { parseDecimal } from '@downhill/train';

export { defaultStart, defaultSteps } from '@downhill/landscapes';

/** The menu's value for "the function typed in the formula field". */
export const TYPED = 'typed';
/** More steps than this and a sweep of learning rates would hold up the page. */
export const MAX_STEPS = 5000;

export interface RollFields {
  /** A built-in surface's name, or TYPED. */
  readonly surface: string;
  readonly formula: string;
  /** `x, y` or `w`. */
  readonly start: string;
  readonly steps: string;
  /** The ticked optimizers, each with its learning rate as typed (empty: the best of a sweep). */
  readonly racers: readonly { readonly name: string; readonly learningRate: string }[];
}

export interface Roll {
  readonly landscape: Landscape;
  readonly start: number[];
  readonly steps: number;
  readonly runners: Runner[];
  /** Why the landscape has no minimum, when it has none: the race still runs, and the page says so. */
  readonly noMinimum?: string;
}

export type ParsedRoll = { ok: true; roll: Roll } | { ok: false; problem: string };

/** The built-in surfaces, then "type your own". */
export function surfaceChoices(): Choice[] {
  const builtIns = [...surfaces.values()].map((s) => ({
    value: s.name,
    label: s.name === 'parabola' ? "parabola (the lesson's)" : s.name,
    ...(s.summary !== undefined ? { summary: s.summary } : {}),
  }));
  return [...builtIns, { value: TYPED, label: 'your own function…', summary: 'Type f(w) of one variable, or f(x, y).' }];
}

/**
 * Reads a typed function (`getLandscape` of `@downhill/landscapes/text`, which
 * brings mathjs: the page loads it only once a function is typed).
 */
export type FormulaReader = (text: string) => Landscape;

/** The form needs the formula reader: a typed function, not a built-in from the menu. */
export function needsReader(fields: Pick<RollFields, 'surface'>): boolean {
  return !surfaces.has(fields.surface);
}

/** The landscape the fields name: a built-in from the menu, else the typed function (a LandscapeError if it does not read). */
export function landscapeOf(fields: Pick<RollFields, 'surface' | 'formula'>, read?: FormulaReader): Landscape {
  const builtIn = surfaces.get(fields.surface);
  if (builtIn) return builtIn;
  if (!read) throw new LandscapeError('bad-argument', 'the typed function cannot be read yet (its reader is still loading)');
  return read(fields.formula);
}

/** The optimizers ticked at first: one ball on a curve, three racing on a surface (as `downhill viz landscape`). */
export function defaultRacers(landscape: Landscape): string[] {
  return defaultRunners(landscape).map((r) => r.optimizer);
}

/** A point as the start field shows it: `-1.2, 1`. */
export function formatStart(point: readonly number[]): string {
  return point.map(String).join(', ');
}

/** `w`, `(w)`, `x, y`, `(x, y)` or `x y` as numbers, read strictly (no hex, no decimal commas); undefined if any is not one. */
export function parsePoint(text: string): number[] | undefined {
  const parts = text
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .split(/[\s,;]+/)
    .filter((s) => s !== '');
  const numbers = parts.map(parseDecimal);
  return parts.length > 0 && numbers.every(Number.isFinite) ? numbers : undefined;
}

/** The racers as the CLI's --race takes them, `sgd,momentum:0.001,adam`, for the address. */
export function formatRacers(racers: RollFields['racers']): string {
  return racers.map((r) => (r.learningRate.trim() === '' ? r.name : `${r.name}:${r.learningRate.trim()}`)).join(',');
}

/** `sgd,momentum:0.001,adam` back into ticked names and typed rates (names checked later, as typed ones are). */
export function readRacers(text: string): RollFields['racers'] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0 ? { name: entry, learningRate: '' } : { name: entry.slice(0, colon), learningRate: entry.slice(colon + 1) };
    });
}

/** The fields as a race, or the first problem found, in one line naming the field. */
export function parseRoll(fields: RollFields, read?: FormulaReader): ParsedRoll {
  let landscape: Landscape;
  try {
    landscape = landscapeOf(fields, read);
  } catch (error) {
    return { ok: false, problem: error instanceof LandscapeError ? error.message : String(error) };
  }
  const { dimension, variables } = landscape;
  const f = `f(${variables.join(', ')}) = ${landscape.expression}`;

  const start = parsePoint(fields.start);
  if (start === undefined || start.length !== dimension) {
    const expected = dimension === 1 ? `one number (${variables[0]})` : `two numbers ${variables.join(', ')}`;
    return { ok: false, problem: `start: expected ${expected} for ${f}, found '${fields.start.trim()}'` };
  }
  try {
    checkStart(landscape, start);
  } catch (error) {
    if (error instanceof LandscapeError) return { ok: false, problem: error.message };
    throw error;
  }

  const steps = parseDecimal(fields.steps);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    return { ok: false, problem: `steps: expected a whole number from 1 to ${MAX_STEPS.toLocaleString('en-US')}, found '${fields.steps.trim()}'` };
  }

  if (fields.racers.length === 0) return { ok: false, problem: 'optimizers: tick at least one to roll the ball' };
  if (dimension === 1 && fields.racers.length > 1) {
    const names = fields.racers.map((r) => r.name).join(', ');
    return { ok: false, problem: `optimizers: a curve shows one ball: tick one optimizer, found ${fields.racers.length} (${names})` };
  }
  const runners: Runner[] = [];
  for (const { name, learningRate: text } of fields.racers) {
    // The same reading of `name:rate` as the CLI's --race (decimal numbers only).
    try {
      runners.push(...parseRunners(text.trim() === '' ? name : `${name}:${text.trim()}`));
    } catch (error) {
      if (!(error instanceof LandscapeError)) throw error;
      return { ok: false, problem: `${name}: expected a learning rate above 0 (or nothing, for the best of a sweep), found '${text.trim()}'` };
    }
  }

  const noMinimum = checkBoundedBelow(landscape);
  return { ok: true, roll: { landscape, start, steps, runners, ...(noMinimum !== undefined ? { noMinimum } : {}) } };
}
