import type { Landscape } from './landscape.js';

/** A number as a person would write it: 2.5, -1e6, 1.235e12, 0.0001. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-4) {
    const [mantissa, exponent] = v.toExponential(3).split('e');
    const short = `${String(Number(mantissa))}e${String(Number(exponent))}`;
    // Rounding 1.7976e308 up would print a number that reads back as Infinity.
    return Number.isFinite(Number(short)) ? short : String(v).replace('e+', 'e');
  }
  return String(Number(v.toPrecision(6)));
}

/** `f(x, y)` or `f(w)`. */
export function signature(landscape: Pick<Landscape, 'variables'>): string {
  return `f(${landscape.variables.join(', ')})`;
}

/** `f(x, y) = x^2 + y`. */
export function describeFunction(landscape: Pick<Landscape, 'variables' | 'expression'>): string {
  return `${signature(landscape)} = ${landscape.expression}`;
}

/** `f(0, -1e6)`: the function applied to a point. */
export function formatCall(point: ArrayLike<number>): string {
  return `f(${Array.from(point, formatValue).join(', ')})`;
}

/** `x = -1` or `(x, y) = (-1, 0)`. */
export function formatPoint(variables: string[], point: ArrayLike<number>): string {
  const values = Array.from(point, formatValue);
  return variables.length === 1 ? `${variables[0]} = ${values[0]}` : `(${variables.join(', ')}) = (${values.join(', ')})`;
}
