import type { DescentPath } from './descend.js';
import type { Landscape } from './landscape.js';

/**
 * The plotting window of a race along one axis: the surface's own domain, or
 * for typed functions (which have none) the ground the runs covered, padded.
 * Diverged runs are left out: they would stretch the window to the blow-up.
 */
export function raceRange(landscape: Landscape, paths: readonly DescentPath[], start: readonly number[], axis: 0 | 1): [number, number] {
  const known = landscape.domain?.[axis];
  if (known) return [known[0], known[1]];
  let lo = start[axis]!,
    hi = start[axis]!;
  for (const path of paths) {
    if (path.diverged) continue;
    for (const p of path.points) {
      lo = Math.min(lo, p[axis]!);
      hi = Math.max(hi, p[axis]!);
    }
  }
  // A curve needs room on both sides of its minimum to read as a valley.
  const pad = Math.max(1, (hi - lo) * (landscape.dimension === 1 ? 1 : 0.25));
  return [lo - pad, hi + pad];
}

/**
 * Colour a heat map by log(f − min) when the low ground is one flat colour
 * otherwise: when a tenth of the grid lies within 1% of the range above the
 * minimum (Rosenbrock's valley floor).
 */
export function wantsLogColor(values: ArrayLike<number>): boolean {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length < 10) return false;
  const lo = finite[0]!,
    hi = finite.at(-1)!;
  return finite[Math.floor(finite.length / 10)]! - lo < 0.01 * (hi - lo);
}
