import { describe, expect, it } from 'vitest';
import { VizInputError } from './errors.js';
import { histogram01, maskedMaxAbs, maskedNorm, neighborCorrelation } from './measure.js';

/** A side × side tile with value f(x, y) at each pixel. */
function tile(side: number, f: (x: number, y: number) => number): number[] {
  return Array.from({ length: side * side }, (_, p) => f(p % side, Math.floor(p / side)));
}

/** Seeded uniform numbers in [-1, 1) (Park–Miller), so the test is the same every run. */
function noise(n: number, seed = 7): number[] {
  return Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

describe('neighborCorrelation', () => {
  it('is 1 for a smooth ramp, −1 for a checkerboard and 0 for a flat tile', () => {
    expect(
      neighborCorrelation(
        tile(6, (x, y) => x + y),
        1,
        6,
      ),
    ).toBeCloseTo(1, 12);
    expect(
      neighborCorrelation(
        tile(6, (x, y) => ((x + y) % 2 === 0 ? 1 : -1)),
        1,
        6,
      ),
    ).toBeCloseTo(-1, 12);
    expect(
      neighborCorrelation(
        tile(6, () => 0.3),
        1,
        6,
      ),
    ).toBe(0);
  });

  it('is near 0 for independent random weights', () => {
    const r = neighborCorrelation(noise(16 * 784), 16, 28);
    expect(Math.abs(r)).toBeLessThan(0.05);
  });

  it('averages over the tiles', () => {
    const ramp = tile(4, (x, y) => x + y),
      checkerboard = tile(4, (x, y) => (x + y) % 2);
    expect(neighborCorrelation([...ramp, ...checkerboard], 2, 4)).toBeCloseTo(0, 12);
    expect(neighborCorrelation([...ramp, ...ramp], 2, 4)).toBeCloseTo(neighborCorrelation(ramp, 1, 4), 12);
  });

  it('measures only pairs whose pixels are both kept', () => {
    // A ramp in the left half and noise in the right: smooth where kept.
    const side = 8;
    const random = noise(side * side);
    const values = tile(side, (x, y) => (x < 4 ? x + y : 10 * random[y * side + x]!));
    const left = Uint8Array.from(tile(side, (x) => (x < 4 ? 1 : 0)));
    expect(neighborCorrelation(values, 1, side, left)).toBeCloseTo(1, 12);
    expect(neighborCorrelation(values, 1, side)).toBeLessThan(0.9);
    // No kept pair: nothing to correlate, counted as 0 rather than NaN.
    expect(neighborCorrelation(values, 1, side, new Uint8Array(side * side))).toBe(0);
  });

  it('refuses sizes that do not fit the values', () => {
    expect(neighborCorrelation(new Float32Array(50), 2, 5)).toBe(0); // fits: two flat tiles
    expect(() => neighborCorrelation(new Float32Array(49), 2, 5)).toThrow(VizInputError);
    expect(() => neighborCorrelation(new Float32Array(49), 2, 5)).toThrow(
      'neighborCorrelation: expected 2 tiles × 25 values = 50 values, found Float32Array of length 49',
    );
    expect(() => neighborCorrelation(new Float32Array(50), 2, 2.5)).toThrow(
      'neighborCorrelation: expected side as a positive integer (tiles are side × side), found 2.5',
    );
    expect(() => neighborCorrelation(new Float32Array(50), 2, 5, new Uint8Array(24))).toThrow(
      'neighborCorrelation: expected a keep mask of 25 entries, one per pixel of a tile, found Uint8Array of length 24',
    );
  });
});

describe('maskedNorm', () => {
  it('is the Euclidean norm of every tile together, or of the kept pixels only', () => {
    expect(maskedNorm([3, 4], 1, 2)).toBe(5);
    expect(maskedNorm([3, 100, 4, -100], 2, 2, Uint8Array.of(1, 0))).toBe(5);
    expect(maskedNorm([1, 2, 2, 0, 0, 0], 2, 3)).toBe(3);
    expect(maskedNorm([3, 4], 1, 2, Uint8Array.of(0, 0))).toBe(0);
  });

  it('refuses values that are not tiles × size', () => {
    expect(() => maskedNorm([1, 2, 3], 2, 2)).toThrow('maskedNorm: expected 2 tiles × 2 values = 4 values, found array of length 3');
    expect(() => maskedNorm([1, 2], 0, 2)).toThrow('maskedNorm: expected tiles as a positive integer, found 0');
  });
});

describe('maskedMaxAbs', () => {
  it('is the largest |x| over the kept pixels of every tile', () => {
    expect(maskedMaxAbs([-7, 20, 1, -30], 2, 2, Uint8Array.of(1, 0))).toBe(7);
    expect(maskedMaxAbs([-7, 20, 1, -30], 2, 2)).toBe(30);
    expect(maskedMaxAbs([-7, 20], 1, 2, Uint8Array.of(0, 0))).toBe(0);
  });

  it('refuses a mask of the wrong size', () => {
    expect(() => maskedMaxAbs([1, 2, 3, 4], 2, 2, Uint8Array.of(1))).toThrow(
      'maskedMaxAbs: expected a keep mask of 2 entries, one per pixel of a tile, found Uint8Array of length 1',
    );
  });
});

describe('histogram01', () => {
  it('counts values into equal bins over [0, 1], 1 itself in the last', () => {
    expect(histogram01([0, 0.05, 0.1, 0.5, 0.99, 1], 10)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(histogram01(Float32Array.of(0.2, 0.7, 0.75), 2)).toEqual([1, 2]);
    expect(histogram01([], 3)).toEqual([0, 0, 0]);
  });

  it('counts values outside [0, 1] in the end bins, so none is lost', () => {
    const counts = histogram01([-0.5, 1.5, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0.5], 4);
    expect(counts).toEqual([2, 0, 1, 2]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('refuses NaN and a bad bin count', () => {
    expect(() => histogram01([0.1, Number.NaN], 10)).toThrow(VizInputError);
    expect(() => histogram01([0.1, Number.NaN], 10)).toThrow('histogram01: expected numbers to count, found NaN at index 1');
    expect(() => histogram01([0.1], 0)).toThrow('histogram01: expected bins as a positive integer, found 0');
  });
});
