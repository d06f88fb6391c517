import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatPowerOfTen, formatTicks } from './format.js';

describe('formatNumber', () => {
  it('keeps 3 significant digits and drops trailing zeros', () => {
    expect(formatNumber(2.71928)).toBe('2.72');
    expect(formatNumber(0.0012345)).toBe('0.00123');
    expect(formatNumber(12345)).toBe('12300');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(-0.5)).toBe('-0.5');
  });

  it('uses exponent form only for very small or very large numbers', () => {
    expect(formatNumber(0.00012345)).toBe('1.23e-4');
    expect(formatNumber(123456)).toBe('1.23e5');
    expect(formatNumber(99999.7)).toBe('1e5');
    expect(formatNumber(-4e-7)).toBe('-4e-7');
  });

  it('names the special values', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('-∞');
  });

  it('reads back within half a unit of the third significant digit', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
        const back = Number(formatNumber(x));
        if (x === 0) return back === 0;
        return Math.abs(back - x) <= Math.abs(x) * 5e-3 * (1 + 1e-12);
      }),
    );
  });
});

describe('formatTicks', () => {
  it('gives every tick the same number of decimals', () => {
    expect(formatTicks([0, 0.05, 0.1, 0.15], 0.05)).toEqual(['0', '0.05', '0.10', '0.15']);
    expect(formatTicks([0, 200, 400], 200)).toEqual(['0', '200', '400']);
  });

  it('uses exponent form for a whole axis of tiny values', () => {
    expect(formatTicks([0, 2e-5, 4e-5], 2e-5)).toEqual(['0', '2e-5', '4e-5']);
    expect(formatTicks([1e6, 1.5e6, 2e6], 5e5)).toEqual(['1e6', '1.5e6', '2e6']);
  });

  it('never gives two different ticks the same label', () => {
    fc.assert(
      fc.property(fc.integer({ min: -12, max: 12 }), fc.constantFrom(1, 2, 5), fc.integer({ min: -50, max: 50 }), (e, m, k0) => {
        const step = m * 10 ** e;
        const ticks = [k0, k0 + 1, k0 + 2, k0 + 3].map((k) => k * step);
        return new Set(formatTicks(ticks, step)).size === ticks.length;
      }),
    );
  });
});

describe('formatPowerOfTen and formatPercent', () => {
  it('writes decades plainly near 1 and with superscripts far from it', () => {
    expect(formatPowerOfTen(-2)).toBe('0.01');
    expect(formatPowerOfTen(3)).toBe('1000');
    expect(formatPowerOfTen(-6)).toBe('10⁻⁶');
    expect(formatPowerOfTen(12)).toBe('10¹²');
    expect(formatPowerOfTen(1, false)).toBe('10¹');
  });

  it('formats fractions as percentages with one decimal', () => {
    expect(formatPercent(0.9781)).toBe('97.8%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(Number.NaN)).toBe('–');
  });
});
