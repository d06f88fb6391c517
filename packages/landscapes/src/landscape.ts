/**
 * A cost landscape: a function of one or two variables with its gradient,
 * the surface the lesson's ball rolls down.
 */
export interface Landscape {
  /** Built-in name (`rosenbrock`) or, for typed functions, the text itself. */
  name: string;
  /** One line on what the surface shows (built-ins). */
  summary?: string;
  /** The function as text, e.g. `(1 - x)^2 + 100 (y - x^2)^2`. */
  expression: string;
  /** `['w']` for a 1-D landscape, `['x', 'y']` for a 2-D one. */
  variables: string[];
  /** The number of variables. */
  dimension: 1 | 2;
  /** f(p); NaN where f is not a real number (e.g. sqrt of a negative). */
  value(p: ArrayLike<number>): number;
  /** Writes ∇f(p) into `out` (length = dimension); NaN where undefined. */
  gradient(p: ArrayLike<number>, out: Float64Array | Float32Array): void;
  /** ∂f/∂v for each variable as text, as mathjs derived it. */
  derivatives?: string[];
  /** Known global minima. */
  minima?: number[][];
  /** f at the known global minima. */
  minimumValue?: number;
  /**
   * A good plotting window: `[[xMin, xMax], [yMin, yMax]]` for 2-D;
   * for 1-D, `[[wMin, wMax], [fMin, fMax]]` (the second pair is the value axis).
   */
  domain?: [[number, number], [number, number]];
  /** A start that shows the surface's character (Rosenbrock's (−1.2, 1), the saddle's ridge). */
  suggestedStart?: number[];
  /** Set on built-ins known to have no minimum (the saddle): why. */
  noMinimum?: string;
}
