import { describe, expect, it } from 'vitest';
import { expectValidSvg, textContents } from '../test/svg.js';
import { barChart } from './bar-chart.js';
import { palette } from './colormaps.js';
import { VizInputError } from './errors.js';

const base = {
  title: 'Largest output on noise and on digits',
  xLabel: 'largest output',
  yLabel: 'share of images (%)',
  categories: ['0.0–0.5', '0.5–0.9', '0.9–1.0'],
  series: [
    { name: 'noise', values: [10, 30, 60] },
    { name: 'digits', values: [5, 15, 80] },
  ],
};

type Bar = { x: number; y: number; width: number; height: number; fill: string; title: string };

/** The bars: rects filled with a palette colour that carry a `<title>`. */
function bars(svg: string): Bar[] {
  return [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title><\/rect>/g)].map(
    (m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), fill: m[5], title: m[6] }),
  );
}

describe('barChart', () => {
  it('is a well-formed SVG with the title, axis labels, categories and a legend', () => {
    const svg = barChart(base);
    expectValidSvg(svg);
    expect(svg).toContain(`<title>${base.title}</title>`);
    const texts = textContents(svg);
    for (const t of [base.title, 'largest output', 'share of images (%)', '0.0–0.5', '0.5–0.9', '0.9–1.0', 'noise', 'digits']) expect(texts).toContain(t);
    expect(svg).toMatch(/width="800" height="400"/);
  });

  it('draws one bar per value, in its series colour, named with its value', () => {
    const drawn = bars(barChart(base));
    expect(drawn).toHaveLength(6);
    expect(drawn.slice(0, 3).every((b) => b.fill === palette[0])).toBe(true);
    expect(drawn.slice(3).every((b) => b.fill === palette[1])).toBe(true);
    expect(drawn.map((b) => b.title)).toEqual([
      'noise, 0.0–0.5: 10',
      'noise, 0.5–0.9: 30',
      'noise, 0.9–1.0: 60',
      'digits, 0.0–0.5: 5',
      'digits, 0.5–0.9: 15',
      'digits, 0.9–1.0: 80',
    ]);
  });

  it('makes bar heights proportional to the values, all standing on the same baseline', () => {
    const drawn = bars(barChart(base));
    const values = base.series.flatMap((s) => s.values);
    const perUnit = drawn[0]!.height / values[0]!;
    drawn.forEach((b, i) => {
      expect(b.height).toBeCloseTo(values[i]! * perUnit, 1);
    });
    const baseline = drawn[0]!.y + drawn[0]!.height;
    for (const b of drawn) expect(b.y + b.height).toBeCloseTo(baseline, 1);
    // The axis ends on a labelled tick at or above the largest value: 80 here, so the tallest bar fills the plot.
    expect(textContents(barChart(base))).toContain('80');
    expect(Math.min(...drawn.map((b) => b.y))).toBe(48);
  });

  it('groups the series side by side within each category, groups left to right', () => {
    const drawn = bars(barChart(base));
    for (let i = 0; i < 3; i++) {
      expect(drawn[3 + i]!.x).toBeGreaterThan(drawn[i]!.x); // digits right of noise
      if (i > 0) expect(drawn[i]!.x).toBeGreaterThan(drawn[3 + i - 1]!.x); // next group right of this one
    }
  });

  it('hangs negative values below a zero line', () => {
    const svg = barChart({ ...base, series: [{ name: 'change', values: [-2, 0, 4] }] });
    expectValidSvg(svg);
    const [down, flat, up] = bars(svg);
    expect(down!.height).toBeCloseTo(up!.height / 2, 1);
    expect(flat!.height).toBe(0);
    expect(down!.y).toBeCloseTo(flat!.y, 1); // hangs from the baseline
    expect(up!.y + up!.height).toBeCloseTo(flat!.y, 1); // stands on it
    expect(textContents(svg)).toContain('-2');
  });

  it('draws all-zero values on a unit axis instead of failing', () => {
    const svg = barChart({ ...base, series: [{ name: 'nothing', values: [0, 0, 0] }] });
    expectValidSvg(svg);
    expect(bars(svg).every((b) => b.height === 0)).toBe(true);
    expect(textContents(svg)).toContain('1.0');
  });

  it('escapes names and labels', () => {
    const svg = barChart({ ...base, title: 'a < b & c', categories: ['<1', '"2"', "'3'"], series: [{ name: 'η & <fast>', values: [1, 2, 3] }] });
    expectValidSvg(svg);
    const texts = textContents(svg);
    for (const t of ['a < b & c', '<1', '"2"', "'3'", 'η & <fast>']) expect(texts).toContain(t);
  });

  it('refuses NaN and infinite values, saying where', () => {
    const nan = { ...base, series: [{ name: 'noise', values: [1, Number.NaN, 3] }] };
    expect(() => barChart(nan)).toThrow(VizInputError);
    expect(() => barChart(nan)).toThrow('barChart: expected finite values in series 0 ("noise"), found NaN for category "0.5–0.9"');
    expect(() => barChart({ ...base, series: [{ name: 'x', values: [1, 2, Number.POSITIVE_INFINITY] }] })).toThrow(/found Infinity for category "0\.9–1\.0"/);
  });

  it('refuses empty data and series that do not match the categories', () => {
    expect(() => barChart({ ...base, categories: [] })).toThrow('barChart: expected categories as a non-empty array of labels, found array of length 0');
    expect(() => barChart({ ...base, series: [] })).toThrow('barChart: expected at least one series, found array of length 0');
    expect(() => barChart({ ...base, series: [{ name: 'short', values: [1, 2] }] })).toThrow(
      'barChart: expected series 0 ("short") with one value per category (3), found array of length 2',
    );
    expect(() => barChart({ ...base, height: 50 })).toThrow('barChart: expected height of at least 100 px, found 50');
  });

  it('is deterministic', () => {
    expect(barChart(base)).toBe(barChart(base));
  });
});
