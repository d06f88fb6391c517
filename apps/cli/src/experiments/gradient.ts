import { getCost } from '@downhill/cost';
import { Rng } from '@downhill/linalg';
import { bangForBuck, consecutiveBatch, gradientAnatomy, imageExamples } from '@downhill/train';
import { lineChart, stackSvgs, weightGridSvg } from '@downhill/viz';
import { loadData } from '../data.js';
import type { Output } from '../progress.js';
import {
  checkTestRange,
  Experiment,
  type ExperimentFlags,
  type ExperimentResult,
  lessonNetwork,
  networkToStudy,
  num,
  percent,
  trainNetwork,
} from './common.js';

export const gradientDefaults = { epochs: 1, batch: 10, step: 0.1, ks: [10, 100, 1000] };

export interface GradientFlags extends ExperimentFlags {
  /** A trained model to look at instead of training one. */
  model?: string;
  /** The test digit. */
  index?: number;
  /** Images in the mini-batch (from --index). */
  batch?: number;
}

/** What the colours mean for a gradient: red pushes a weight down, blue up. */
const nudges = { symbol: '∂C/∂w', caption: 'red: ∂C/∂w > 0, nudge w down · blue: ∂C/∂w < 0, nudge w up' };

/**
 * The lesson's reading of the gradient: its 13,002 components say, each, which
 * way to nudge one weight or bias (the sign) and how much that nudge matters
 * (the magnitude) — "which changes give the most bang for your buck". For one
 * test digit and for a mini-batch: the first layer's ∂C/∂W as 16 pictures, the
 * other layers as heat maps, the components sorted by size, and a check that
 * the largest components really are the best nudges.
 */
