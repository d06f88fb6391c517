import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

/** Options of `sampleGrid`. */
export interface GridOptions {
  /** [min, max] of the first variable; default the landscape's domain. */
  xRange?: [number, number];
  /** [min, max] of the second variable (2-D only); default the landscape's domain. */
  yRange?: [number, number];
  /** Samples along x (≥ 2); default 101. */
  nx?: number;
  /** Samples along y (≥ 2, 2-D only); default 101. */
  ny?: number;
}

/** A landscape's values on an evenly spaced grid, for heat maps and contours. */
export interface Grid {
  /** The x sample positions, evenly spaced, ends included. */
  xs: Float64Array;
  /** The y sample positions (empty for a 1-D landscape). */
  ys: Float64Array;
  /** f at each sample, row-major with rows along y: values[j * nx + i] = f(xs[i], ys[j]); NaN where f is not real. */
  values: Float64Array;
}

/** f sampled on an evenly spaced grid, for a contour plot or heat map (or a curve, in 1-D). */
export function sampleGrid(landscape: Landscape, options: GridOptions = {}): Grid {
  const xs = axis('x', options.xRange ?? landscape.domain?.[0], options.nx ?? 101);
  if (landscape.dimension === 1) {
    const values = new Float64Array(xs.length);
    const point = new Float64Array(1);
    for (let i = 0; i < xs.length; i++) {
      point[0] = xs[i];
      values[i] = landscape.value(point);
    }
    return { xs, ys: new Float64Array(0), values };
  }
  const ys = axis('y', options.yRange ?? landscape.domain?.[1], options.ny ?? 101);
  const values = new Float64Array(xs.length * ys.length);
  const point = new Float64Array(2);
  for (let j = 0; j < ys.length; j++) {
    point[1] = ys[j];
    for (let i = 0; i < xs.length; i++) {
      point[0] = xs[i];
      values[j * xs.length + i] = landscape.value(point);
    }
  }
  return { xs, ys, values };
}

function axis(name: 'x' | 'y', range: [number, number] | undefined, n: number): Float64Array {
  if (range === undefined) {
    throw new LandscapeError('bad-argument', `${name}Range: expected [min, max] (the landscape has no domain to default to), found undefined`);
  }
  const [min, max] = range;
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new LandscapeError('bad-argument', `${name}Range: expected finite [min, max] with min < max, found [${String(min)}, ${String(max)}]`);
  }
  if (!Number.isInteger(n) || n < 2) {
    throw new LandscapeError('bad-argument', `n${name}: expected a whole number ≥ 2, found ${String(n)}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = min + ((max - min) * i) / (n - 1);
  out[n - 1] = max; // exactly, whatever the rounding
  return out;
}
