import { describe, expect, it } from 'vitest';
import { landscapeFromText } from './from-text.js';
import { LandscapeError } from './landscape-error.js';
import { sampleGrid } from './sample-grid.js';
import { bowl, parabola } from './surfaces.js';

describe('sampleGrid', () => {
  it('samples f row by row along y, ends included', () => {
    const landscape = landscapeFromText('x + 10 y');
    const grid = sampleGrid(landscape, { xRange: [0, 2], yRange: [-1, 1], nx: 3, ny: 5 });
    expect(Array.from(grid.xs)).toEqual([0, 1, 2]);
    expect(Array.from(grid.ys)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(grid.values).toHaveLength(15);
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 3; i++) expect(grid.values[j * 3 + i]).toBe(grid.xs[i] + 10 * grid.ys[j]);
    }
  });

  it("defaults to the landscape's plotting window and 101 samples a side", () => {
    const grid = sampleGrid(bowl);
    expect(grid.xs[0]).toBe(-5);
    expect(grid.xs[100]).toBe(5);
    expect(grid.ys[0]).toBe(-3);
    expect(grid.ys[100]).toBe(3);
    expect(grid.values[50 * 101 + 50]).toBe(0);
  });

  it('samples a 1-D landscape as a curve', () => {
    const grid = sampleGrid(parabola, { nx: 7 });
    expect(Array.from(grid.xs)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(grid.ys).toHaveLength(0);
    expect(Array.from(grid.values)).toEqual([9, 4, 1, 0, 1, 4, 9]);
  });

  it('leaves NaN where f is not real', () => {
    const grid = sampleGrid(landscapeFromText('sqrt(x) + y'), { xRange: [-1, 1], yRange: [0, 1], nx: 3, ny: 2 });
    expect(Array.from(grid.values)).toEqual([Number.NaN, 0, 1, Number.NaN, 1, 2]);
  });

  it('refuses a bad window or sample count', () => {
    const typed = landscapeFromText('x * y');
    expect(() => sampleGrid(typed)).toThrow(
      new LandscapeError('bad-argument', 'xRange: expected [min, max] (the landscape has no domain to default to), found undefined'),
    );
    expect(() => sampleGrid(bowl, { xRange: [1, 1] })).toThrow('xRange: expected finite [min, max] with min < max, found [1, 1]');
    expect(() => sampleGrid(bowl, { ny: 1 })).toThrow('ny: expected a whole number ≥ 2, found 1');
  });
});