export async function gradientExperiment(flags: GradientFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('gradient', flags, output);
  const { train, test, name } = await loadData(flags);
  const index = flags.index ?? 0,
    size = flags.batch ?? gradientDefaults.batch;
  // The digit is --index; the mini-batch is the --batch images from it, or, near the end of the test set, the last --batch.
  checkTestRange(test, index, 1);
  checkTestRange(test, 0, size);
  const start = Math.min(index, test.count - size);
  const { network, costName, about } = await networkToStudy(flags.model, test, async () => {
    const epochs = flags.epochs ?? gradientDefaults.epochs;
    const { network } = await trainNetwork({ settings: lessonNetwork, train, epochs, seed: flags.seed, label: 'the network to look at', output });
    return { network, about: `the lesson's network after ${epochs} epoch${epochs === 1 ? '' : 's'}` };
  });
  const cost = getCost(costName);
  const examples = imageExamples(test);
  const batchOf = (first: number, count: number) => ({ ...consecutiveBatch(examples, first, count), cost });
  const one = batchOf(index, 1),
    many = batchOf(start, size);
  const gradientOf = (batch: ReturnType<typeof batchOf>) => {
    network.computeGradients(batch.x, batch.y, cost);
    return Float64Array.from(network.grads);
  };
  const g1 = gradientOf(one),
    gMany = gradientOf(many);
  const digit = test.labels[index]!;
  const n = network.parameterCount;

  // Pictures: the first layer as one image per neuron, then the others as heat maps, then every component by size.
  const [first, ...rest] = network.layers;
  const slice = (g: Float64Array, offset: number, length: number) => g.subarray(offset, offset + length);
  await x.write(
    'gradient-first-layer.svg',
    weightGridSvg(slice(g1, first!.offset, first!.weight.length), {
      outputs: first!.outputSize,
      tileWidth: test.cols,
      tileHeight: test.rows,
      // Each tile on its own scale (a shared one leaves all but the neuron most to blame blank), its largest |∂C/∂w| in its caption.
      tileTitles: Array.from({ length: first!.outputSize }, (_, j) => {
        const row = slice(g1, first!.offset + j * first!.inputSize, first!.inputSize);
        const largest = row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        return `neuron ${j + 1}: ${largest === 0 ? 'all 0' : `max ${largest.toPrecision(2)}`}`;
      }),
      quantity: nudges,
      title: `First layer's ∂C/∂W, test image ${index} (a ${digit}): nudge each weight down or up`,
    }),
  );
  await x.write(
    'gradient-other-layers.svg',
    stackSvgs(
      rest.map((layer, l) =>
        weightGridSvg(slice(g1, layer.offset, layer.weight.length), {
          outputs: 1,
          tileWidth: layer.inputSize,
          tileHeight: layer.outputSize,
          quantity: nudges,
          title: `Layer ${l + 2}'s ∂C/∂W (${layer.outputSize} neurons × ${layer.inputSize} inputs), image ${index}`,
          width: 480,
        }),
      ),
      `∂C/∂W of the layers after the first, test image ${index}`,
    ),
  );
  const ranks = (g: Float64Array) => Float64Array.from({ length: g.length }, (_, i) => i + 1);
  const a1 = gradientAnatomy(g1),
    aMany = gradientAnatomy(gMany);
  await x.write(
    'gradient-magnitudes.svg',
    lineChart({
      title: `The ${n.toLocaleString('en-US')} components of ∇C, largest first: a few matter far more than the rest`,
      xLabel: 'components, largest |∂C/∂θ| first',
      yLabel: '|∂C/∂θ| (log scale; exact zeros left out)',
      logY: true,
      series: [
        { name: `test image ${index} (a ${digit})`, x: ranks(a1.magnitudes), y: a1.magnitudes },
        { name: `mini-batch of ${size}`, x: ranks(aMany.magnitudes), y: aMany.magnitudes },
      ],
    }),
  );

  // Findings, each computed from the gradients above.
  const blank = test.pixels.subarray(index * examples.inputSize, (index + 1) * examples.inputSize).reduce((c, p) => c + (p === 0 ? 1 : 0), 0);
  const fromBlank = blank * first!.outputSize;
  x.finding(
    `The gradient of ${about}'s cost for test image ${index} (a ${digit}) has ${n.toLocaleString('en-US')} components, one per weight and bias: ` +
      `‖∇C‖ = ${num(a1.norm, 3)}. ${a1.zeros.toLocaleString('en-US')} (${percent(a1.zeros / n)}) are exactly 0: ${fromBlank.toLocaleString('en-US')} of them the weights from the ${blank} pixels ` +
      `that are blank in this image (${blank} × ${first!.outputSize}), which cannot change its cost` +
      (a1.zeros > fromBlank
        ? `, and ${(a1.zeros - fromBlank).toLocaleString('en-US')} more behind sigmoid neurons so saturated that σ'(z) rounds to 0 in float32.`
        : '.'),
  );
  const { positive: down, negative: up } = a1;
  x.finding(
    `Its sign says which way to nudge: ${down.toLocaleString('en-US')} components ask for their weight to go down, ${up.toLocaleString('en-US')} up. ` +
      `Its size says how much each matters: the largest 1 % (${a1.top} components) carry ${percent(a1.topShare)} of its length; ` +
      `the largest is ${num(a1.magnitudes[0]!, 3)}, the median of the non-zero ones ${num(a1.magnitudes[Math.floor((n - a1.zeros) / 2)]!, 3)}.`,
  );
  const ks = gradientDefaults.ks.filter((k) => k <= n);
  const bang = bangForBuck(network, g1, one, { ks, length: gradientDefaults.step, rng: new Rng(flags.seed) });
  x.finding(
    `Bang for your buck, with one step of length ${gradientDefaults.step} for this image: ` +
      bang
        .map(
          (b) =>
            `nudging the ${b.k.toLocaleString('en-US')} largest components lowers the cost by ${num(b.top, 3)}, ${b.k.toLocaleString('en-US')} random ones by ${num(b.random, 3)}${b.random > 0 ? ` (${num(b.top / b.random, 3)} times less)` : ''}`,
        )
        .join('; ') +
      '.',
  );
  x.finding(
    `Over a mini-batch of ${size} images (${name} test images ${start}–${start + size - 1}) the gradient averages their wishes: ` +
      `${percent(aMany.zeros / n)} of its components are 0 (pixels blank in all ${size}), and its largest 1 % carry ${percent(aMany.topShare)} of its length.`,
  );
  return x.finish();
}
