import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blues, categorical, DIVERGING_NEGATIVE, DIVERGING_POSITIVE, diverging, palette, rgbToHex, sequential, writeDiverging } from './colormaps.js';

describe('diverging', () => {
  it('is white exactly at 0, blue at −1 and red at +1', () => {
    expect(diverging(0)).toEqual([255, 255, 255]);
    expect(diverging(-1)).toEqual([...DIVERGING_NEGATIVE]);
    expect(diverging(1)).toEqual([...DIVERGING_POSITIVE]);
    expect(rgbToHex(DIVERGING_NEGATIVE)).toBe('#2166ac');
    expect(rgbToHex(DIVERGING_POSITIVE)).toBe('#b2182b');
  });

  it('clamps outside [−1, 1] and shows NaN as grey', () => {
    expect(diverging(-7)).toEqual(diverging(-1));
    expect(diverging(3)).toEqual(diverging(1));
    expect(diverging(Number.NaN)).toEqual([128, 128, 128]);
  });

  it('is blue-ish below 0 and red-ish above', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), (t) => {
        const [r1, , b1] = diverging(t);
        const [r2, , b2] = diverging(-t);
        return r1 > b1 && b2 > r2;
      }),
    );
  });

  it('moves away from white as |t| grows', () => {
    const ink = ([r, g, b]: number[]) => 765 - r - g - b;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return ink(diverging(hi)) >= ink(diverging(lo)) && ink(diverging(-hi)) >= ink(diverging(-lo));
      }),
    );
  });

  it('writes the same colour into a pixel buffer without allocating a tuple', () => {
    const pixels = new Uint8ClampedArray(8);
    writeDiverging(0.3, pixels, 4);
    expect([...pixels.subarray(4, 7)]).toEqual(diverging(0.3));
    expect([...pixels.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });
});

describe('sequential and blues', () => {
  it('runs viridis from dark purple to yellow', () => {
    expect(sequential(0)).toEqual([68, 1, 84]);
    expect(sequential(1)).toEqual([253, 231, 37]);
    expect(sequential(-1)).toEqual(sequential(0));
  });

  it('gets lighter as t grows (so low reads dark)', () => {
    const light = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    for (let k = 0; k < 20; k++) expect(light(sequential((k + 1) / 20))).toBeGreaterThan(light(sequential(k / 20)));
  });

  it('starts blues at white', () => {
    expect(blues(0)).toEqual([255, 255, 255]);
    expect(blues(1)).toEqual([8, 48, 107]);
  });
});

describe('palette', () => {
  it('holds ten distinct hex colours and cycles after them', () => {
    expect(palette).toHaveLength(10);
    expect(new Set(palette).size).toBe(10);
    for (const c of palette) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(categorical(10)).toBe(palette[0]);
    expect(categorical(-1)).toBe(palette[9]);
  });
});
