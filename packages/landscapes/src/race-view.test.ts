import { describe, expect, it } from 'vitest';
import type { DescentPath } from './descend.js';
import { landscapeFromText } from './from-text.js';
import { raceRange, wantsLogColor } from './race-view.js';
import { sampleGrid } from './sample-grid.js';
import { bowl, rosenbrock } from './surfaces.js';

const path = (points: number[][], diverged = false): DescentPath => ({
  points,
  values: points.map(() => 0),
  final: { point: points.at(-1)!, value: 0 },
  diverged,
});

describe('raceRange', () => {
  it("is a built-in surface's own domain, whatever the paths", () => {
    expect(raceRange(rosenbrock, [path([[10, 10]])], [-1.2, 1], 0)).toEqual([-2, 2]);
    expect(raceRange(rosenbrock, [], [-1.2, 1], 1)).toEqual([-1, 3]);
  });

  it('covers the start and the paths of a typed function, padded by a quarter (at least 1), leaving diverged runs out', () => {
    const f = landscapeFromText('x^2 + y^2');
    const paths = [
      path([
        [-4, 2],
        [0, 0],
      ]),
      path(
        [
          [-4, 2],
          [1e9, -1e9],
        ],
        true,
      ),
    ];
    // x from −4 to 0: a quarter of 4 is 1; y from 0 to 2: at least 1.
    expect(raceRange(f, paths, [-4, 2], 0)).toEqual([-5, 1]);
    expect(raceRange(f, paths, [-4, 2], 1)).toEqual([-1, 3]);
    expect(raceRange(f, [], [-4, 2], 0)).toEqual([-5, -3]);
  });

  it('gives a curve room on both sides: padded by its whole span in 1-D', () => {
    const f = landscapeFromText('(w - 2)^2');
    // w from 2.32 to 4: a span of 1.68, padded by 1.68 on each side.
    const [lo, hi] = raceRange(f, [path([[4], [2.8], [2.32]])], [4], 0);
    expect(lo).toBeCloseTo(0.64, 12);
    expect(hi).toBeCloseTo(5.68, 12);
  });
});

describe('wantsLogColor', () => {
  it("is true for Rosenbrock's flat valley floor and false for an even bowl", () => {
    expect(wantsLogColor(sampleGrid(rosenbrock, { nx: 41, ny: 41 }).values)).toBe(true);
    expect(wantsLogColor(sampleGrid(bowl, { nx: 41, ny: 41 }).values)).toBe(false);
  });

  it('is false with fewer than 10 finite values, NaN left out', () => {
    expect(wantsLogColor([0, 0, 0, 0, 0, 0, 0, 0, 100, Number.NaN, Number.NaN])).toBe(false);
    expect(wantsLogColor([0, 0, 0, 0, 0, 0, 0, 0, 0, 100])).toBe(true);
  });
});
