// A click on the heat map as a start point: from the page's pixels to the
// SVG's, then through the map's rectangle (as @downhill/viz laid it out) to (x, y).
import type { LandscapePlotArea } from '@downhill/viz';

/** Where the picture is on the page (its bounding box) and its own size in SVG units (its viewBox). */
export interface Placement {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly svgWidth: number;
  readonly svgHeight: number;
}

/** The point (x, y) under the page position (clientX, clientY), or undefined off the map. */
export function pointAt(area: LandscapePlotArea, placement: Placement, clientX: number, clientY: number): [number, number] | undefined {
  const sx = ((clientX - placement.left) * placement.svgWidth) / placement.width;
  const sy = ((clientY - placement.top) * placement.svgHeight) / placement.height;
  const u = (sx - area.left) / area.width;
  const v = (sy - area.top) / area.height;
  if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return undefined;
  const [x0, x1] = area.xRange;
  const [y0, y1] = area.yRange;
  return [x0 + u * (x1 - x0), y1 - v * (y1 - y0)];
}

/** The point rounded to about a pixel's worth of the map (a 200th of each range), for the start field. */
export function roundToMap(area: LandscapePlotArea, point: readonly [number, number]): [number, number] {
  const round = (value: number, [lo, hi]: readonly [number, number]) => {
    const decimals = Math.max(0, Math.ceil(-Math.log10((hi - lo) / 200)));
    return Number(value.toFixed(decimals));
  };
  return [round(point[0], area.xRange), round(point[1], area.yRange)];
}
