// The four experiments of "The lesson's claims" tab, computed (in its worker)
// by the same package functions `downhill experiment gradient | backprop |
// saddle` and `downhill viz slice` call: nothing here re-derives a finding,
// it only picks the inputs (the shipped lesson network, MNIST test images)
// and the sizes a browser tab can afford. No DOM: the unit tests run it in Node.
import type { Cost } from '@downhill/cost';
import type { LabeledImages } from '@downhill/datasets';
import { tallyWellRuns, descendWell, sampleGrid, tiltedDoubleWell, wantsLogColor, wellSide, type WellSide } from '@downhill/landscapes';
import { Rng } from '@downhill/linalg';
import { compareGradients, finiteDifferenceGradient, type GradientComparison, medianMilliseconds, type Network } from '@downhill/network';
import { type BangForBuck, bangForBuck, consecutiveBatch, costAt, filterNormalizedDirection, gradientAnatomy, imageExamples } from '@downhill/train';
import { functionWithBall, landscapeChart, scatterChart } from '@downhill/viz';

/** The sizes each experiment uses: the CLI's defaults (its gradientDefaults, backpropDefaults, saddleDefaults), and a smaller slice than `viz slice`'s. */
export const claimDefaults = {
  /** Bang for your buck: k, the step's length, and the seed of the random picks (`downhill experiment gradient`'s --seed 1). */
  ks: [10, 100, 1000] as const,
  step: 0.1,
  seed: 1,
  /** Backprop vs finite differences: a mini-batch of 10 test images. */
  backpropBatch: 10,
  /** The saddle: runs of batches of 5 of the double well's 100 examples, 300 passes, η = 0.05 annealed to 0. */
  runs: 20,
  saddleBatch: 5,
  saddleEpochs: 300,
  saddleLearningRate: 0.05,
  /** The slice: 200 test images, a 21 × 21 plane, ±1 neuron-sized step along each direction. */
  sliceExamples: 200,
  sliceResolution: 21,
  sliceSpan: 1,
} as const;

export interface GradientClaim {
  readonly index: number;
  readonly label: number;
  /** The image (28 × 28 bytes, MNIST's white ink on black). */
  readonly pixels: Uint8Array;
  /** Weights and biases in the network. */
  readonly parameters: number;
  /** The first layer's ∂C/∂W, neuron after neuron (inputs each). */
  readonly firstLayer: Float32Array;
  readonly neurons: number;
  readonly inputs: number;
  readonly norm: number;
  readonly zeros: number;
  /** Pixels blank (0) in the image: their weights' components are 0 in every neuron. */
  readonly blankPixels: number;
  /** The largest 1 % of the components, and the share of ‖∇C‖ they carry. */
  readonly top: number;
  readonly topShare: number;
  /** Components asking their weight to go down (∂C/∂w > 0) and up (< 0). */
  readonly down: number;
  readonly up: number;
  readonly bang: readonly BangForBuck[];
}

/** `downhill experiment gradient --index N` for one test digit: the gradient's first layer, its anatomy and bang for the buck. */
export function gradientClaim(network: Network, test: LabeledImages, cost: Cost, index: number): GradientClaim {
  if (!(Number.isInteger(index) && index >= 0 && index < test.count)) throw new RangeError(`expected a test image from 0 to ${test.count - 1}, found ${index}`);
  const one = { ...consecutiveBatch(imageExamples(test), index, 1), cost };
  network.computeGradients(one.x, one.y, cost);
  const g = Float64Array.from(network.grads);
  const anatomy = gradientAnatomy(g);
  const first = network.layers[0]!;
  const pixels = test.rows * test.cols;
  let blankPixels = 0;
  for (let p = index * pixels; p < (index + 1) * pixels; p++) if (test.pixels[p] === 0) blankPixels++;
  const ks = claimDefaults.ks.filter((k) => k <= g.length);
  const bang = bangForBuck(network, g, one, { ks, length: claimDefaults.step, rng: new Rng(claimDefaults.seed) });
  return {
    index,
    label: test.labels[index]!,
    pixels: test.pixels.slice(index * pixels, (index + 1) * pixels),
    parameters: g.length,
    firstLayer: Float32Array.from(g.subarray(first.offset, first.offset + first.weight.length)),
    neurons: first.outputSize,
    inputs: first.inputSize,
    norm: anatomy.norm,
    zeros: anatomy.zeros,
    blankPixels,
    top: anatomy.top,
    topShare: anatomy.topShare,
    down: anatomy.positive,
    up: anatomy.negative,
    bang,
  };
}

