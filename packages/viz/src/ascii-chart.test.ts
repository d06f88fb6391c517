import { describe, expect, it } from 'vitest';
import { asciiChart } from './ascii-chart.js';
import { VizInputError } from './errors.js';

const loss = Array.from({ length: 200 }, (_, i) => 2.3 * Math.exp(-i / 40) + 0.1);

describe('asciiChart', () => {
  it('has exactly `height` lines, each with a y label and the axis', () => {
    for (const height of [2, 5, 8, 13]) {
      const lines = asciiChart(loss, { height }).split('\n');
      expect(lines).toHaveLength(height);
      for (const line of lines) expect(line).toMatch(/^ *[-0-9.e]+ ┤/);
    }
  });

  it('adds a title line for a label, and labels the top and bottom with the extremes', () => {
    const lines = asciiChart([1, 3, 2], { height: 5, label: 'cost' }).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('cost');
    expect(lines[1].trim().startsWith('3 ┤')).toBe(true);
    expect(lines[5].trim().startsWith('1 ┤')).toBe(true);
  });

  it('averages a long series down to `width` columns', () => {
    const lines = asciiChart(loss, { height: 8, width: 30 }).split('\n');
    const plotWidths = lines.map((l) => l.slice(l.indexOf('┤') + 1).length);
    expect(Math.max(...plotWidths)).toBe(30);
  });

  it('draws a falling series from the top-left to the bottom-right', () => {
    const lines = asciiChart([4, 3, 2, 1, 0], { height: 5 }).split('\n');
    const plot = lines.map((l) => l.slice(l.indexOf('┤') + 1));
    expect(plot[0][0]).toBe('─');
    expect(plot[4].trimEnd().at(-1)).toBe('╰');
  });

  it('leaves gaps for non-finite values and copes with flat and empty series', () => {
    const gappy = asciiChart([1, Number.NaN, 1], { height: 3 });
    expect(gappy).toContain('─ ─');
    const flat = asciiChart([0.5, 0.5, 0.5], { height: 8 }).split('\n');
    expect(
      flat
        .find((l) => l.includes('───'))
        ?.trim()
        .startsWith('0.5 ┤'),
    ).toBe(true);
    expect(asciiChart([], { height: 4 }).split('\n')).toHaveLength(4);
  });

  it('uses only plain ASCII when asked', () => {
    const text = asciiChart([1, 5, 2, 8, 3], { height: 6, charset: 'ascii' });
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
  });

  it('rejects a height below 2', () => {
    expect(() => asciiChart(loss, { height: 1 })).toThrow(VizInputError);
    expect(() => asciiChart(loss, { height: 1 })).toThrow('asciiChart: expected height as an integer ≥ 2, found 1');
  });
});
