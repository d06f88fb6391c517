import { describe, expect, it } from 'vitest';
import { landscapeFromText } from './from-text.js';
import { LandscapeError } from './landscape-error.js';
import { nearestMinimum } from './nearest-minimum.js';
import { himmelblau, parabola, rosenbrock, saddle } from './surfaces.js';

describe('nearestMinimum', () => {
  it("picks the closest of Himmelblau's four minima, with its distance", () => {
    const [a, b, c, d] = himmelblau.minima!;
    expect(nearestMinimum(himmelblau, [3, 2.5])).toEqual({ minimum: a, distance: 0.5 });
    expect(nearestMinimum(himmelblau, [6, 6])).toEqual({ minimum: a, distance: 5 }); // a 3-4-5 triangle; the others are farther
    expect(nearestMinimum(himmelblau, [-2.5, 3])?.minimum).toBe(b);
    expect(nearestMinimum(himmelblau, [-4, -4])?.minimum).toBe(c);
    expect(nearestMinimum(himmelblau, [3.5, -2])?.minimum).toBe(d);
    // On a minimum, the distance is 0.
    expect(nearestMinimum(himmelblau, d!)).toEqual({ minimum: d, distance: 0 });
  });

  it('measures in one dimension too', () => {
    expect(nearestMinimum(parabola, [4])).toEqual({ minimum: [2], distance: 2 });
    expect(nearestMinimum(parabola, Float32Array.of(1.5))).toEqual({ minimum: [2], distance: 0.5 });
  });

  it('gives ties to the minimum listed first', () => {
    const twin = {
      ...rosenbrock,
      minima: [
        [1, 0],
        [-1, 0],
      ],
    };
    expect(nearestMinimum(twin, [0, 5])?.minimum).toEqual([1, 0]);
  });

  it('is undefined for a landscape without known minima', () => {
    expect(saddle.minima ?? []).toHaveLength(0);
    expect(nearestMinimum(saddle, [1, 1])).toBeUndefined();
    expect(nearestMinimum(landscapeFromText('x^2 + 3 y^2'), [1, 1])).toBeUndefined();
    expect(nearestMinimum({ ...rosenbrock, minima: [] }, [0, 0])).toBeUndefined();
  });

  it('rejects a point of the wrong size or with non-finite coordinates, saying what it found', () => {
    expect(() => nearestMinimum(himmelblau, [1])).toThrow(LandscapeError);
    expect(() => nearestMinimum(himmelblau, [1])).toThrow('point: expected 2 finite numbers (x, y), found 1 number');
    expect(() => nearestMinimum(himmelblau, [1, Number.NaN])).toThrow('point: expected 2 finite numbers (x, y), found (x, y) = (1, NaN)');
    expect(() => nearestMinimum(parabola, [Number.POSITIVE_INFINITY])).toThrow('point: expected 1 finite number (w), found w = Infinity');
  });
});