export interface BackpropClaim {
  readonly parameters: number;
  readonly batch: number;
  /** One forward and one backward pass (the median of `reps`, 200 as in the CLI), in ms. */
  readonly backpropMs: number;
  /** Finite differences for every parameter, in ms. */
  readonly numericMs: number;
  readonly forwardPasses: number;
  readonly comparison: GradientComparison;
  /** The two gradients against each other (SVG). */
  readonly svg: string;
}

/** `downhill experiment backprop --index N --batch B`: backprop against finite differences for every parameter on one mini-batch. */
export function backpropClaim(
  network: Network,
  test: LabeledImages,
  cost: Cost,
  options: { index?: number; batch?: number; reps?: number; onProgress?: (done: number, total: number) => void } = {},
): BackpropClaim {
  const batch = options.batch ?? claimDefaults.backpropBatch;
  const { x, y } = consecutiveBatch(imageExamples(test), options.index ?? 0, batch);
  network.computeGradients(x, y, cost);
  const backprop = Float64Array.from(network.grads);
  const backpropMs = medianMilliseconds(() => network.computeGradients(x, y, cost), options.reps ?? 200);
  const started = performance.now();
  const { gradient: numeric, forwardPasses } = finiteDifferenceGradient(network, x, y, cost, options.onProgress ? { onProgress: options.onProgress } : {});
  const numericMs = performance.now() - started;
  const n = network.parameterCount;
  const svg = scatterChart({
    title: `∂C/∂θ, all ${n.toLocaleString('en-US')} of them: backprop vs finite differences`,
    xLabel: 'backprop (one backward pass)',
    yLabel: `finite differences (${forwardPasses.toLocaleString('en-US')} forward passes)`,
    series: [{ name: 'one parameter', x: backprop, y: numeric }],
    identity: true,
    width: 640,
    height: 440,
  });
  return { parameters: n, batch, backpropMs, numericMs, forwardPasses, comparison: compareGradients(backprop, numeric), svg };
}

export interface SaddleClaim {
  readonly runs: number;
  /** Where full-batch gradient descent ended, from the ridge and from the right (no noise: the same for every seed). */
  readonly gd: { readonly ridge: WellSide; readonly right: WellSide };
  /** How many of the seeded SGD runs ended in each place, from the ridge and from the right. */
  readonly sgd: { readonly ridge: Record<WellSide, number>; readonly right: Record<WellSide, number> };
  /** The double well with the paths (SVG). */
  readonly svg: string;
}

/** `downhill experiment saddle --runs N`: full-batch GD and SGD (batches of 5) on the tilted double well, from its ridge and from the right. */
export function saddleClaim(options: { runs: number; seed?: number; onRun?: (done: number, total: number) => void }): SaddleClaim {
  const seed = options.seed ?? claimDefaults.seed,
    runs = options.runs;
  const well = tiltedDoubleWell({ rng: new Rng(seed) });
  const runOptions = { epochs: claimDefaults.saddleEpochs, learningRate: claimDefaults.saddleLearningRate, rngFor: (s: number) => new Rng(s) };
  const ridge = [well.saddle[0]!, 1],
    right = [2, 1];
  const gdRidge = descendWell(well, ridge, well.count, seed, runOptions),
    gdRight = descendWell(well, right, well.count, seed, runOptions);
  const tally = (start: number[], before: number) =>
    tallyWellRuns(well, start, claimDefaults.saddleBatch, { ...runOptions, runs, seed, onRun: (done) => options.onRun?.(before + done, 2 * runs) });
  const sgdRidge = tally(ridge, 0),
    sgdRight = tally(right, runs);
  const { landscape } = well;
  const grid = sampleGrid(landscape, { xRange: landscape.domain![0], yRange: landscape.domain![1], nx: 121, ny: 97 });
  const svg = landscapeChart({
    grid,
    // SGD's noisy paths first, so full-batch descent's two are drawn over them and stay visible.
    paths: [
      ...sgdRidge.paths.map((p, i) => ({ name: `SGD, run ${i + 1}`, points: p.points })),
      { name: 'GD, ridge', points: gdRidge.points },
      { name: 'GD, right', points: gdRight.points },
    ],
    minima: [well.deep, well.shallow],
    title: 'Full-batch GD stays; SGD (batches of 5) escapes',
    logColor: wantsLogColor(grid.values),
    xLabel: 'x',
    yLabel: 'y',
    valueLabel: 'C(x, y)',
    width: 640,
    height: 340,
  });
  return {
    runs,
    gd: { ridge: wellSide(well, gdRidge.final.point), right: wellSide(well, gdRight.final.point) },
    sgd: { ridge: sgdRidge.count, right: sgdRight.count },
    svg,
  };
}

