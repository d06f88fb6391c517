// A click on the heat map as a start point: from the page's pixels to the
// SVG's, then through the map's rectangle (as @downhill/viz laid it out) to (x, y).
import type { FunctionPlotArea, LandscapePlotArea } from '@downhill/viz';

/** Where the picture is on the page (its bounding box) and its own size in SVG units (its viewBox). */
export interface Placement {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly svgWidth: number;
  readonly svgHeight: number;
}

/**
 * Where an SVG's drawing is on the page: its box, less the bands the browser
 * leaves (preserveAspectRatio's default, "meet") when the box is not of the
 * drawing's shape (a picture held to a height on a wide screen, say).
 */
export function placementOf(box: { left: number; top: number; width: number; height: number }, svgWidth: number, svgHeight: number): Placement {
  const scale = Math.min(box.width / svgWidth, box.height / svgHeight);
  const width = svgWidth * scale,
    height = svgHeight * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height, svgWidth, svgHeight };
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

/** The w under the page position clientX on a curve's plot (only across: any height of the plot counts), or undefined beside it. */
export function wAt(area: FunctionPlotArea, placement: Placement, clientX: number, clientY: number): number | undefined {
  const sx = ((clientX - placement.left) * placement.svgWidth) / placement.width;
  const sy = ((clientY - placement.top) * placement.svgHeight) / placement.height;
  const u = (sx - area.left) / area.width;
  const v = (sy - area.top) / area.height;
  if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return undefined;
  const [w0, w1] = area.xRange;
  return w0 + u * (w1 - w0);
}

/** w rounded to about a pixel's worth of the curve's range (a 200th of it), for the start field. */
export function roundToCurve(area: FunctionPlotArea, w: number): number {
  const [lo, hi] = area.xRange;
  return Number(w.toFixed(Math.max(0, Math.ceil(-Math.log10((hi - lo) / 200)))));
}
