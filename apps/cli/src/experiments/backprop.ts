import { getCost } from '@downhill/cost';
import { compareGradients, finiteDifferenceGradient, medianMilliseconds } from '@downhill/network';
import { consecutiveBatch, createRun, imageExamples, lessonSettings } from '@downhill/train';
import { scatterChart } from '@downhill/viz';
import { loadData } from '../data.js';
import { type Output, workProgress } from '../progress.js';
import { checkTestRange, Experiment, type ExperimentFlags, type ExperimentResult, networkToStudy, num, percent } from './common.js';

export const backpropDefaults = { batch: 10 };

export interface BackpropFlags extends ExperimentFlags {
  /** A trained model instead of the lesson's network as it starts (from --seed). */
  model?: string;
  /** The first test image of the mini-batch. */
  index?: number;
  /** Images in the mini-batch. */
  batch?: number;
}

/**
 * The lesson's claim: "computing ∂C/∂w for every weight by finite differences
 * would require millions of forward passes; backpropagation computes all
 * gradients in a single backward pass." Both, on one mini-batch, for every
 * weight and bias of the lesson's network: the time each takes, the forward
 * passes finite differences need, and how far apart the two gradients are.
 */
export async function backpropExperiment(flags: BackpropFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('backprop', flags, output);
  const { test, name } = await loadData(flags);
  const size = flags.batch ?? backpropDefaults.batch,
    start = flags.index ?? 0;
  checkTestRange(test, start, size);
  const { network, costName, about } = await networkToStudy(flags.model, test, () => ({
    network: createRun({ ...lessonSettings, seed: flags.seed }).network,
    about: `the lesson's network as it starts (seed ${flags.seed})`,
  }));
  const cost = getCost(costName);
  const { x: xb, y: yb } = consecutiveBatch(imageExamples(test), start, size);
  const n = network.parameterCount;
  output.line(`${about}: ${n.toLocaleString('en-US')} weights and biases; a mini-batch of ${size} ${name} test images (from number ${start})`);

  // Backprop: one forward and one backward pass for all of them (the median of many, for a steady time).
  network.computeGradients(xb, yb, cost);
  const backprop = Float64Array.from(network.grads);
  const backpropMs = medianMilliseconds(() => network.computeGradients(xb, yb, cost), 200);

  // Finite differences: two forward passes per parameter.
  const started = performance.now();
  const tick = workProgress(output, 'finite differences', n, 'parameters');
  const { gradient: numeric, forwardPasses } = finiteDifferenceGradient(network, xb, yb, cost, { onProgress: (done) => tick(done) });
  const numericMs = performance.now() - started;

  const { worst, worstAt, largest, nonzero, clear, clearSignsAgree } = compareGradients(backprop, numeric);
  await x.write(
    'backprop-vs-finite-differences.svg',
    scatterChart({
      title: `∂C/∂θ for all ${n.toLocaleString('en-US')} weights and biases: backprop vs finite differences`,
      xLabel: 'backprop (one backward pass)',
      yLabel: `finite differences (${forwardPasses.toLocaleString('en-US')} forward passes)`,
      series: [{ name: 'one parameter', x: backprop, y: numeric }],
      identity: true,
    }),
  );
  x.finding(
    `Backprop computed all ${n.toLocaleString('en-US')} components of the gradient in one forward and one backward pass: ${num(backpropMs, 3)} ms. ` +
      `Finite differences needed ${forwardPasses.toLocaleString('en-US')} forward passes (two per parameter): ${num(numericMs / 1000, 3)} s, ${Math.round(numericMs / backpropMs).toLocaleString('en-US')} times as long.`,
  );
  x.finding(
    `They agree: the largest disagreement is ${num(worst, 2)} (parameter ${worstAt}), ${num((100 * worst) / largest, 2)}% of the largest component (${num(largest, 3)}); ` +
      `the signs agree on ${clearSignsAgree.toLocaleString('en-US')} of the ${clear.toLocaleString('en-US')} components larger than that disagreement` +
      `; the other ${(nonzero - clear).toLocaleString('en-US')} non-zero components are smaller than that, too small for finite differences in float32 to tell their sign.`,
  );
  // A forward pass costs about one multiply-add per weight, so finite differences grow as the square of the size.
  const millionMinutes = ((numericMs / forwardPasses) * (1e6 / n) * 2e6) / 60_000;
  x.finding(
    `${percent((n - nonzero) / n)} of the components are exactly 0: weights from pixels that are blank in all ${size} images. ` +
      `For a network of a million weights, finite differences would need two million forward passes, each about ${num(1e6 / n, 2)} times longer than these: ` +
      `about ${num(millionMinutes, 2)} minutes for one gradient, which backprop gets from one forward and one backward pass.`,
  );
  return x.finish();
}
