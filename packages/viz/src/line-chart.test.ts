import { describe, expect, it } from 'vitest';
import { attributeValues, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { palette } from './colormaps.js';
import { VizInputError } from './errors.js';
import { lineChart } from './line-chart.js';

const steps = Array.from({ length: 50 }, (_, i) => i);
const base = {
  title: 'Training cost',
  xLabel: 'epoch',
  yLabel: 'cost (MSE)',
  series: [
    { name: 'SGD', x: steps, y: steps.map((i) => 0.5 * Math.exp(-i / 10) + 0.01) },
    { name: 'Adam', x: steps, y: steps.map((i) => 0.4 * Math.exp(-i / 5) + 0.005) },
  ],
};

/** The `d` of each series' line (the paths drawn with a palette colour). */
function seriesPaths(svg: string): string[] {
  return [...svg.matchAll(/<path d="([^"]*)" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="2"/g)].filter((m) => palette.includes(m[2])).map((m) => m[1]);
}

describe('lineChart', () => {
  it('is a well-formed SVG with title, axis labels, tick labels and a legend', () => {
    const svg = lineChart(base);
    expectValidSvg(svg);
    const texts = textContents(svg);
    for (const t of ['Training cost', 'epoch', 'cost (MSE)', 'SGD', 'Adam', '0', '20', '40']) expect(texts).toContain(t);
    expect(svg).toContain('<title>Training cost</title>');
    expect(seriesPaths(svg)).toHaveLength(2);
    expect(svg).toMatch(/width="800" height="420"/);
  });

  it('gives each series its own palette colour, legend key included', () => {
    const svg = lineChart(base);
    const strokes = attributeValues(svg, 'path', 'stroke');
    expect(strokes.filter((s) => s === palette[0]).length).toBe(2); // line + legend key
    expect(strokes.filter((s) => s === palette[1]).length).toBe(2);
  });

  it('puts decade ticks on a log axis', () => {
    const svg = lineChart({ ...base, logY: true });
    expectValidSvg(svg);
    const texts = textContents(svg);
    for (const t of ['0.001', '0.01', '0.1', '1']) expect(texts).toContain(t);
    expect(texts).not.toContain('0.5');
  });

  it('skips y ≤ 0 on a log axis instead of failing', () => {
    const svg = lineChart({ ...base, logY: true, series: [{ name: 'with zero', x: [0, 1, 2, 3], y: [1, 0, 0.1, 0.01] }] });
    expectValidSvg(svg);
    expect(seriesPaths(svg)[0].match(/M/g)).toHaveLength(2);
  });

  it('breaks the line at NaN and Infinity', () => {
    const y = steps.map((i) => (i === 20 || i === 30 ? Number.NaN : i === 40 ? Number.POSITIVE_INFINITY : 1 / (i + 1)));
    const svg = lineChart({ ...base, series: [{ name: 'gappy', x: steps, y }] });
    expectValidSvg(svg);
    expect(seriesPaths(svg)[0].match(/M/g)).toHaveLength(4);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('draws a lone point as a dot, including a one-point series', () => {
    const svg = lineChart({ ...base, series: [{ name: 'one', x: [3], y: [0.7] }] });
    expectValidSvg(svg);
    expect(countElements(svg, 'circle')).toBe(1);
    const isolated = lineChart({ ...base, series: [{ name: 'two', x: [0, 1, 2, 3, 4], y: [1, Number.NaN, 2, Number.NaN, 3] }] });
    expect(countElements(isolated, 'circle')).toBe(3);
  });

  it('draws empty axes with a note when there is nothing to plot', () => {
    const svg = lineChart({ ...base, series: [] });
    expectValidSvg(svg);
    expect(textContents(svg)).toContain('no data');
    const allNaN = lineChart({ ...base, series: [{ name: 'diverged', x: [0, 1], y: [Number.NaN, Number.NaN] }] });
    expectValidSvg(allNaN);
    expect(textContents(allNaN)).toContain('no data');
  });

  it('escapes names and labels', () => {
    const svg = lineChart({ ...base, title: 'a < b & c', series: [{ name: 'η="3" <fast>', x: [0, 1], y: [1, 2] }] });
    expectValidSvg(svg);
    expect(textContents(svg)).toContain('η="3" <fast>');
    expect(textContents(svg)).toContain('a < b & c');
  });

  it('thins a very long series to a few points per pixel column but keeps its extremes', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 54_321 ? 10 : Math.sin(i / 1000)));
    const svg = lineChart({ ...base, series: [{ name: 'long', x, y }] });
    expectValidSvg(svg);
    const d = seriesPaths(svg)[0];
    const points = d.match(/[ML]/g)?.length ?? 0;
    expect(points).toBeLessThan(4 * 800);
    expect(points).toBeGreaterThan(600);
    // The spike to 10 is the top of the y axis: some point sits at the plot's top edge.
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBe(48);
    expect(svg.length).toBeLessThan(100_000);
  });

  it('rejects series whose x and y differ in length, saying which', () => {
    expect(() => lineChart({ ...base, series: [{ name: 'bad', x: [1, 2, 3], y: [1, 2] }] })).toThrow(VizInputError);
    expect(() => lineChart({ ...base, series: [{ name: 'bad', x: [1, 2, 3], y: [1, 2] }] })).toThrow(
      'lineChart: expected series 0 ("bad") with as many x as y values, found 3 x and 2 y',
    );
    expect(() => lineChart({ ...base, width: 10 })).toThrow(/width of at least 100 px, found 10/);
  });

  it('is deterministic', () => {
    expect(lineChart(base)).toBe(lineChart(base));
  });
});
