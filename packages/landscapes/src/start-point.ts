import { describeFunction, formatValue, formatPoint } from './format.js';
import { rawValue } from './raw-value.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

/**
 * Throws a LandscapeError unless `start` is a point of the landscape where f and
 * its gradient are real numbers (sqrt(x) at x = -1 is not): descent has to start somewhere real.
 */
export function checkStart(landscape: Landscape, start: ArrayLike<number>): void {
  const { dimension, variables } = landscape;
  if (start == null || typeof start.length !== 'number' || start.length !== dimension) {
    const found = start == null || typeof start.length !== 'number' ? String(start) : `${start.length} numbers`;
    throw new LandscapeError(
      'bad-argument',
      `start point: expected ${dimension} number${dimension === 1 ? '' : 's'} (${variables.join(', ')}) for ${describeFunction(landscape)}, found ${found}`,
    );
  }
  for (let i = 0; i < dimension; i++) {
    if (typeof start[i] !== 'number' || !Number.isFinite(start[i])) {
      throw new LandscapeError('bad-argument', `start point: expected a finite number for ${variables[i]}, found ${String(start[i])}`);
    }
  }
  const value = landscape.value(start);
  if (!Number.isFinite(value)) {
    throw new LandscapeError(
      'not-real',
      `${describeFunction(landscape)} is not a real number at the start point ${formatPoint(variables, start)}: it is ${describeRaw(rawValue(landscape, start))}`,
    );
  }
  const gradient = new Float64Array(dimension);
  landscape.gradient(start, gradient);
  const bad = gradient.findIndex((g) => !Number.isFinite(g));
  if (bad >= 0) {
    throw new LandscapeError(
      'not-real',
      `the gradient of ${describeFunction(landscape)} is not a real number at the start point ${formatPoint(variables, start)}: ∂f/∂${variables[bad]} is ${formatValue(gradient[bad])}`,
    );
  }
}

function describeRaw(raw: unknown): string {
  // A mathjs Complex (from a typed formula), told apart without loading mathjs.
  if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'Complex') return `the complex number ${String(raw)}`;
  if (typeof raw === 'number') return formatValue(raw);
  if (raw instanceof Error) return `undefined (${raw.message.split('\n')[0]})`;
  return String(raw);
}
