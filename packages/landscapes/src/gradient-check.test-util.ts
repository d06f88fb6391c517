// For the tests only (not exported from the package): the finite-difference check.
import { expect } from 'vitest';
import type { Landscape } from './landscape.js';

/** ∇f by central differences in float64: (f(p + h e_i) − f(p − h e_i)) / 2h. */
export function centralDifference(landscape: Landscape, p: number[], h = 1e-5): number[] {
  return p.map((_, i) => {
    const step = h * Math.max(1, Math.abs(p[i]));
    const plus = [...p];
    const minus = [...p];
    plus[i] += step;
    minus[i] -= step;
    return (landscape.value(plus) - landscape.value(minus)) / (2 * step);
  });
}

export function gradientAt(landscape: Landscape, p: number[]): number[] {
  const out = new Float64Array(landscape.dimension);
  landscape.gradient(p, out);
  return Array.from(out);
}

/** The symbolic gradient agrees with central differences to 1e-6, relative to the gradient's size. */
export function expectGradientMatchesDifferences(landscape: Landscape, p: number[]): void {
  const symbolic = gradientAt(landscape, p);
  const numeric = centralDifference(landscape, p);
  const scale = 1 + Math.max(...numeric.map(Math.abs));
  for (let i = 0; i < p.length; i++) {
    expect(Number.isFinite(symbolic[i]), `∂f/∂${landscape.variables[i]} at (${p.join(', ')})`).toBe(true);
    expect(Math.abs(symbolic[i] - numeric[i]) / scale, `∂f/∂${landscape.variables[i]} at (${p.join(', ')})`).toBeLessThan(1e-6);
  }
}
