import { scalePixels } from '@downhill/datasets';
import { matrix, Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { barChart, digitWithOutputs, histogram01 } from '@downhill/viz';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { readModel } from '../model.js';
import type { Output } from '../progress.js';
import { Experiment, type ExperimentFlags, type ExperimentResult, lessonNetwork, num, percent, trainNetwork } from './common.js';
import { mean, rowMax } from './stats.js';

export const noiseDefaults = { epochs: 5, count: 10_000 };

export interface NoiseFlags extends ExperimentFlags {
  /** A trained model to test instead of training one. */
  model?: string;
  /** How many noise images. */
  count?: number;
}

/** Every row of `inputs` through the network, in batches; the outputs as one array. */
function outputsOf(network: Network, inputs: Float32Array, count: number): Float32Array {
  const n = network.spec.inputSize,
    classes = network.outputSize;
  const out = new Float32Array(count * classes);
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const y = network.forward(matrix(size, n, inputs.subarray(start * n, (start + size) * n)));
    out.set(y.data, start * classes);
  }
  return out;
}

/**
 * Show the network images of pure noise (every pixel uniform in [0, 1]) and
 * ask how sure it is: a network trained only on digits has no way to say
 * "none of these", so it answers anyway, often confidently.
 */
export async function noiseExperiment(flags: NoiseFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('noise', flags, output);
  const { train, test, name } = await loadData(flags);
  if (test.count === 0) throw new UsageError('experiment noise: needs test images to compare with (--test-limit 0 leaves none)');
  let network: Network, about: string;
  if (flags.model) {
    network = (await readModel(flags.model)).network;
    about = flags.model;
  } else {
    const epochs = flags.epochs ?? noiseDefaults.epochs;
    network = (await trainNetwork({ settings: lessonNetwork, train, epochs, seed: flags.seed, label: 'the network to test', output })).network;
    about = `the lesson's network after ${epochs} epoch${epochs === 1 ? '' : 's'}`;
  }
  const size = test.rows * test.cols;
  if (network.spec.inputSize !== size)
    throw new UsageError(`${flags.model}: the model expects ${network.spec.inputSize} inputs, ${name} images have ${size} pixels`);
  const classes = network.outputSize;

  const count = flags.count ?? noiseDefaults.count;
  const noise = new Float32Array(count * size);
  new Rng(flags.seed).fillUniform(noise, 0, 1);
  const real = scalePixels(test.pixels.subarray(0, test.count * size));
  const noiseOut = outputsOf(network, noise, count);
  const realOut = outputsOf(network, real, test.count);
  const n = rowMax(noiseOut, classes),
    r = rowMax(realOut, classes);

  const bins = 10;
  const share = (counts: number[], total: number) => counts.map((c) => (100 * c) / total);
  const binLabels = Array.from({ length: bins }, (_, i) => `${(i / bins).toFixed(1)}–${((i + 1) / bins).toFixed(1)}`);
  const noiseName = `uniform noise (${count.toLocaleString('en-US')})`,
    realName = `${name} test digits (${test.count.toLocaleString('en-US')})`;
  await x.write(
    'noise-confidence.svg',
    barChart({
      title: 'How sure is the network? Its largest output on noise and on digits',
      xLabel: 'largest of the 10 output activations',
      yLabel: 'share of images (%)',
      categories: binLabels,
      series: [
        { name: noiseName, values: share(histogram01(n.max, bins), count) },
        { name: realName, values: share(histogram01(r.max, bins), test.count) },
      ],
    }),
  );
  const classCounts = (argmax: Int32Array) => {
    const c = new Array<number>(classes).fill(0);
    for (const k of argmax) c[k]!++;
    return c;
  };
  const noiseClasses = classCounts(n.argmax),
    realClasses = classCounts(r.argmax);
  await x.write(
    'noise-classes.svg',
    barChart({
      title: 'Which digit does the network answer? Noise versus real digits',
      xLabel: 'digit the network answers (its largest output)',
      yLabel: 'share of images (%)',
      categories: Array.from({ length: classes }, (_, i) => String(i)),
      series: [
        { name: noiseName, values: share(noiseClasses, count) },
        { name: realName, values: share(realClasses, test.count) },
      ],
    }),
  );
  const example = noiseOut.subarray(0, classes);
  await x.write(
    'noise-example.svg',
    digitWithOutputs({
      pixels: noise.subarray(0, size),
      width: test.cols,
      height: test.rows,
      outputs: example,
      title: `Noise image 1: the network answers ${n.argmax[0]} with output ${num(n.max[0]!, 2)}`,
    }),
  );

  const above = (max: Float32Array, t: number) => max.reduce((a, v) => a + (v > t ? 1 : 0), 0) / max.length;
  const meanNoise = mean(n.max),
    meanReal = mean(r.max);
  const favorite = noiseClasses.indexOf(Math.max(...noiseClasses));
  const sums = (out: Float32Array) => {
    let s = 0;
    for (const v of out) s += v;
    return s / (out.length / classes);
  };
  const verdict =
    meanNoise >= 0.5
      ? 'it is confidently wrong on noise, as nothing in its training taught it to say "none of these"'
      : meanNoise >= 0.25
        ? 'it is unsure on noise, but still picks a digit for every image: it cannot say "none of these"'
        : 'it hardly reacts to noise (all outputs low), yet still picks a digit for every image: it cannot say "none of these"';
  x.finding(`On uniform noise the mean largest output of ${about} is ${num(meanNoise, 3)} (on real test digits: ${num(meanReal, 3)}): ${verdict}.`);
  x.finding(
    `${percent(above(n.max, 0.5))} of noise images get an output above 0.5 and ${percent(above(n.max, 0.9))} above 0.9 ` +
      `(digits: ${percent(above(r.max, 0.5))} and ${percent(above(r.max, 0.9))}).`,
  );
  x.finding(
    `It calls ${percent(noiseClasses[favorite]! / count)} of the noise images a ${favorite} (${percent(realClasses[favorite]! / test.count)} of real digits); ` +
      `${noiseClasses.filter((c) => c > 0).length} of ${classes} digits are ever answered for noise.`,
  );
  if (network.spec.layers.at(-1)!.activation !== 'softmax') {
    x.finding(
      `Nothing makes its ${classes} ${network.spec.layers.at(-1)!.activation} outputs sum to 1 (on average ${num(sums(noiseOut), 3)} for noise, ${num(sums(realOut), 3)} for digits): the largest is a score, not a probability.`,
    );
  }
  return x.finish();
}
