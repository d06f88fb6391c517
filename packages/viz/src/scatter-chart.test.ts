import { describe, expect, it } from 'vitest';
import { attributeValues, expectValidSvg, textContents } from '../test/svg.js';
import { scatterChart } from './scatter-chart.js';

describe('scatterChart', () => {
  it('draws each series as one path of dots, one dot per finite point, and y = x on one shared domain', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i));
    const svg = scatterChart({
      title: 'backprop vs finite differences',
      xLabel: 'backprop',
      yLabel: 'finite differences',
      series: [
        { name: 'gradient', x, y: x.map((v) => v * 1.01) },
        { name: 'odd', x: [0, Number.NaN, 1], y: [1, 2, Number.NaN] },
      ],
      identity: true,
    });
    expectValidSvg(svg);
    const paths = attributeValues(svg, 'path', 'd').filter((d) => d.includes('h0'));
    expect(paths).toHaveLength(2);
    expect(paths[0]!.match(/h0/g)).toHaveLength(500);
    // Only the point (0, 1) of the second series is finite in both coordinates.
    expect(paths[1]!.match(/h0/g)).toHaveLength(1);
    expect(attributeValues(svg, 'path', 'stroke-dasharray')).toEqual(['4 3']);
    expect(textContents(svg)).toEqual(expect.arrayContaining(['backprop vs finite differences', 'backprop', 'finite differences', 'gradient']));
  });

  it('says "no data" without points, and refuses mismatched series', () => {
    expect(textContents(scatterChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }))).toContain('no data');
    expect(() => scatterChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(
      /series 0 \("a"\) with as many x as y values/,
    );
  });
});
