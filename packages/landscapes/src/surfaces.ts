import { landscapeFromText, rawValue, registerRawEvaluator } from './from-text.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';

type Spec = Omit<Landscape, 'value' | 'gradient' | 'derivatives' | 'dimension'>;

/**
 * A built-in defined by its text like any typed function; mathjs parses and
 * differentiates it on first use, so importing the package stays cheap.
 */
function builtIn(spec: Spec): Landscape {
  let compiled: Landscape | undefined;
  const load = (): Landscape => (compiled ??= landscapeFromText(spec.expression, { variables: spec.variables }));
  const landscape: Landscape = {
    ...spec,
    dimension: spec.variables.length as 1 | 2,
    value: (p) => load().value(p),
    gradient: (p, out) => load().gradient(p, out),
    get derivatives() {
      return load().derivatives;
    },
  };
  registerRawEvaluator(landscape, (p) => rawValue(load(), p));
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
  name: 'parabola',
  summary: "the lesson's 1-D cost C(w) = (w - 2)^2, lowest at w = 2",
  expression: '(w - 2)^2',
  variables: ['w'],
  minima: [[2]],
  minimumValue: 0,
  domain: [[-1, 5], [0, 9]],
  suggestedStart: [4],
});

/** Ill-conditioned quadratic: steep in y, shallow in x, so plain descent zig-zags. */
export const bowl = builtIn({
  name: 'bowl',
  summary: 'an ill-conditioned quadratic bowl (10x steeper in y): plain descent zig-zags',
  expression: 'x^2 + 10 y^2',
  variables: ['x', 'y'],
  minima: [[0, 0]],
  minimumValue: 0,
  domain: [[-5, 5], [-3, 3]],
  suggestedStart: [-4, 2],
});

export const rosenbrock = builtIn({
  name: 'rosenbrock',
  summary: "Rosenbrock's banana valley: easy to find, slow to follow to (1, 1)",
  expression: '(1 - x)^2 + 100 (y - x^2)^2',
  variables: ['x', 'y'],
  minima: [[1, 1]],
  minimumValue: 0,
  domain: [[-2, 2], [-1, 3]],
  suggestedStart: [-1.2, 1],
});

export const himmelblau = builtIn({
  name: 'himmelblau',
  summary: "Himmelblau's function: four equal minima, where you end depends on where you start",
  expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  variables: ['x', 'y'],
  // Roots of the gradient to double precision (checked by Newton's method in the tests).
  minima: [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286170],
    [3.584428340330492, -1.848126526964404],
  ],
  minimumValue: 0,
  domain: [[-5, 5], [-5, 5]],
  suggestedStart: [0, 0],
});

export const beale = builtIn({
  name: 'beale',
  summary: "Beale's function: flat plateaus and sharp ridges around the minimum at (3, 0.5)",
  expression: '(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2',
  variables: ['x', 'y'],
  minima: [[3, 0.5]],
  minimumValue: 0,
  domain: [[-4.5, 4.5], [-4.5, 4.5]],
  suggestedStart: [1, 1],
});

/** A saddle point at the origin and no minimum: descent slides off along y. */
export const saddle = builtIn({
  name: 'saddle',
  summary: 'a saddle: the origin is flat but not a minimum, and the surface falls without bound along y',
  expression: 'x^2 - y^2',
  variables: ['x', 'y'],
  noMinimum: 'f(x, y) = x^2 - y^2 has no minimum: it decreases without bound along y (f(0, y) = -y^2)',
  domain: [[-2, 2], [-2, 2]],
  suggestedStart: [1.5, 0.01],
});

export const rastrigin = builtIn({
  name: 'rastrigin',
  summary: 'Rastrigin: a bowl covered in local minima that trap plain descent',
  expression: '20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)',
  variables: ['x', 'y'],
  minima: [[0, 0]],
  minimumValue: 0,
  domain: [[-5.12, 5.12], [-5.12, 5.12]],
  suggestedStart: [2.2, -1.6],
});

/** The built-in surfaces by name. */
export const surfaces: ReadonlyMap<string, Landscape> = new Map(
  [parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin].map((l) => [l.name, l]),
);

/**
 * A built-in by name (`rosenbrock`), or else the text parsed as a function (`x^2 + y^2`).
 * A bare word longer than one letter that is not a built-in is taken as a misspelt name, not as f(word) = word.
 */
export function getLandscape(nameOrText: string): Landscape {
  if (typeof nameOrText !== 'string') {
    throw new LandscapeError('bad-argument', `expected a surface name or a function as text, found ${typeof nameOrText}`);
  }
  const key = nameOrText.trim();
  const found = surfaces.get(key) ?? surfaces.get(key.toLowerCase());
  if (found !== undefined) return found;
  if (/^[A-Za-z_][A-Za-z0-9_]+$/.test(key)) {
    throw new LandscapeError(
      'unknown-surface',
      `unknown surface ${JSON.stringify(key)}: expected one of ${[...surfaces.keys()].join(', ')}, or a function such as x^2 + 10 y^2`,
    );
  }
  return landscapeFromText(key);
}