export interface SliceClaim {
  readonly examples: number;
  readonly resolution: number;
  /** Costs measured in all (the curve's samples and the plane's points). */
  readonly costs: number;
  /** The cost at the trained weights (the ball, the plane's centre). */
  readonly center: number;
  /** The lowest and highest cost on the plane. */
  readonly low: number;
  readonly high: number;
  /** Costs along the first direction (the plane's middle row), and whether the trained weights are their lowest. */
  readonly line: Float64Array;
  readonly lowestAtCenter: boolean;
  /** Bends of the line: sign changes of its second differences (0: convex along the whole line). */
  readonly bends: number;
  /** The 1-D slice with the ball at the trained weights, and the plane (SVG). */
  readonly lineSvg: string;
  readonly planeSvg: string;
}

/**
 * A small `downhill viz slice`: the cost on the first `examples` test images
 * along a random direction scaled neuron by neuron (Li et al. 2018), the ball
 * at the trained weights, and on the plane of two such directions.
 */
export function sliceClaim(
  network: Network,
  test: LabeledImages,
  cost: Cost,
  options: { examples?: number; resolution?: number; span?: number; seed?: number; onProgress?: (done: number, total: number) => void } = {},
): SliceClaim {
  const count = Math.min(options.examples ?? claimDefaults.sliceExamples, test.count);
  const n = options.resolution ?? claimDefaults.sliceResolution,
    span = options.span ?? claimDefaults.sliceSpan;
  const images: LabeledImages = {
    ...test,
    count,
    pixels: test.pixels.subarray(0, count * test.rows * test.cols),
    labels: test.labels.subarray(0, count),
  };
  const examples = imageExamples(images);
  const trained = network.params.slice();
  const rng = new Rng(options.seed ?? claimDefaults.seed);
  const directions = [filterNormalizedDirection(network, rng), filterNormalizedDirection(network, rng)];
  const axis = (k: number) => -span + (2 * span * k) / (n - 1);
  // About: the curve's 401 samples, the ball and its tangent, then the plane's n² (viz decides the curve's; the count is kept below).
  const total = 404 + n * n;
  let done = 0;
  const tick = () => {
    done++;
    if (done % 20 === 0) options.onProgress?.(Math.min(done, total), total);
  };
  const at = (coords: number[]) => costAt(network, examples, cost, trained, directions.slice(0, coords.length), coords);
  const center = at([]);
  const lineSvg = functionWithBall({
    f: (alpha) => {
      tick();
      return at([alpha]);
    },
    xRange: [-span, span],
    path: [0],
    title: 'Cost along a random direction through the trained weights',
    xLabel: "α (weights = trained + α·direction, each neuron scaled to its own weights' size)",
    yLabel: 'cost',
    note: `the ball: the trained weights (α = 0), cost ${center.toPrecision(4)}`,
    width: 640,
    height: 360,
  });
  const values = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      values[j * n + i] = at([axis(i), axis(j)]);
      tick();
    }
  }
  network.params.set(trained);
  const mid = (n - 1) / 2;
  const line = Number.isInteger(mid) ? values.slice(mid * n, mid * n + n) : Float64Array.from({ length: n }, (_, i) => at([axis(i)]));
  let bends = 0,
    last = 0;
  for (let i = 1; i + 1 < n; i++) {
    const second = line[i - 1]! - 2 * line[i]! + line[i + 1]!;
    const sign = Math.sign(second);
    if (sign !== 0 && last !== 0 && sign !== last) bends++;
    if (sign !== 0) last = sign;
  }
  const grid = { xs: Float64Array.from({ length: n }, (_, i) => axis(i)), ys: Float64Array.from({ length: n }, (_, j) => axis(j)), values };
  const planeSvg = landscapeChart({
    grid,
    paths: [{ name: 'the trained weights', points: [[0, 0]] }],
    title: `Cost on a random plane through the trained weights, ${n} × ${n}`,
    logColor: true,
    xLabel: 'random direction 1',
    yLabel: 'random direction 2',
    valueLabel: 'cost',
    width: 640,
    height: 460,
  });
  let low = Number.POSITIVE_INFINITY,
    high = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return { examples: count, resolution: n, costs: done + 1, center, low, high, line, lowestAtCenter: line.every((v) => v >= center), bends, lineSvg, planeSvg };
}
