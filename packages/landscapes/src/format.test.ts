import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCall, formatValue, formatPoint } from './format.js';

describe('formatValue', () => {
  it('writes numbers as a person would', () => {
    expect([0, 2.5, -1e6, 1e12, -1e18, 0.0001, 0.00001, 123456789, 1 / 3, Number.NaN, -Infinity].map(formatValue)).toEqual([
      '0',
      '2.5',
      '-1e6',
      '1e12',
      '-1e18',
      '0.0001',
      '1e-5',
      '1.235e8',
      '0.333333',
      'NaN',
      '-Infinity',
    ]);
  });

  it('stays within 0.1% of the number (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const back = Number(formatValue(v));
        expect(Math.abs(back - v)).toBeLessThanOrEqual(1e-3 * Math.abs(v));
      }),
    );
  });
});

describe('points', () => {
  it('formats calls and points in 1-D and 2-D', () => {
    expect(formatCall([0, -1e6])).toBe('f(0, -1e6)');
    expect(formatPoint(['w'], [4])).toBe('w = 4');
    expect(formatPoint(['x', 'y'], [-1, 0.5])).toBe('(x, y) = (-1, 0.5)');
  });
});
