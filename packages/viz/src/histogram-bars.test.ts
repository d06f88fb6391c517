import { describe, expect, it } from 'vitest';
import { VizInputError } from './errors.js';
import { histogramBars } from './histogram-bars.js';

describe('histogramBars', () => {
  it('draws one line per bin with a bar proportional to its count', () => {
    const lines = histogramBars([10, 5, 0, 2.5], ['a', 'bb', 'c', 'd'], { width: 8 }).split('\n');
    expect(lines).toEqual(['a  │████████ 10', 'bb │████ 5', 'c  │ 0', 'd  │██ 2.5']);
  });

  it('draws fractions of a character with eighth blocks', () => {
    const [, line] = histogramBars([8, 1], ['x', 'y'], { width: 2 }).split('\n');
    expect(line).toBe('y │▎ 1');
  });

  it('needs one label per count and non-negative counts', () => {
    expect(() => histogramBars([1, 2], ['a'])).toThrow(VizInputError);
    expect(() => histogramBars([1, 2], ['a'])).toThrow('histogramBars: expected one label per count (2), found array of length 1');
    expect(() => histogramBars([1, -2], ['a', 'b'])).toThrow(/non-negative finite count at 1, found -2/);
  });
});
