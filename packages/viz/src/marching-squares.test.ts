import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VizInputError } from './errors.js';
import { marchingSquares } from './marching-squares.js';

function sample(nx: number, ny: number, f: (i: number, j: number) => number): Float64Array {
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(i, j);
  return values;
}

describe('marchingSquares', () => {
  it('traces a circle as one closed polyline of points at the right radius', () => {
    const n = 41; // grid indices 0..40, centre 20
    const values = sample(n, n, (i, j) => (i - 20) ** 2 + (j - 20) ** 2);
    const lines = marchingSquares(values, n, n, 100);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line[0]).toEqual(line[line.length - 1]);
    expect(line.length).toBeGreaterThan(40);
    for (const [x, y] of line) expect(Math.abs(Math.hypot(x - 20, y - 20) - 10)).toBeLessThan(0.05);
  });

  it('finds points exactly on the level set of a plane (linear interpolation is exact there)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (a, b, u) => {
          fc.pre(Math.abs(a) + Math.abs(b) > 0.01);
          const f = (i: number, j: number) => a * i + b * j;
          const values = sample(9, 7, f);
          let lo = Infinity,
            hi = -Infinity;
          for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
          const level = lo + (hi - lo) * u;
          const lines = marchingSquares(values, 9, 7, level);
          // A plane's level set is one straight segment across the grid: one open line.
          return (
            lines.length === 1 &&
            lines[0].every(([x, y]) => Math.abs(f(x, y) - level) < 1e-9 * (1 + Math.abs(level))) &&
            lines[0].every(([x, y]) => x >= 0 && x <= 8 && y >= 0 && y <= 6)
          );
        },
      ),
    );
  });

  it('ends open contours on the grid border', () => {
    const values = sample(5, 5, (i) => i);
    const [line] = marchingSquares(values, 5, 5, 2.5);
    expect(line).toHaveLength(5);
    expect(line.map((p) => p[0])).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(line.map((p) => p[1]).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('separates the two sides of a saddle by the cell centre', () => {
    // Corners: high at (0,0) and (1,1), low at (1,0) and (0,1).
    const saddle = new Float64Array([1, 0, 0, 1]);
    expect(marchingSquares(saddle, 2, 2, 0.5)).toHaveLength(2);
    expect(marchingSquares(saddle, 2, 2, 0.4)).toHaveLength(2);
  });

  it('returns nothing when the level is outside the values, and skips non-finite cells', () => {
    const values = sample(4, 4, (i, j) => i + j);
    expect(marchingSquares(values, 4, 4, 100)).toEqual([]);
    values[5] = Number.NaN;
    const lines = marchingSquares(values, 4, 4, 3);
    for (const line of lines) for (const p of line) expect(p.every(Number.isFinite)).toBe(true);
  });

  it('rejects a grid whose size does not match its values', () => {
    expect(() => marchingSquares(new Float64Array(5), 2, 2, 0)).toThrow(VizInputError);
    expect(() => marchingSquares(new Float64Array(1), 1, 1, 0)).toThrow(/nx, ny ≥ 2/);
  });
});
