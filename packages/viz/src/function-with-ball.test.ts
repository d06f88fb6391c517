import { describe, expect, it } from 'vitest';
import { attributeValues, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { VizInputError } from './errors.js';
import { functionPlotArea, functionWithBall } from './function-with-ball.js';
import { formatNumber } from './format.js';

const f = (x: number) => x ** 4 - 3 * x ** 2 + x;
const fPrime = (x: number) => 4 * x ** 3 - 6 * x + 1;

describe('functionWithBall', () => {
  it('draws the curve, a ball per step (older ones fainter) and the slope at the last', () => {
    const path = [-2, -1.6, -1.4, -1.32, -1.3];
    const svg = functionWithBall({ f, xRange: [-2.5, 2.5], path, title: 'x⁴ − 3x² + x' });
    expectValidSvg(svg);
    expect(countElements(svg, 'circle')).toBe(path.length);
    const opacities = attributeValues(svg, 'circle', 'fill-opacity').map(Number);
    for (let k = 1; k < opacities.length; k++) expect(opacities[k]).toBeGreaterThan(opacities[k - 1]);
    expect(opacities.at(-1)).toBe(1);
    const texts = textContents(svg);
    expect(texts).toContain('x⁴ − 3x² + x');
    expect(texts).toContain('x');
    expect(texts).toContain('f(x)');
    expect(texts).toContain(`slope ${formatNumber(fPrime(-1.3))}`);
  });

  it('writes "step k: …" in the corner, or the note it is given instead', () => {
    const path = [-2, -1.6];
    expect(textContents(functionWithBall({ f, xRange: [-2.5, 2.5], path })).some((t) => t.startsWith('step 1: x = '))).toBe(true);
    const texts = textContents(functionWithBall({ f, xRange: [-2.5, 2.5], path, note: 'the ball at both ends' }));
    expect(texts).toContain('the ball at both ends');
    expect(texts.some((t) => t.startsWith('step '))).toBe(false);
  });

  it('gets the slope right (central difference against the derivative) across the range', () => {
    for (const x of [-2.2, -0.7, 0, 0.4, 1.9]) {
      const svg = functionWithBall({ f, xRange: [-2.5, 2.5], path: [x] });
      const label = textContents(svg).find((t) => t.startsWith('slope '));
      const slope = Number(label?.slice('slope '.length));
      expect(Math.abs(slope - fPrime(x))).toBeLessThanOrEqual(Math.abs(fPrime(x)) * 5e-3 + 1e-6);
    }
  });

  it('draws the tangent with that slope', () => {
    const svg = functionWithBall({ f: (x) => 2 * x, xRange: [0, 10], path: [5], width: 800, height: 440 });
    const tangent = svg.match(/<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)" stroke="#e15759"/);
    expect(tangent).not.toBeNull();
    const [x1, y1, x2, y2] = (tangent as RegExpMatchArray).slice(1).map(Number);
    // On f = 2x the tangent is the curve itself: both ends lie on the line through the ball.
    const curve = svg.match(/<path d="M([\d.]+) ([\d.]+)L[^"]*L([\d.]+) ([\d.]+)" fill="none" stroke="#111827"/);
    const [cx1, cy1, cx2, cy2] = (curve as RegExpMatchArray).slice(1).map(Number);
    const onCurve = (x: number, y: number) => Math.abs(cy1 + ((cy2 - cy1) * (x - cx1)) / (cx2 - cx1) - y);
    expect(onCurve(x1, y1)).toBeLessThan(0.05);
    expect(onCurve(x2, y2)).toBeLessThan(0.05);
  });

  it('copes with an empty path, points outside the range and a curve with a pole', () => {
    expectValidSvg(functionWithBall({ f, xRange: [-1, 1], path: [] }));
    const pole = functionWithBall({ f: (x) => 1 / x, xRange: [-1, 1], path: [0.5, 5, Number.NaN] });
    expectValidSvg(pole);
    // No coordinate is NaN or infinite; the note says where the last step went.
    expect(pole).not.toMatch(/="[^"]*(NaN|Infinity)/);
    expect(textContents(pole)).toContain('step 2: x = NaN, f(x) = NaN');
  });

  it('rejects a bad range or function', () => {
    expect(() => functionWithBall({ f, xRange: [1, 1], path: [] })).toThrow(VizInputError);
    expect(() => functionWithBall({ f, xRange: [1, 1], path: [] })).toThrow(/xRange as \[min, max\] with min < max/);
    expect(() => functionWithBall({ f: 3 as unknown as (x: number) => number, xRange: [0, 1], path: [] })).toThrow(/f as a function/);
  });

  it('says where its plot is, so a click on the curve can be read back as x', () => {
    const options = { f, xRange: [-2.5, 2.5] as const, path: [1], title: 'x⁴ − 3x² + x', width: 700, height: 400 };
    const svg = functionWithBall(options);
    const area = functionPlotArea(options);
    expect(area.xRange).toEqual([-2.5, 2.5]);
    // The plot's clip rectangle is that area.
    const clip = svg.match(/<clipPath id="[^"]+"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/);
    expect(clip?.slice(1).map(Number)).toEqual([area.left, area.top, area.width, area.height]);
    expect(area.left).toBeGreaterThan(0);
    expect(area.left + area.width).toBeLessThan(700);
  });
});
