import { describeFunction, formatCall, formatValue, formatPoint } from './format.js';
import type { Landscape } from './landscape.js';

/** A value this low, this far out, is a surface falling away, not a valley. */
const FLOOR = -1e6;
/** Radii probed along each ray: 10, 100, ..., 1e6. */
const RADII = [1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
/** Directions for 2-D rays, 7.5° apart; the axes are among them exactly. */
const DIRECTIONS_2D = 48;

/**
 * Why the landscape has no minimum, or undefined if none was found. Heuristic:
 * f is sampled along rays out to radius 1e6 and flagged if it reaches −1e6 there
 * or keeps falling from radius 1e3 to 1e6 (by more than 1e3). It can miss a fall
 * along a curve (e.g. a parabola) that no ray follows.
 */
export function checkBoundedBelow(landscape: Landscape): string | undefined {
  if (landscape.noMinimum !== undefined) return landscape.noMinimum;
  let lowest: { point: number[]; value: number } | undefined;
  let falling: { point: number[]; value: number } | undefined;
  const point = new Float64Array(landscape.dimension);

  for (const [dx, dy] of directions(landscape.dimension)) {
    let previous = Number.POSITIVE_INFINITY;
    let fallsFrom: number | undefined;
    let monotone = true;
    for (const r of RADII) {
      point[0] = dx * r;
      if (landscape.dimension === 2) point[1] = dy * r;
      const value = landscape.value(point);
      if (Number.isNaN(value)) {
        monotone = false;
        continue;
      }
      if (lowest === undefined || value < lowest.value) lowest = { point: Array.from(point), value };
      if (r >= 1e3) {
        if (fallsFrom === undefined) fallsFrom = value;
        else if (!(value < previous)) monotone = false;
        previous = value;
      }
    }
    if (monotone && fallsFrom !== undefined && fallsFrom - previous > 1e3) {
      const end = { point: Array.from(point), value: previous };
      if (falling === undefined || end.value < falling.value) falling = end;
    }
  }

  const witness = lowest !== undefined && lowest.value <= FLOOR ? lowest : falling;
  if (witness !== undefined) {
    return `${describeFunction(landscape)} has no minimum: it decreases without bound (${formatCall(witness.point)} = ${formatValue(witness.value)})`;
  }
  const pole = poleBelow(landscape);
  if (pole === undefined) return undefined;
  return `${describeFunction(landscape)} has no minimum: it falls without bound near ${formatPoint(landscape.variables, pole.near)} (${formatCall(pole.point)} = ${formatValue(pole.value)})`;
}

/** Half-width of the window searched for poles, around the origin (and the surface's own domain). */
const POLE_WINDOW = 10;

/**
 * A pole where f falls to −∞ (1/x at 0, −1/x² …), which rays far out never
 * see. f is sampled on a grid over the window; next to each sample where f is
 * not finite, and at each sign change between samples large on both sides
 * (found by bisection), f is probed 1e-1 … 1e-9 away on each side.
 */
function poleBelow(landscape: Landscape): { near: number[]; point: number[]; value: number } | undefined {
  const n = landscape.dimension;
  const ranges = [0, 1].slice(0, n).map((axis) => {
    const own = landscape.domain?.[axis];
    return [Math.min(-POLE_WINDOW, own?.[0] ?? 0), Math.max(POLE_WINDOW, own?.[1] ?? 0)] as const;
  });
  const count = n === 1 ? 2001 : 81;
  const at = (axis: number, k: number) => ranges[axis]![0] + ((ranges[axis]![1] - ranges[axis]![0]) * k) / (count - 1);
  const f = (p: number[]) => landscape.value(p);
  const probe = (center: number[]): { near: number[]; point: number[]; value: number } | undefined => {
    for (let axis = 0; axis < n; axis++) {
      for (let k = 1; k <= 9; k++) {
        for (const side of [-1, 1]) {
          const point = [...center];
          point[axis]! += side * 10 ** -k;
          const value = f(point);
          if (value <= FLOOR) return { near: center, point, value };
        }
      }
    }
    return undefined;
  };
  const lines = n === 1 ? [[] as number[]] : Array.from({ length: count }, (_, j) => [at(1, j)]);
  for (const rest of lines) {
    let previous: { point: number[]; value: number } | undefined;
    for (let i = 0; i < count; i++) {
      const point = [at(0, i), ...rest];
      const value = f(point);
      if (value <= FLOOR) return { near: point, point, value };
      if (!Number.isFinite(value)) {
        const found = probe(point);
        if (found) return found;
      } else if (previous && previous.value * value < 0 && Math.min(Math.abs(previous.value), Math.abs(value)) >= 10) {
        // A jump from large positive to large negative: bisect to where it happens.
        let lo = previous.point[0]!,
          hi = point[0]!;
        const loSign = Math.sign(previous.value);
        for (let b = 0; b < 60; b++) {
          const mid = (lo + hi) / 2;
          if (Math.sign(f([mid, ...rest])) === loSign) lo = mid;
          else hi = mid;
        }
        const found = probe([(lo + hi) / 2, ...rest]);
        if (found) return found;
      }
      previous = Number.isFinite(value) ? { point, value } : undefined;
    }
  }
  return undefined;
}

/** False when `checkBoundedBelow` finds the landscape falls away without bound (or it is marked as having no minimum). */
export function hasMinimum(landscape: Landscape): boolean {
  return checkBoundedBelow(landscape) === undefined;
}

function directions(dimension: 1 | 2): Array<[number, number]> {
  if (dimension === 1)
    return [
      [1, 0],
      [-1, 0],
    ];
  const out: Array<[number, number]> = [];
  for (let k = 0; k < DIRECTIONS_2D; k++) {
    const angle = (2 * Math.PI * k) / DIRECTIONS_2D;
    // Snap cos(π/2) ≈ 6e-17 to 0 so an axis ray stays on the axis at radius 1e6.
    out.push([snap(Math.cos(angle)), snap(Math.sin(angle))]);
  }
  return out;
}

function snap(v: number): number {
  if (Math.abs(v) < 1e-12) return 0;
  if (Math.abs(Math.abs(v) - 1) < 1e-12) return Math.sign(v);
  return v;
}
