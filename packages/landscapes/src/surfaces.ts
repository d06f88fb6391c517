import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

type Spec = Omit<Landscape, 'value' | 'gradient' | 'dimension'> & {
  /** f, written out as mathjs evaluates `expression` (same operations, same order, so the same bits). */
  f(x: number, y: number): number;
  /** ∇f, written out as mathjs differentiates `expression` (its `derivatives`, in its order). */
  df(x: number, y: number, out: Float64Array | Float32Array): void;
};

const { pow, cos, sin, PI: pi } = Math;

/**
 * A built-in surface: its formula and its gradient written out in
 * JavaScript, so the built-ins need no formula parser (mathjs, 90 MB once
 * loaded, is only for functions people type: `@downhill/landscapes/text`).
 * A test checks f and ∇f against mathjs's own parse and derivative, bit for bit.
 */
function builtIn(spec: Spec): Landscape {
  const { f, df, ...rest } = spec;
  const landscape: Landscape = {
    ...rest,
    dimension: spec.variables.length as 1 | 2,
    value: (p) => f(p[0]!, p[1] ?? 0),
    gradient: (p, out) => df(p[0]!, p[1] ?? 0, out),
  };
  return deepFreeze(landscape);
}

function deepFreeze<T>(value: T): T {
  for (const key of Object.keys(value as object)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const child = descriptor?.value as unknown;
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}

/** The lesson's 1-D cost: w = 4 rolls to 2 with η = 0.3. */
export const parabola = builtIn({
  f: (w) => pow(w - 2, 2),
  df: (w, _, g) => {
    g[0] = 2 * (w - 2);
  },
  derivatives: ['2 * (w - 2)'],
  name: 'parabola',
  summary: "the lesson's 1-D cost C(w) = (w - 2)^2, lowest at w = 2",
  expression: '(w - 2)^2',
  variables: ['w'],
  minima: [[2]],
  minimumValue: 0,
  domain: [
    [-1, 5],
    [0, 9],
  ],
  suggestedStart: [4],
});

/** Ill-conditioned quadratic: steep in y, shallow in x, so plain descent zig-zags. */
export const bowl = builtIn({
  f: (x, y) => pow(x, 2) + 10 * pow(y, 2),
  df: (x, y, g) => {
    g[0] = 2 * x;
    g[1] = 20 * y;
  },
  derivatives: ['2 * x', '20 * y'],
  name: 'bowl',
  summary: 'an ill-conditioned quadratic bowl (10x steeper in y): plain descent zig-zags',
  expression: 'x^2 + 10 y^2',
  variables: ['x', 'y'],
  minima: [[0, 0]],
  minimumValue: 0,
  domain: [
    [-5, 5],
    [-3, 3],
  ],
  suggestedStart: [-4, 2],
});

/**
 * Rosenbrock's banana valley, (1 − x)² + 100 (y − x²)²: easy to reach, hard to follow to the minimum at (1,
 * 1).
 */
export const rosenbrock = builtIn({
  f: (x, y) => pow(1 - x, 2) + 100 * pow(y - pow(x, 2), 2),
  df: (x, y, g) => {
    g[0] = -(2 * (1 - x)) - 400 * (x * y - pow(x, 3));
    g[1] = 200 * (y - pow(x, 2));
  },
  derivatives: ['-(2 * (1 - x)) - 400 * (x * y - x ^ 3)', '200 * (y - x ^ 2)'],
  name: 'rosenbrock',
  summary: "Rosenbrock's banana valley: easy to find, slow to follow to (1, 1)",
  expression: '(1 - x)^2 + 100 (y - x^2)^2',
  variables: ['x', 'y'],
  minima: [[1, 1]],
  minimumValue: 0,
  domain: [
    [-2, 2],
    [-1, 3],
  ],
  suggestedStart: [-1.2, 1],
});

/**
 * Himmelblau's function, (x² + y − 11)² + (x + y² − 7)²: four minima, all at 0; which one a run ends in
 * depends on where it starts.
 */
export const himmelblau = builtIn({
  f: (x, y) => pow(pow(x, 2) + y - 11, 2) + pow(x + pow(y, 2) - 7, 2),
  df: (x, y, g) => {
    g[0] = 4 * x * (pow(x, 2) + y - 11) + 2 * (x + pow(y, 2) - 7);
    g[1] = 2 * (pow(x, 2) + y - 11) + 4 * y * (x + pow(y, 2) - 7);
  },
  derivatives: ['4 * x * (x ^ 2 + y - 11) + 2 * (x + y ^ 2 - 7)', '2 * (x ^ 2 + y - 11) + 4 * y * (x + y ^ 2 - 7)'],
  name: 'himmelblau',
  summary: "Himmelblau's function: four equal minima, where you end depends on where you start",
  expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  variables: ['x', 'y'],
  // Roots of the gradient to double precision (checked by Newton's method in the tests).
  minima: [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.28318599128617],
    [3.584428340330492, -1.848126526964404],
  ],
  minimumValue: 0,
  domain: [
    [-5, 5],
    [-5, 5],
  ],
  suggestedStart: [0, 0],
});

