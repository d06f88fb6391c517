// The race in words a class reads aloud: the line above the picture, and the
// results table beside it, one row per optimizer.
import { formatValue, pythonFixed, type RaceResult } from '@downhill/landscapes';
import type { Roll } from './roll-form.js';

/** What was raced (`rosenbrock: f(x, y) = …, from (-1.2, 1), 500 steps`), or, on a surface with no minimum, why it has none. */
export function describeRoll(roll: Roll): { text: string; warning: boolean } {
  const { landscape, start, steps } = roll;
  if (roll.noMinimum !== undefined) {
    return { text: `${roll.noMinimum}: ${roll.runners.length === 1 ? 'the ball rolls' : 'the balls roll'} on for ever.`, warning: true };
  }
  const f = `f(${landscape.variables.join(', ')}) = ${landscape.expression}`;
  const from = landscape.dimension === 1 ? `${landscape.variables[0]} = ${start[0]}` : `(${start.join(', ')})`;
  return { text: `${landscape.name === landscape.expression ? f : `${landscape.name}: ${f}`}, from ${from}, ${steps} steps`, warning: false };
}

export type Outcome = RaceResult['verdict']['kind'];

export interface ResultRow {
  readonly name: string;
  readonly learningRate: string;
  /** The learning rate is the best of a sweep, not one typed. */
  readonly swept: boolean;
  readonly outcome: Outcome;
  /** The race's verdict in words: `reached the minimum (1, 1) at step 1220`, `diverged at step 3: …`, `still moving after 500 steps`. */
  readonly says: string;
  /** Where the ball ended, to the notebook's 4 decimals: `2.0002` or `(0.9574, 0.9164)`. */
  readonly finalPoint: string;
  readonly finalValue: string;
}

/** A coordinate as the lesson's notebook prints it (`f"{w:.4f}"`), or in exponent form once it has run far away. */
export function formatCoordinate(v: number): string {
  return Math.abs(v) < 1e5 ? pythonFixed(v, 4) : formatValue(v);
}

function formatPoint(point: readonly number[], coordinate: (v: number) => string): string {
  return point.length === 1 ? coordinate(point[0]!) : `(${point.map(coordinate).join(', ')})`;
}

/** One row per runner: its learning rate, its verdict (the same words the CLI prints), where it ended. */
export function resultRows(results: readonly RaceResult[]): ResultRow[] {
  return results.map((r) => ({
    name: r.name,
    learningRate: formatValue(r.learningRate),
    swept: r.swept,
    outcome: r.verdict.kind,
    says: r.says,
    finalPoint: formatPoint(r.path.final.point, formatCoordinate),
    finalValue: formatValue(r.path.final.value),
  }));
}
