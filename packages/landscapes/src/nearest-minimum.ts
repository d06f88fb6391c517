import { formatPoint } from './format.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

/**
 * The landscape's known minimum nearest to `point`, and how far it is
 * (Euclidean distance); undefined when the landscape knows no minima (a typed
 * function, the saddle). On Himmelblau's four it says which valley a run
 * ended in. Ties go to the minimum listed first.
 */
export function nearestMinimum(landscape: Landscape, point: ArrayLike<number>): { minimum: number[]; distance: number } | undefined {
  const { dimension, variables } = landscape;
  if (point == null || typeof point.length !== 'number' || point.length !== dimension || !Array.from(point).every(Number.isFinite)) {
    const found =
      point == null || typeof point.length !== 'number'
        ? String(point)
        : point.length === dimension
          ? formatPoint(variables, point)
          : `${point.length} number${point.length === 1 ? '' : 's'}`;
    throw new LandscapeError(
      'bad-argument',
      `point: expected ${dimension} finite number${dimension === 1 ? '' : 's'} (${variables.join(', ')}), found ${found}`,
    );
  }
  let best: { minimum: number[]; distance: number } | undefined;
  for (const minimum of landscape.minima ?? []) {
    const distance = Math.hypot(...minimum.map((m, i) => point[i] - m));
    if (best === undefined || distance < best.distance) best = { minimum, distance };
  }
  return best;
}
