import { describe, expect, it } from 'vitest';
import { countElements, expectValidSvg, textContents } from '../test/svg.js';
import { VizInputError } from './errors.js';
import { lineChart } from './line-chart.js';
import { stackSvgs } from './stack-svgs.js';

const chart = (title: string, height: number, width = 800) =>
  lineChart({ title, xLabel: 'epoch', yLabel: 'cost', series: [{ name: 'SGD', x: [1, 2, 3], y: [0.5, 0.3, 0.2] }], height, width });

/** x, y, width and height of each `<svg>` element, the root first. */
function frames(svg: string): { x?: number; y?: number; width: number; height: number }[] {
  return [...svg.matchAll(/<svg\b([^>]*)>/g)].map(([, a]) => {
    const get = (name: string) => a!.match(new RegExp(`\\s${name}="([\\d.]+)"`))?.[1];
    return {
      x: get('x') === undefined ? undefined : Number(get('x')),
      y: get('y') === undefined ? undefined : Number(get('y')),
      width: Number(get('width')),
      height: Number(get('height')),
    };
  });
}

describe('stackSvgs', () => {
  it('stacks charts one above the other in one valid document, as wide as the widest', () => {
    const svg = stackSvgs([chart('Cost per epoch', 380), chart('Accuracy per epoch', 300, 700)], 'Training curves');
    expectValidSvg(svg);
    const [root, first, second] = frames(svg);
    expect(root).toMatchObject({ width: 800, height: 680 });
    expect(first).toMatchObject({ x: 0, y: 0, width: 800, height: 380 });
    expect(second).toMatchObject({ x: 0, y: 380, width: 700, height: 300 });
    expect(countElements(svg, 'svg')).toBe(3);
    expect(textContents(svg)).toEqual(expect.arrayContaining(['Cost per epoch', 'Accuracy per epoch']));
    expect(svg).toContain('<title>Training curves</title>');
  });

  it('keeps each chart whole, its viewBox included', () => {
    const a = chart('A', 300);
    const svg = stackSvgs([a, chart('B', 300)], 'A and B');
    expect(svg).toContain(a.slice(a.indexOf('>') + 1)); // everything after the root tag, untouched
    expect(svg.match(/viewBox="0 0 800 300"/g)).toHaveLength(2);
  });

  it('drops an XML declaration in front of a document, and escapes the title', () => {
    const svg = stackSvgs([`<?xml version="1.0" encoding="UTF-8"?>\n${chart('A', 200)}`], 'a < b');
    expectValidSvg(svg);
    expect(svg).not.toContain('<?xml');
    expect(svg).toContain('<title>a &lt; b</title>');
  });

  it('refuses an empty list and documents without a size, saying which', () => {
    expect(() => stackSvgs([], 'none')).toThrow(VizInputError);
    expect(() => stackSvgs([], 'none')).toThrow('stackSvgs: expected at least one SVG document, found array of length 0');
    expect(() => stackSvgs([chart('A', 200), '<svg viewBox="0 0 10 10"></svg>'], 't')).toThrow(
      'stackSvgs: expected SVG document 1 to open with an <svg> root that has a width and a height in px, found "<svg viewBox=\\"0 0 10 10\\"></svg>"',
    );
    expect(() => stackSvgs(['<p>not svg</p>'], 't')).toThrow(/SVG document 0 .*found "<p>not svg<\/p>"/);
  });
});
