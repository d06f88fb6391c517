import type { DescentPath } from './descend.js';
import { formatValue } from './format.js';
import type { Landscape } from './landscape.js';
import { nearestMinimum } from './nearest-minimum.js';
import { type StationaryKind, stationaryPointNear } from './stationary-point.js';

/**
 * How a descent ended, by one rule for every surface, built-in or typed:
 * - `reached`: it ended within the tolerance of a minimum (one the surface
 *   knows, or one found where it stopped) and stayed there from `step` on;
 * - `diverged`: it blew up, left f's domain, left the plot, or ended climbing
 *   above where it started;
 * - `resting`: it stopped moving somewhere that is not a minimum (a saddle point);
 * - `moving`: none of these yet.
 */
export type Verdict =
  | {
      readonly kind: 'reached';
      readonly minimum: number[];
      readonly value: number;
      /** The first step from which every point is within the tolerance. */
      readonly step: number;
      /** False when the surface knows a lower minimum: the run found a local one. */
      readonly lowest: boolean;
    }
  | {
      readonly kind: 'diverged';
      readonly step: number;
      readonly reason: 'blew-up' | 'not-real' | 'growing' | 'left-plot';
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: 'resting'; readonly point: number[]; readonly stationary?: StationaryKind }
  | {
      readonly kind: 'moving';
      readonly nearest?: {
        /** The known minimum nearest the last point. */
        readonly minimum: number[];
        /** How far the last point is from it. */
        readonly distance: number;
      };
    };

/** Options of `judgeDescent`. */
export interface VerdictOptions {
  /** Distance to a minimum that counts as reaching it (default 1e-3). */
  readonly tolerance?: number;
  /** The plotted window, `[[xMin, xMax], [yMin, yMax]]` (in 1-D the first pair is w's): a run that leaves it far behind diverged. */
  readonly window?: readonly (readonly [number, number])[];
}

const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(...a.map((x, i) => x - b[i]!));

/** Judge a descent: see `Verdict`. */
export function judgeDescent(landscape: Landscape, path: DescentPath, options: VerdictOptions = {}): Verdict {
  const tolerance = options.tolerance ?? 1e-3;
  const { points, values } = path;
  const start = values[0]!;
  if (path.diverged) {
    const step = path.divergedAt ?? points.length - 1;
    const point = points[step]!;
    const notReal = Number.isNaN(values[step]) || !point.every(Number.isFinite);
    return { kind: 'diverged', step, reason: notReal ? 'not-real' : 'blew-up', from: start, to: values[step]! };
  }
  const final = path.final.point;
  const value = path.final.value;

  // Left the plot: further out than the window's own size, on any of its axes.
  const window = options.window?.slice(0, landscape.dimension);
  if (window) {
    const outside = (p: readonly number[]) => window.some(([lo, hi], i) => p[i]! < lo - (hi - lo) || p[i]! > hi + (hi - lo));
    const left = points.findIndex(outside);
    if (left >= 0 && outside(final)) return { kind: 'diverged', step: left, reason: 'left-plot', from: start, to: values[left]! };
  }

  // The minimum it is at, or nearest to: one the surface knows, else the stationary point Newton's method finds from the end.
  const known = nearestMinimum(landscape, final);
  const scale = Math.max(1, Math.hypot(...final));
  const found = known !== undefined && known.distance <= tolerance ? undefined : stationaryPointNear(landscape, final, scale);
  let target: { minimum: number[]; value: number } | undefined;
  if (known !== undefined && known.distance <= tolerance) target = { minimum: known.minimum, value: landscape.value(known.minimum) };
  else if (found?.kind === 'minimum') target = { minimum: found.point, value: found.value };

  if (target !== undefined && distance(final, target.minimum) <= tolerance) {
    let step = points.length - 1;
    while (step > 0 && distance(points[step - 1]!, target.minimum) <= tolerance) step--;
    const lowest =
      landscape.minimumValue === undefined || target.value <= landscape.minimumValue + Math.max(tolerance, 1e-9 * Math.abs(landscape.minimumValue));
    return { kind: 'reached', minimum: target.minimum, value: target.value, step, lowest };
  }

  // Climbing: it ends higher than it started and higher than it has ever been.
  const highest = Math.max(...values.slice(0, -1));
  if (points.length > 2 && value > start + Math.max(1e-12, 1e-9 * Math.abs(start)) && value > highest) {
    let step = values.length - 1;
    while (step > 1 && values[step - 1]! > start) step--;
    return { kind: 'diverged', step, reason: 'growing', from: start, to: value };
  }

  const before = points.at(-2) ?? final;
  if (points.length > 1 && distance(final, before) <= 1e-9 * scale) {
    // Where it rests, to the precision Newton's method gives when it found the flat spot.
    return { kind: 'resting', point: found?.point ?? final, ...(found ? { stationary: found.kind } : {}) };
  }
  const nearest = target ?? (known ? { minimum: known.minimum, value: 0 } : undefined);
  return { kind: 'moving', ...(nearest ? { nearest: { minimum: nearest.minimum, distance: distance(final, nearest.minimum) } } : {}) };
}

/** A point as a sentence shows it: `w = 2` in 1-D, `(1, 1)` in 2-D. */
export function formatLandscapePoint(landscape: Pick<Landscape, 'variables'>, point: readonly number[]): string {
  return point.length === 1 ? `${landscape.variables[0]} = ${formatValue(point[0]!)}` : `(${point.map(formatValue).join(', ')})`;
}

/** The verdict in the words the CLI prints and the web demo's table shows. */
export function describeVerdict(landscape: Landscape, verdict: Verdict, steps: number): string {
  const at = (p: readonly number[]) => formatLandscapePoint(landscape, p);
  switch (verdict.kind) {
    case 'reached': {
      const where = `${verdict.lowest ? 'the' : 'a local'} minimum ${at(verdict.minimum)}`;
      const lower =
        landscape.minimumValue !== undefined && !verdict.lowest
          ? `, f = ${formatValue(verdict.value)} (not the lowest: f = ${formatValue(landscape.minimumValue)} there is)`
          : '';
      return `reached ${where} at step ${verdict.step}${lower}`;
    }
    case 'diverged':
      switch (verdict.reason) {
        case 'blew-up':
          return `diverged at step ${verdict.step}: the learning rate is too large here`;
        case 'not-real':
          return `left the function's domain at step ${verdict.step} (f is not a real number there)`;
        case 'growing':
          return `diverging: f grew from ${formatValue(verdict.from)} to ${formatValue(verdict.to)} in ${steps} steps; the learning rate is too large here`;
        case 'left-plot':
          return `diverging: left the plot at step ${verdict.step}; the learning rate is too large here`;
      }
      break;
    case 'resting':
      return verdict.stationary === 'saddle' || verdict.stationary === 'maximum'
        ? `came to rest at a ${verdict.stationary === 'saddle' ? 'saddle point' : 'maximum'} ${at(verdict.point)}, not a minimum`
        : `came to rest at ${at(verdict.point)} within ${steps} steps, not at a minimum`;
    case 'moving':
      return verdict.nearest
        ? `still moving after ${steps} steps, ${formatValue(verdict.nearest.distance)} from the minimum ${at(verdict.nearest.minimum)}`
        : `still moving after ${steps} steps`;
  }
  return '';
}
