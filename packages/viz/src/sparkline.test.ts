import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.js';

const LEVELS = '▁▂▃▄▅▆▇█';

describe('sparkline', () => {
  it('draws an increasing series with increasing blocks, lowest to highest', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([8, 1])).toBe('█▁');
  });

  it('never goes down where the series goes up (any increasing series)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 80 }), (raw) => {
        const values = [...new Set(raw)].sort((a, b) => a - b);
        fc.pre(values.length >= 2);
        const levels = [...sparkline(values)].map((c) => LEVELS.indexOf(c));
        return levels.every((l, i) => i === 0 || l >= levels[i - 1]) && levels[0] === 0 && levels.at(-1) === 7;
      }),
    );
  });

  it('has one character per value, a space for non-finite ones and ▄ for a flat series', () => {
    expect(sparkline([1, Number.NaN, 3])).toBe('▁ █');
    expect(sparkline([2, 2, 2])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
    expect([...sparkline(Float32Array.from({ length: 50 }, Math.random))]).toHaveLength(50);
  });
});
