import type { Landscape } from './landscape.js';

/** What kind of flat spot a stationary point is, from the curvature there (the Hessian's eigenvalues). */
export type StationaryKind = 'minimum' | 'maximum' | 'saddle' | 'flat';

/** A point where the gradient vanishes, and what kind it is. */
export interface StationaryPoint {
  /** Where ∇f = 0, to about 1e-10. */
  readonly point: number[];
  /** f there. */
  readonly value: number;
  /** Minimum, maximum, saddle or flat, from the curvature there. */
  readonly kind: StationaryKind;
}

/** The Hessian at p by central differences of the exact gradient. */
function hessian(landscape: Landscape, p: readonly number[], h: number): number[][] {
  const n = landscape.dimension;
  const up = new Float64Array(n),
    down = new Float64Array(n);
  const rows: number[][] = [];
  for (let j = 0; j < n; j++) {
    const a = [...p],
      b = [...p];
    a[j]! += h;
    b[j]! -= h;
    landscape.gradient(a, up);
    landscape.gradient(b, down);
    rows.push(Array.from(up, (u, i) => (u - down[i]!) / (2 * h)));
  }
  // Symmetrise: the two mixed differences agree up to rounding.
  if (n === 2) rows[0]![1] = rows[1]![0] = (rows[0]![1]! + rows[1]![0]!) / 2;
  return rows;
}

function classify(h: number[][], scale: number): StationaryKind {
  const tiny = 1e-8 * Math.max(1, scale);
  if (h.length === 1) {
    const c = h[0]![0]!;
    return c > tiny ? 'minimum' : c < -tiny ? 'maximum' : 'flat';
  }
  const [[a, b], [, d]] = h as [[number, number], [number, number]];
  const mean = (a + d) / 2,
    spread = Math.hypot((a - d) / 2, b);
  const low = mean - spread,
    high = mean + spread;
  if (low > tiny) return 'minimum';
  if (high < -tiny) return 'maximum';
  if (low < -tiny && high > tiny) return 'saddle';
  return 'flat';
}

/**
 * The stationary point that Newton's method finds from `near` (within
 * `radius` of it), and what kind it is; undefined if Newton's method wanders
 * off or does not settle. This is how a run on a typed function, which knows
 * no minima of its own, is judged by the same rule as a built-in: it reached
 * a minimum if it ended within the tolerance of one.
 */
export function stationaryPointNear(landscape: Landscape, near: readonly number[], radius: number): StationaryPoint | undefined {
  const n = landscape.dimension;
  if (near.length !== n || !near.every(Number.isFinite)) return undefined;
  const g = new Float64Array(n);
  let p = [...near];
  const h = (x: readonly number[]) => 1e-5 * Math.max(1, Math.hypot(...x));
  for (let iteration = 0; iteration < 50; iteration++) {
    landscape.gradient(p, g);
    if (!g.every(Number.isFinite)) return undefined;
    const size = Math.hypot(...g);
    const H = hessian(landscape, p, h(p));
    let step: number[];
    if (n === 1) {
      const c = H[0]![0]!;
      if (!(Math.abs(c) > 0)) return undefined;
      step = [g[0]! / c];
    } else {
      const [[a, b], [c, d]] = H as [[number, number], [number, number]];
      const det = a * d - b * c;
      if (!(Math.abs(det) > 0) || !Number.isFinite(det)) return undefined;
      step = [(d * g[0]! - b * g[1]!) / det, (a * g[1]! - c * g[0]!) / det];
    }
    p = p.map((x, i) => x - step[i]!);
    if (!p.every(Number.isFinite) || Math.hypot(...p.map((x, i) => x - near[i]!)) > radius) return undefined;
    if (Math.hypot(...step) <= 1e-12 * Math.max(1, Math.hypot(...p)) || size === 0) break;
  }
  landscape.gradient(p, g);
  const value = landscape.value(p);
  if (!Number.isFinite(value) || Math.hypot(...g) > 1e-6 * Math.max(1, Math.abs(value))) return undefined;
  return { point: p, value, kind: classify(hessian(landscape, p, h(p)), Math.abs(value)) };
}
