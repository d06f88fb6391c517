// Small 2-D classification sets, for pictures of decision boundaries and
// quick experiments. Every set is drawn from the `Rng` passed in (same seed,
// same points), is centred on the origin (noiseless points lie within
// [−1.5, 1.5]², all but the moons within [−1, 1]²), and has labels interleaved
// 0, 1, 2, … so the classes are as balanced as n allows (counts differ by at
// most one) and any prefix of the set is balanced too.
import type { Rng } from '@downhill/linalg';
import { DatasetError } from './errors.js';

/** A set of labeled points in the plane. */
export interface PointSet {
  /** Number of points. */
  count: number;
  /** count × 2 coordinates, row-major: point i is (points[2i], points[2i + 1]). */
  points: Float32Array;
  /** One label per point, each below `classes`. */
  labels: Uint8Array;
  /** Number of classes: the length of a one-hot target. */
  classes: number;
}

/** Options every synthetic set takes. */
export interface SyntheticOptions {
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise?: number;
}

/** Options of `spirals`. */
export interface SpiralsOptions extends SyntheticOptions {
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** How many times each arm winds around the centre (default 1). */
  turns?: number;
}

/** Options of `circles`. */
export interface CirclesOptions extends SyntheticOptions {
  /** Radius of the inner circle (class 1) relative to the outer (class 0); default 0.5. */
  factor?: number;
}

/** Options of `blobs`. */
export interface BlobsOptions extends SyntheticOptions {
  /** Number of blobs, one class each (default 3), their centres evenly spaced on a circle of radius 0.7. */
  classes?: number;
}

/** A synthetic set's maker: `n` points drawn from `rng` (`syntheticSets` has them all by name, e.g. for a picker in a UI or a CLI flag). */
export type SyntheticSet = (n: number, rng: Rng, options?: SpiralsOptions & CirclesOptions) => PointSet;

function check(name: string, n: number, classes: number, noise: number): void {
  if (!Number.isInteger(n) || n < 1) throw new DatasetError(name, 'a point count that is a positive integer', `${n}`);
  if (!Number.isInteger(classes) || classes < 2 || classes > 256) {
    throw new DatasetError(name, 'a class count that is an integer in 2 .. 256', `${classes}`);
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) {
    throw new DatasetError(name, 'a noise level that is a finite number ≥ 0', `${noise}`);
  }
}

function emptySet(n: number, classes: number): PointSet {
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % classes;
  return { count: n, points: new Float32Array(2 * n), labels, classes };
}

/** Point i of class k is the (i / classes)-th of how many class k gets: where along its curve it sits. */
function position(i: number, n: number, classes: number): number {
  const k = i % classes;
  const perClass = Math.floor((n - k - 1) / classes) + 1;
  return (Math.floor(i / classes) + 0.5) / perClass;
}

/** Interleaved spiral arms, one per class: the classic set a linear model cannot separate. */
export function spirals(n: number, rng: Rng, options: SpiralsOptions = {}): PointSet {
  const { classes = 2, noise = 0.05, turns = 1 } = options;
  check('spirals', n, classes, noise);
  if (!(turns > 0) || !Number.isFinite(turns)) throw new DatasetError('spirals', 'a number of turns > 0', `${turns}`);
  const set = emptySet(n, classes);
  for (let i = 0; i < n; i++) {
    const t = position(i, n, classes);
    const angle = 2 * Math.PI * (turns * t + set.labels[i]! / classes);
    set.points[2 * i] = t * Math.cos(angle) + rng.normal(0, noise);
    set.points[2 * i + 1] = t * Math.sin(angle) + rng.normal(0, noise);
  }
  return set;
}

/** Two interleaving half circles (scikit-learn's make_moons), centred on the origin. */
export function moons(n: number, rng: Rng, options: SyntheticOptions = {}): PointSet {
  const { noise = 0.1 } = options;
  check('moons', n, 2, noise);
  const set = emptySet(n, 2);
  for (let i = 0; i < n; i++) {
    const a = Math.PI * position(i, n, 2);
    // Upper moon over [−1, 1], lower moon over [0, 2] shifted down; then centre both.
    const [x, y] = set.labels[i] === 0 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
    set.points[2 * i] = x - 0.5 + rng.normal(0, noise);
    set.points[2 * i + 1] = y - 0.25 + rng.normal(0, noise);
  }
  return set;
}

/** A circle of radius 1 (class 0) around a smaller concentric one (class 1). */
export function circles(n: number, rng: Rng, options: CirclesOptions = {}): PointSet {
  const { noise = 0.05, factor = 0.5 } = options;
  check('circles', n, 2, noise);
  if (!(factor > 0 && factor < 1)) throw new DatasetError('circles', 'a factor in (0, 1)', `${factor}`);
  const set = emptySet(n, 2);
  for (let i = 0; i < n; i++) {
    const r = set.labels[i] === 0 ? 1 : factor;
    const a = rng.uniformIn(0, 2 * Math.PI);
    set.points[2 * i] = r * Math.cos(a) + rng.normal(0, noise);
    set.points[2 * i + 1] = r * Math.sin(a) + rng.normal(0, noise);
  }
  return set;
}

/** Gaussian blobs, one per class, around centres evenly spaced on a circle of radius 0.7. */
export function blobs(n: number, rng: Rng, options: BlobsOptions = {}): PointSet {
  const { classes = 3, noise = 0.15 } = options;
  check('blobs', n, classes, noise);
  const set = emptySet(n, classes);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * set.labels[i]!) / classes + Math.PI / 2;
    set.points[2 * i] = 0.7 * Math.cos(a) + rng.normal(0, noise);
    set.points[2 * i + 1] = 0.7 * Math.sin(a) + rng.normal(0, noise);
  }
  return set;
}

/**
 * XOR: points uniform in the four quadrants of [−1, 1]², class 0 where x and y
 * have the same sign, class 1 where they differ. Noise (default 0) moves
 * points after labelling, so it blurs the boundary.
 */
export function xor(n: number, rng: Rng, options: SyntheticOptions = {}): PointSet {
  const { noise = 0 } = options;
  check('xor', n, 2, noise);
  const set = emptySet(n, 2);
  for (let i = 0; i < n; i++) {
    // Alternate the quadrant pair within each class so they share points evenly.
    const sx = (i >> 1) % 2 === 0 ? 1 : -1;
    const sy = set.labels[i] === 0 ? sx : -sx;
    set.points[2 * i] = sx * rng.uniform() + rng.normal(0, noise);
    set.points[2 * i + 1] = sy * rng.uniform() + rng.normal(0, noise);
  }
  return set;
}

/** The names of the synthetic sets. */
export type SyntheticSetName = 'spirals' | 'moons' | 'circles' | 'blobs' | 'xor';

/** Every synthetic set by name. */
export const syntheticSets: ReadonlyMap<SyntheticSetName, SyntheticSet> = new Map<SyntheticSetName, SyntheticSet>([
  ['spirals', spirals],
  ['moons', moons],
  ['circles', circles],
  ['blobs', blobs],
  ['xor', xor],
]);
