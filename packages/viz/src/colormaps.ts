// Colour maps. The diverging map shows signed weights: negative is blue,
// positive is red, and exactly 0 is white. Its stops are ColorBrewer's RdBu
// (designed for even perceptual steps), without the two darkest ends so the
// extremes stay saturated rather than near-black, and with a pure-white centre.

/** A color as red, green and blue, each 0–255. */
export type Rgb = [r: number, g: number, b: number];

/** The colour of the most negative value (t = −1): saturated blue #2166ac. */
export const DIVERGING_NEGATIVE: Readonly<Rgb> = [33, 102, 172];
/** The colour of the most positive value (t = +1): saturated red #b2182b. */
export const DIVERGING_POSITIVE: Readonly<Rgb> = [178, 24, 43];

// t = −1, −0.75, …, +1
const DIVERGING_STOPS = new Float64Array([
  ...DIVERGING_NEGATIVE,
  67,
  147,
  195,
  146,
  197,
  222,
  209,
  229,
  240,
  255,
  255,
  255,
  253,
  219,
  199,
  244,
  165,
  130,
  214,
  96,
  77,
  ...DIVERGING_POSITIVE,
]);

// Viridis (matplotlib), 11 stops at t = 0, 0.1, …, 1: perceptually uniform,
// colour-blind safe, and monotonic in lightness (dark = low).
const VIRIDIS_STOPS = new Float64Array([
  68, 1, 84, 72, 36, 117, 65, 68, 135, 53, 95, 141, 42, 120, 142, 33, 145, 140, 34, 168, 132, 68, 191, 112, 122, 209, 81, 189, 223, 38, 253, 231, 37,
]);

// White to ColorBrewer Blues' darkest, for counts (confusion matrices): 0 stays paper-white.
const BLUES_STOPS = new Float64Array([
  255, 255, 255, 222, 235, 247, 198, 219, 239, 158, 202, 225, 107, 174, 214, 66, 146, 198, 33, 113, 181, 8, 81, 156, 8, 48, 107,
]);

/**
 * Diverging blue–white–red map for t in [−1, 1]: −1 → blue `DIVERGING_NEGATIVE`,
 * 0 → white (255, 255, 255) exactly, +1 → red `DIVERGING_POSITIVE`. Values outside
 * [−1, 1] are clamped; NaN gives mid grey.
 */
export function diverging(t: number): Rgb {
  const out: Rgb = [0, 0, 0];
  writeDiverging(t, out, 0);
  return out;
}

/**
 * `diverging(t)` written into `target[offset..offset+2]` without allocating,
 * for pixel loops. Returns nothing; alpha is the caller's business.
 */
export function writeDiverging(t: number, target: { [i: number]: number }, offset: number): void {
  if (Number.isNaN(t)) {
    target[offset] = target[offset + 1] = target[offset + 2] = 128;
    return;
  }
  interpolateInto(DIVERGING_STOPS, (clamp(t, -1, 1) + 1) / 2, target, offset);
}

/** Sequential map (viridis) for t in [0, 1]: dark purple at 0, yellow at 1. Clamped; NaN gives mid grey. */
export function sequential(t: number): Rgb {
  const out: Rgb = [0, 0, 0];
  writeSequential(t, out, 0);
  return out;
}

/** `sequential(t)` written into `target` at `offset` without allocating. */
export function writeSequential(t: number, target: { [i: number]: number }, offset: number): void {
  if (Number.isNaN(t)) {
    target[offset] = target[offset + 1] = target[offset + 2] = 128;
    return;
  }
  interpolateInto(VIRIDIS_STOPS, clamp(t, 0, 1), target, offset);
}

/** White-to-blue map for t in [0, 1], for counts and probabilities: 0 is white. */
export function blues(t: number): Rgb {
  const out: Rgb = [0, 0, 0];
  interpolateInto(BLUES_STOPS, Number.isNaN(t) ? 0 : clamp(t, 0, 1), out, 0);
  return out;
}

/**
 * Ten categorical colours (Tableau 10): one per training run, digit or path.
 * Distinct in hue and lightness, and legible on white.
 */
export const palette: readonly string[] = Object.freeze([
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
]);

/** The i-th categorical colour, cycling after ten. */
export function categorical(i: number): string {
  return palette[((i % palette.length) + palette.length) % palette.length];
}

/** `[r, g, b]` as `#rrggbb`. */
export function rgbToHex([r, g, b]: Readonly<Rgb>): string {
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}

function hex2(v: number): string {
  return Math.round(clamp(v, 0, 255))
    .toString(16)
    .padStart(2, '0');
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Piecewise-linear interpolation between evenly spaced RGB stops; u in [0, 1]. */
function interpolateInto(stops: Float64Array, u: number, target: { [i: number]: number }, offset: number): void {
  const segments = stops.length / 3 - 1;
  const position = u * segments;
  const k = Math.min(segments - 1, Math.floor(position));
  const f = position - k;
  const a = 3 * k;
  // Rounded so stops (white at 0, the two ends) come out exact.
  target[offset] = Math.round(stops[a] + (stops[a + 3] - stops[a]) * f);
  target[offset + 1] = Math.round(stops[a + 1] + (stops[a + 4] - stops[a + 1]) * f);
  target[offset + 2] = Math.round(stops[a + 2] + (stops[a + 5] - stops[a + 2]) * f);
}
