import { blankPixels } from '@downhill/datasets';
import { evaluate, imageExamples } from '@downhill/train';
import { encodePng, maskedMaxAbs, maskedNorm, neighborCorrelation, weightGrid, weightGridSvg } from '@downhill/viz';
import { loadData } from '../data.js';
import type { Output } from '../progress.js';
import { squareSide } from '../viz/network-parts.js';
import { Experiment, type ExperimentFlags, type ExperimentResult, lessonNetwork, num, percent, trainNetwork } from './common.js';

export const weightsDefaults = { epochs: 30 };

/**
 * The lesson's question: after training, do the first-layer neurons look for
 * edges and strokes, as the story of layers suggests, or do their weights look
 * like noise? Trains the lesson's network and measures how smooth its weight
 * images are next to the random weights it started from.
 */
export async function weightsExperiment(flags: ExperimentFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('weights', flags, output);
  const { train, test, name } = await loadData(flags);
  const epochs = flags.epochs ?? weightsDefaults.epochs;
  const run = await trainNetwork({ settings: lessonNetwork, train, test, epochs, seed: flags.seed, label: "the lesson's network", output });
  const first = run.network.layers[0]!;
  const tiles = first.outputSize,
    size = first.inputSize;
  const side = squareSide(size, 'experiment weights');
  const initial = run.initialParams.subarray(first.offset, first.offset + first.weight.length);
  const trained = first.weight;
  const change = trained.map((w, i) => w - initial[i]!);

  const grid = { outputs: tiles, tileWidth: side, tileHeight: side };
  await x.write('weights-trained.png', encodePng(weightGrid(trained, grid)));
  await x.write(
    'weights-trained.svg',
    weightGridSvg(trained, {
      ...grid,
      tileTitles: true,
      title: `First-layer weights after ${epochs} epochs (${name}, ${train.count.toLocaleString('en-US')} images)`,
    }),
  );
  await x.write('weights-initial.svg', weightGridSvg(initial, { ...grid, tileTitles: true, title: 'The same weights before training: random, N(0, 1)' }));
  await x.write(
    'weights-change.svg',
    weightGridSvg(change, { ...grid, tileTitles: true, title: `What training changed: trained − initial weights (${epochs} epochs)` }),
  );

  const blank = blankPixels(train);
  const inked = blank.map((b) => 1 - b);
  const blankCount = blank.reduce((a, b) => a + b, 0);
  const smoothTrained = neighborCorrelation(trained, tiles, side, inked);
  const smoothInitial = neighborCorrelation(initial, tiles, side, inked);
  const smoothChange = neighborCorrelation(change, tiles, side, inked);
  const moved = maskedNorm(change, tiles, size, inked) / maskedNorm(initial, tiles, size, inked);
  const blankMoved = maskedMaxAbs(change, tiles, size, blank);
  const accuracy = test.count > 0 ? evaluate(run.network, imageExamples(test)).accuracy : undefined;

  const verdict =
    smoothTrained < 0.2
      ? 'mostly noise, not edges'
      : smoothTrained < 0.5
        ? 'loose blobs and strokes in noise: neither clean edges nor pure noise'
        : 'smooth blobs and strokes: more pattern than noise';
  x.finding(
    `The trained weights are ${verdict}. Neighbouring weights inside the digit area correlate ${num(smoothTrained, 2)} ` +
      `(the random start: ${num(smoothInitial, 2)}; a smooth stroke or edge template would be near 1).`,
  );
  const smoothness = smoothChange >= 0.5 ? 'smooth' : smoothChange >= 0.2 ? 'somewhat smooth' : 'not smooth';
  x.finding(
    `Training moved the digit-area weights by ${percent(moved, 0)} of their initial size; the change alone is ${smoothness} ` +
      `(neighbour correlation ${num(smoothChange, 2)})` +
      (smoothChange > smoothTrained + 0.05
        ? `: what was learned is smoother than the weights look, because the random start is still mixed in${moved < 1 ? ' and is the larger part' : ''}.`
        : '.'),
  );
  x.finding(
    `${blankCount} of ${size} pixels are blank in every one of the ${train.count.toLocaleString('en-US')} training images; their weights get no gradient ` +
      `and moved by at most ${num(blankMoved, 2)}: there, at the edges of every tile, the weights are the random start, untouched.`,
  );
  if (accuracy !== undefined)
    x.finding(
      `Yet the network classifies ${percent(accuracy, 2)} of the ${test.count.toLocaleString('en-US')} test images correctly after ${epochs} epochs (${run.seconds.toFixed(1)} s of training).`,
    );
  return x.finish();
}
