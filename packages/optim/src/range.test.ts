import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange } from './range.js';

describe('parseRange', () => {
  it('reads the four kinds of interval, with infinite ends', () => {
    const r = (text: string, x: number) => parseRange(text)!.contains(x);
    expect([r('[0, 1)', 0), r('[0, 1)', 1), r('(0, 1]', 0), r('(0, 1]', 1)]).toEqual([true, false, false, true]);
    expect([r('[0, 1]', 1), r('(0, 1)', 0.5), r('(0, inf)', 1e300), r('(-inf, 0]', -1e300)]).toEqual([true, true, true, true]);
    expect(r('(0, ∞)', 0)).toBe(false);
    expect(r('[1e-3, 2.5E1]', 25)).toBe(true);
  });

  it('reads sets', () => {
    expect(parseRange('{0, 1}')!.contains(1)).toBe(true);
    expect(parseRange('{0, 1}')!.contains(0.5)).toBe(false);
    expect(parseRange('{0, 1}')!.text).toBe('{0, 1}');
  });

  it('returns undefined for anything else', () => {
    for (const bad of ['', '0..1', '[1, 0]', '[0, 1', '{a, 1}', '[inf, 1]', '(0, 1)x']) expect(parseRange(bad)).toBeUndefined();
  });

  it('agrees with the inequalities it writes, for any bounds and point', () => {
    const n = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(n, n, n, fc.boolean(), fc.boolean(), (a, b, x, closedLow, closedHigh) => {
        fc.pre(a < b);
        const range = parseRange(`${closedLow ? '[' : '('}${a}, ${b}${closedHigh ? ']' : ')'}`)!;
        return range.contains(x) === ((closedLow ? x >= a : x > a) && (closedHigh ? x <= b : x < b));
      }),
    );
  });
});
