// What "The lesson's claims" tab says: its fields read from the form or the
// address, the CLI command beside each panel, and the findings as sentences,
// each from the numbers the worker computed (claims-compute.ts). No DOM.
import type { WellSide } from '@downhill/landscapes';
import type { BackpropClaim, GradientClaim, SaddleClaim, SliceClaim } from './claims-compute.js';

/** The shipped lesson network, as the CLI finds it from the repository's root. */
export const LESSON_MODEL_PATH = 'apps/web/src/assets/lesson-model.safetensors';
/** MNIST's test set. */
export const TEST_IMAGES = 10_000;
/** The most seeded runs the page makes (each is 6,000 steps; the CLI takes up to 1,000). */
export const MAX_RUNS = 200;

export type Read = { readonly value: number } | { readonly problem: string };

function wholeNumber(text: string, low: number, high: number, what: string): Read {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { problem: `${what}: expected a whole number from ${low} to ${high.toLocaleString('en-US')}` };
  const value = Number(t);
  return value >= low && value <= high ? { value } : { problem: `${what}: expected a whole number from ${low} to ${high.toLocaleString('en-US')}` };
}

/** The test digit's index, 0 to 9,999. */
export const readDigit = (text: string): Read => wholeNumber(text, 0, TEST_IMAGES - 1, 'test digit');
/** Seeded runs of SGD, 1 to MAX_RUNS. */
export const readRuns = (text: string): Read => wholeNumber(text, 1, MAX_RUNS, 'runs');

/** The CLI command doing what each panel does (its full version). */
export const commands = {
  gradient: (index: number) => `downhill experiment gradient --model ${LESSON_MODEL_PATH} --index ${index}`,
  backprop: (index: number, batch: number) => `downhill experiment backprop --model ${LESSON_MODEL_PATH} --index ${index} --batch ${batch}`,
  saddle: (runs: number) => `downhill experiment saddle --runs ${runs}`,
  slice: () => `downhill viz slice ${LESSON_MODEL_PATH} --resolution 41 --examples 1000 -o slice.svg`,
};

const whole = (n: number) => n.toLocaleString('en-US');
export const percent = (fraction: number, digits = 1): string => `${(100 * fraction).toFixed(digits)} %`;
/** 3 significant digits, an exponent only for the very small or large (as the CLI's findings). */
export const num = (x: number, digits = 3): string =>
  Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));

/** The gradient panel's findings. */
export function gradientFindings(g: GradientClaim): string[] {
  const fromBlank = g.blankPixels * g.neurons;
  return [
    `Test digit ${g.index} (a ${g.label}): ∇C has ${whole(g.parameters)} components, ‖∇C‖ = ${num(g.norm)}; ` +
      `${whole(g.down)} ask their weight to go down, ${whole(g.up)} up.`,
    `Its largest 1 % (${whole(g.top)} components) carry ${percent(g.topShare)} of its length.`,
    `${whole(g.zeros)} components (${percent(g.zeros / g.parameters)}) are exactly 0: ${whole(fromBlank)} of them are the weights from the ${g.blankPixels} blank pixels ` +
      `(${g.blankPixels} × ${g.neurons} neurons), which cannot change this image's cost` +
      (g.zeros > fromBlank ? `; ${whole(g.zeros - fromBlank)} more sit behind saturated sigmoids.` : '.'),
  ];
}

/** Bang for your buck as table rows: k, the cost decrease nudging the k largest, k random ones, and how many times more. */
export function bangRows(g: GradientClaim): [string, string, string, string][] {
  return g.bang.map((b) => [whole(b.k), num(b.top), num(b.random), b.random > 0 ? `${num(b.top / b.random)}×` : '–']);
}

/** The backprop panel's findings. */
export function backpropFindings(b: BackpropClaim): string[] {
  const c = b.comparison;
  return [
    `Backprop: all ${whole(b.parameters)} components from one forward and one backward pass over ${b.batch} images, ${num(b.backpropMs)} ms.`,
    `Finite differences: ${whole(b.forwardPasses)} forward passes (two per parameter), ${num(b.numericMs / 1000)} s, ` +
      `${whole(Math.round(b.numericMs / Math.max(b.backpropMs, 1e-3)))} times as long.`,
    `Largest disagreement: ${num(c.worst, 2)} (parameter ${whole(c.worstAt)}), ${num((100 * c.worst) / (c.largest || 1), 2)} % of the largest component; ` +
      `the signs agree on ${whole(c.clearSignsAgree)} of the ${whole(c.clear)} components larger than that disagreement` +
      `; the other ${whole(c.nonzero - c.clear)} non-zero components are smaller than that, too small for finite differences in float32 to tell their sign.`,
  ];
}

const place: Record<WellSide, string> = { deep: 'the deep valley', shallow: 'the shallow valley', saddle: 'the saddle' };

/** The saddle panel's findings. */
export function saddleFindings(s: SaddleClaim): string[] {
  return [
    `Full-batch gradient descent (no noise, so every seed alike) ends on ${place[s.gd.ridge]} from the ridge and in ${place[s.gd.right]} from the right: ` +
      `${s.gd.ridge === 'deep' ? s.runs : 0} of ${s.runs} and ${s.gd.right === 'deep' ? s.runs : 0} of ${s.runs} reach the deep minimum.`,
    `Mini-batch SGD (batches of 5): ${s.sgd.ridge.deep} of ${s.runs} runs from the ridge (${percent(s.sgd.ridge.deep / s.runs, 0)}) and ` +
      `${s.sgd.right.deep} of ${s.runs} from the right (${percent(s.sgd.right.deep / s.runs, 0)}) reach the deep minimum.`,
  ];
}

/** The fractions that reach the deep minimum, as the panel's table: method and start, then runs deep of runs. */
export function saddleRows(s: SaddleClaim): [string, string, string][] {
  const gd = (side: WellSide) => (side === 'deep' ? s.runs : 0);
  return [
    ['full-batch GD, from the ridge', `${gd(s.gd.ridge)} / ${s.runs}`, percent(gd(s.gd.ridge) / s.runs, 0)],
    ['full-batch GD, from the right', `${gd(s.gd.right)} / ${s.runs}`, percent(gd(s.gd.right) / s.runs, 0)],
    ['SGD (batches of 5), from the ridge', `${s.sgd.ridge.deep} / ${s.runs}`, percent(s.sgd.ridge.deep / s.runs, 0)],
    ['SGD (batches of 5), from the right', `${s.sgd.right.deep} / ${s.runs}`, percent(s.sgd.right.deep / s.runs, 0)],
  ];
}

/** The slice panel's findings. */
export function sliceFindings(s: SliceClaim): string[] {
  return [
    `At the trained weights the cost on ${whole(s.examples)} test images is ${num(s.center, 4)}; on the ${s.resolution} × ${s.resolution} plane it runs from ${num(s.low, 4)} to ${num(s.high, 4)}.`,
    s.lowestAtCenter
      ? 'Along the line, the trained weights are the lowest point sampled: a valley floor, as far as this slice sees.'
      : 'Along the line, some points are lower than the trained weights: the minimum SGD settled near is not the lowest point even on this line.',
    s.low < s.center
      ? `On the plane some points are lower still (${num(s.low, 4)}): the trained weights are not the bottom of even this two-dimensional slice.`
      : 'On the plane, too, no point sampled is lower than the trained weights.',
    s.bends === 0
      ? 'The line bends one way only (convex along it), as slices near a minimum often do; the plane shows more.'
      : `The line's curvature changes sign ${s.bends} time${s.bends === 1 ? '' : 's'}: not convex, even along one line.`,
  ];
}
