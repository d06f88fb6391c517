import type { FunctionPlotArea, LandscapePlotArea } from '@downhill/viz';
import { describe, expect, it } from 'vitest';
import { type Placement, placementOf, pointAt, roundToCurve, roundToMap, wAt } from './plot-click.js';

// The map spans x from −2 to 2 and y from −1 to 3 over 400 × 400 SVG units, starting at (60, 50).
const area: LandscapePlotArea = { left: 60, top: 50, width: 400, height: 400, xRange: [-2, 2], yRange: [-1, 3] };
// The 700 × 500 SVG is shown at half size, 100 px from the page's left and 20 px from its top.
const placement: Placement = { left: 100, top: 20, width: 350, height: 250, svgWidth: 700, svgHeight: 500 };
const page = (sx: number, sy: number): [number, number] => [placement.left + sx / 2, placement.top + sy / 2];

describe('a click on the map', () => {
  it('is the point under it: x left to right, y bottom to top, through the page’s scaling of the SVG', () => {
    expect(pointAt(area, placement, ...page(60, 450))).toEqual([-2, -1]);
    expect(pointAt(area, placement, ...page(460, 50))).toEqual([2, 3]);
    expect(pointAt(area, placement, ...page(260, 250))).toEqual([0, 1]);
    expect(pointAt(area, placement, ...page(360, 150))).toEqual([1, 2]);
  });

  it('off the map (on the axes, the colour bar, the legend) is no point', () => {
    expect(pointAt(area, placement, ...page(59, 250))).toBeUndefined();
    expect(pointAt(area, placement, ...page(461, 250))).toBeUndefined();
    expect(pointAt(area, placement, ...page(260, 451))).toBeUndefined();
    expect(pointAt(area, placement, ...page(260, 49))).toBeUndefined();
  });

  it('is rounded to about a pixel of the map for the start field', () => {
    // A 200th of a range of 4 is 0.02: two decimals.
    expect(roundToMap(area, [0.123456, -0.98765])).toEqual([0.12, -0.99]);
    expect(roundToMap({ ...area, xRange: [-500, 500], yRange: [0, 0.01] }, [123.456, 0.0012345])).toEqual([123, 0.00123]);
  });
});

describe('a click on the curve', () => {
  // The plot spans w from −1 to 5 over 600 SVG units from x = 80, y from 40 to 340.
  const curve: FunctionPlotArea = { left: 80, top: 40, width: 600, height: 300, xRange: [-1, 5] };

  it('is the w under it, at any height of the plot, and none beside it', () => {
    expect(wAt(curve, placement, ...page(80, 100))).toBe(-1);
    expect(wAt(curve, placement, ...page(680, 300))).toBe(5);
    expect(wAt(curve, placement, ...page(380, 40))).toBe(2);
    expect(wAt(curve, placement, ...page(79, 100))).toBeUndefined();
    expect(wAt(curve, placement, ...page(380, 341))).toBeUndefined();
  });

  it('is rounded to about a pixel of the curve', () => {
    // A 200th of 6 is 0.03: two decimals.
    expect(roundToCurve(curve, 1.23456)).toBe(1.23);
  });
});

describe('a picture held to a height', () => {
  it('is drawn in the middle of its box, at the scale that fits: the page measures from the drawing, not the box', () => {
    // A 700 × 500 drawing in a box 1000 wide and 250 high: half size, 325 px of band each side.
    expect(placementOf({ left: 0, top: 10, width: 1000, height: 250 }, 700, 500)).toEqual({
      left: 325,
      top: 10,
      width: 350,
      height: 250,
      svgWidth: 700,
      svgHeight: 500,
    });
    expect(placementOf({ left: 100, top: 20, width: 350, height: 250 }, 700, 500)).toEqual(placement);
  });
});