/** Beale's function: flat plateaus and steep walls around the minimum at (3, 0.5). */
export const beale = builtIn({
  f: (x, y) => pow(1.5 - x + x * y, 2) + pow(2.25 - x + x * pow(y, 2), 2) + pow(2.625 - x + x * pow(y, 3), 2),
  df: (x, y, g) => {
    g[0] =
      2 * (x * (pow(y - 1, 2) + pow(pow(y, 2) - 1, 2) + pow(pow(y, 3) - 1, 2)) + ((y - 1) * 3) / 2 + ((pow(y, 2) - 1) * 9) / 4 + ((pow(y, 3) - 1) * 21) / 8);
    g[1] = x * (2 * (x * (y - 1) + 3 / 2) + 4 * y * (x * (pow(y, 2) - 1) + 9 / 4)) + 6 * (pow(x, 2) * (pow(y, 3) - 1) + (x * 21) / 8) * pow(y, 2);
  },
  derivatives: [
    '2 * (x * ((y - 1) ^ 2 + (y ^ 2 - 1) ^ 2 + (y ^ 3 - 1) ^ 2) + (y - 1) * 3 / 2 + (y ^ 2 - 1) * 9 / 4 + (y ^ 3 - 1) * 21 / 8)',
    'x * (2 * (x * (y - 1) + 3 / 2) + 4 * y * (x * (y ^ 2 - 1) + 9 / 4)) + 6 * (x ^ 2 * (y ^ 3 - 1) + x * 21 / 8) * y ^ 2',
  ],
  name: 'beale',
  summary: "Beale's function: flat plateaus and sharp ridges around the minimum at (3, 0.5)",
  expression: '(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2',
  variables: ['x', 'y'],
  minima: [[3, 0.5]],
  minimumValue: 0,
  domain: [
    [-4.5, 4.5],
    [-4.5, 4.5],
  ],
  suggestedStart: [1, 1],
});

/** A saddle point at the origin and no minimum: descent slides off along y. */
export const saddle = builtIn({
  f: (x, y) => pow(x, 2) - pow(y, 2),
  df: (x, y, g) => {
    g[0] = 2 * x;
    g[1] = -(2 * y);
  },
  derivatives: ['2 * x', '-(2 * y)'],
  name: 'saddle',
  summary: 'a saddle: the origin is flat but not a minimum, and the surface falls without bound along y',
  expression: 'x^2 - y^2',
  variables: ['x', 'y'],
  noMinimum: 'f(x, y) = x^2 - y^2 has no minimum: it decreases without bound along y (f(0, y) = -y^2)',
  domain: [
    [-2, 2],
    [-2, 2],
  ],
  suggestedStart: [1.5, 0.01],
});

/**
 * Rastrigin's function, 20 + Σ (v² − 10 cos 2πv): a bowl covered in local minima; the global one is at (0,
 * 0).
 */
export const rastrigin = builtIn({
  f: (x, y) => 20 + pow(x, 2) - 10 * cos(2 * pi * x) + pow(y, 2) - 10 * cos(2 * pi * y),
  df: (x, y, g) => {
    g[0] = 2 * x + 20 * pi * sin(2 * pi * x);
    g[1] = 2 * y + 20 * pi * sin(2 * pi * y);
  },
  derivatives: ['2 * x + 20 * pi * sin(2 pi x)', '2 * y + 20 * pi * sin(2 pi y)'],
  name: 'rastrigin',
  summary: 'Rastrigin: a bowl covered in local minima that trap plain descent',
  expression: '20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)',
  variables: ['x', 'y'],
  minima: [[0, 0]],
  minimumValue: 0,
  domain: [
    [-5.12, 5.12],
    [-5.12, 5.12],
  ],
  suggestedStart: [2.2, -1.6],
});

/** The built-in surfaces by name. */
export const surfaces: ReadonlyMap<string, Landscape> = new Map([parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin].map((l) => [l.name, l]));

/** A built-in surface by name (`rosenbrock`, any case), or undefined. */
export function getSurface(name: string): Landscape | undefined {
  if (typeof name !== 'string') return undefined;
  const key = name.trim();
  return surfaces.get(key) ?? surfaces.get(key.toLowerCase());
}

/**
 * A built-in by name, or a LandscapeError listing them. (A function typed as
 * text: `getLandscape` in `@downhill/landscapes/text`.)
 */
export function surfaceNamed(name: string): Landscape {
  const found = getSurface(name);
  if (found !== undefined) return found;
  throw new LandscapeError('unknown-surface', `unknown surface ${JSON.stringify(String(name).trim())}: expected one of ${[...surfaces.keys()].join(', ')}`);
}
