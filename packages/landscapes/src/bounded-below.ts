import { describeFunction, formatCall, formatNumber } from './format.js';
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
  if (witness === undefined) return undefined;
  return `${describeFunction(landscape)} has no minimum: it decreases without bound (${formatCall(witness.point)} = ${formatNumber(witness.value)})`;
}

/** False when `checkBoundedBelow` finds the landscape falls away without bound (or it is marked as having no minimum). */
export function hasMinimum(landscape: Landscape): boolean {
  return checkBoundedBelow(landscape) === undefined;
}

function directions(dimension: 1 | 2): Array<[number, number]> {
  if (dimension === 1) return [[1, 0], [-1, 0]];
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
