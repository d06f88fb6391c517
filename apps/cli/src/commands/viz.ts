import { basename } from 'node:path';
import { getCost } from '@downhill/cost';
import { scalePixels } from '@downhill/datasets';
import { defaultStart, defaultSteps, describeFunction, type RaceResult, raceOptimizers, raceRange, sampleGrid, wantsLogColor } from '@downhill/landscapes';
import type { Network } from '@downhill/network';
import { evaluate, imageExamples } from '@downhill/train';
import {
  confusionMatrix,
  digitWithOutputs,
  encodePng,
  functionWithBall,
  landscapeChart,
  type LineSeries,
  lineChart,
  networkDiagram,
  stackSvgs,
  weightGrid,
  weightGridSvg,
} from '@downhill/viz';
import { Command, Option } from 'commander';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { readModel } from '../model.js';
import { nonNegativeInteger, numberList, positiveInteger, positiveNumber, wholeNumber } from '../options.js';
import { type Output, stdoutOutput } from '../progress.js';
import { layerActivations, pickImage, squareSide } from '../viz/network-parts.js';
import { pictureFormat, writePicture } from '../viz/output.js';
import { parseRace, type Runner } from '../viz/race.js';
import { type SliceFlags, slicePicture } from '../viz/slice.js';
import { describeRun, type RunLog, readRunLog, runNames } from '../viz/run-log.js';

// `downhill viz …`: each subcommand loads what it draws, hands plain arrays to
// an @downhill/viz renderer and writes the picture atomically. The extension
// of -o is checked first, so a typo fails before any work.

export function vizCommand(output: Output = stdoutOutput): Command {
  return new Command('viz')
    .summary('draw pictures: weights, training curves, confusion matrix, network, digit, landscapes, cost slices')
    .description("Draw the lesson's pictures as SVG (or PNG) files from a trained model, run logs, or a cost landscape.")
    .addCommand(weightsCommand(output))
    .addCommand(curvesCommand(output))
    .addCommand(confusionCommand(output))
    .addCommand(networkCommand(output))
    .addCommand(digitCommand(output))
    .addCommand(landscapeCommand(output))
    .addCommand(sliceCommand(output));
}

// ── weights ────────────────────────────────────────────────────────────────

/** The first layer's weights of a network as an SVG figure or a bare PNG grid. */
export function weightsPicture(
  network: Network,
  format: 'svg' | 'png',
  options: { title?: string; shared?: boolean; scale?: number } = {},
): string | Uint8Array {
  const first = network.layers[0]!;
  const side = squareSide(first.inputSize, 'weights');
  const grid = { outputs: first.outputSize, tileWidth: side, tileHeight: side, ...(options.shared ? { shared: true } : {}) };
  if (format === 'png') return encodePng(weightGrid(first.weight, { ...grid, ...(options.scale ? { scale: options.scale } : {}) }));
  return weightGridSvg(first.weight, { ...grid, title: options.title ?? '', tileTitles: first.outputSize <= 64 });
}

function weightsCommand(output: Output): Command {
  return new Command('weights')
    .summary('first-layer weights as 28×28 tiles (.png or .svg)')
    .description('Draw what each first-layer neuron looks for: its weights as a 28×28 tile (blue negative, white 0, red positive).')
    .argument('<model>', 'a .safetensors file written by `downhill train`')
    .option('-o, --out <file>', 'picture to write: .png (the bare grid) or .svg (with title and colour bar)', 'weights.png')
    .option('--shared', 'one colour scale for all tiles (default: each tile scaled by its own largest |w|)')
    .option('--scale <n>', 'PNG only: pixels per weight, 1 to 32', wholeNumber(1, 32), 4)
    .action(async (modelPath: string, flags: { out: string; shared?: boolean; scale: number }) => {
      const format = pictureFormat(flags.out, ['png', 'svg']);
      const { network } = await readModel(modelPath);
      const first = network.layers[0]!;
      const title = `First-layer weights of ${basename(modelPath)}: ${first.outputSize} neurons × ${first.inputSize} inputs`;
      await writePicture(flags.out, weightsPicture(network, format, { title, shared: flags.shared ?? false, scale: flags.scale }), output.line);
    });
}

// ── curves ─────────────────────────────────────────────────────────────────

type Metric = 'cost' | 'accuracy' | 'both';

/** Cost and accuracy per epoch of one or more runs, overlaid. */
export function curvesPicture(logs: readonly RunLog[], options: { metric?: Metric; logY?: boolean; names?: readonly string[] } = {}): string {
  const metric = options.metric ?? 'both';
  const names = options.names ?? runNames(logs);
  // One run: show train and test side by side; several: one line each, so the legend stays short.
  const single = logs.length === 1;
  const series = (pick: (log: RunLog) => { label: string; values: (number | undefined)[] }[]): LineSeries[] =>
    logs.flatMap((log, i) =>
      pick(log)
        .filter(({ values }) => values.some((v) => v !== undefined))
        .map(({ label, values }) => ({
          name: single ? label : names[i]!,
          x: log.epochs.map((e) => e.epoch),
          y: values.map((v) => v ?? Number.NaN),
        })),
    );
  const costSeries = series((log) => [
    { label: 'training cost', values: log.epochs.map((e) => e.cost) },
    ...(single ? [{ label: 'test cost', values: log.epochs.map((e) => e.testCost) }] : []),
  ]);
  const accuracySeries = series((log) => [
    ...(single ? [{ label: 'training set', values: log.epochs.map((e) => (e.trainAccuracy === undefined ? undefined : 100 * e.trainAccuracy)) }] : []),
    { label: 'test set', values: log.epochs.map((e) => (e.testAccuracy === undefined ? undefined : 100 * e.testAccuracy)) },
    ...(single
      ? [
          {
            label: 'test set, weights averaged',
            values: log.epochs.map((e) => (e.averageTestAccuracy === undefined ? undefined : 100 * e.averageTestAccuracy)),
          },
        ]
      : []),
  ]);
  const costName = single && typeof logs[0]!.header?.cost === 'string' ? ` (${logs[0]!.header.cost})` : '';
  const about = single ? `${names[0]}${describeRun(logs[0]!) ? `: ${describeRun(logs[0]!)}` : ''}` : `${logs.length} runs`;
  const charts: string[] = [];
  if (metric !== 'accuracy') {
    charts.push(
      lineChart({
        title: `Cost per epoch — ${about}`,
        xLabel: 'epoch',
        yLabel: `mean cost${costName}${options.logY ? ', log scale' : ''}`,
        series: costSeries,
        logY: options.logY ?? false,
        height: 380,
      }),
    );
  }
  if (metric !== 'cost') {
    if (accuracySeries.length === 0 && metric === 'accuracy') throw new UsageError('curves: the run logs have no accuracies (trained without a test set?)');
    if (accuracySeries.length > 0) {
      charts.push(
        lineChart({
          title: `${single ? 'Accuracy' : 'Test accuracy'} per epoch — ${about}`,
          xLabel: 'epoch',
          yLabel: 'accuracy (%)',
          series: accuracySeries,
          height: 380,
        }),
      );
    }
  }
  return charts.length === 1 ? charts[0]! : stackSvgs(charts, `Training curves — ${about}`);
}

function curvesCommand(output: Output): Command {
  return new Command('curves')
    .summary('cost and accuracy per epoch from run logs, runs overlaid')
    .description('Plot cost and accuracy per epoch from run logs (the .jsonl files `downhill train` writes beside the model); several runs are overlaid.')
    .argument('<logs...>', 'run logs (.jsonl)')
    .option('-o, --out <file>', 'picture to write (.svg)', 'curves.svg')
    .addOption(new Option('--metric <which>', 'what to plot').choices(['cost', 'accuracy', 'both']).default('both'))
    .option('--log-y', 'log scale for the cost')
    .action(async (paths: string[], flags: { out: string; metric: Metric; logY?: boolean }) => {
      pictureFormat(flags.out, ['svg']);
      const logs = await Promise.all(paths.map(readRunLog));
      await writePicture(flags.out, curvesPicture(logs, { metric: flags.metric, logY: flags.logY ?? false }), output.line);
    });
}

// ── confusion ──────────────────────────────────────────────────────────────

function confusionCommand(output: Output): Command {
  return new Command('confusion')
    .summary('confusion matrix of a model on the test set')
    .description('Run a model on the test set and draw its confusion matrix: rows the true digit, columns the answer.')
    .argument('<model>', 'a .safetensors file written by `downhill train`')
    .option('-o, --out <file>', 'picture to write (.svg)', 'confusion.svg')
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .option('--test-limit <n>', 'use the first n test images only', positiveInteger)
    .action(async (modelPath: string, flags: { out: string; data?: string; testLimit?: number }) => {
      pictureFormat(flags.out, ['svg']);
      const { network, metadata } = await readModel(modelPath);
      const { test, name } = await loadData(flags);
      if (test.rows * test.cols !== network.spec.inputSize || network.outputSize < test.classes) {
        throw new UsageError(
          `${modelPath}: the model maps ${network.spec.inputSize} inputs to ${network.outputSize} outputs, but ${name} has ${test.rows}×${test.cols} images in ${test.classes} classes`,
        );
      }
      const result = evaluate(network, imageExamples(test), metadata.cost ? { cost: getCost(metadata.cost) } : {});
      const matrix = result.confusion;
      const title = `${basename(modelPath)} on the ${name} test set (${test.count.toLocaleString('en-US')} images)`;
      await writePicture(flags.out, confusionMatrix({ matrix, title }), output.line);
      output.line(`accuracy ${(100 * result.accuracy).toFixed(2)}% (${result.correct} / ${result.count})`);
    });
}

// ── network and digit ──────────────────────────────────────────────────────

interface ImageFlags {
  out: string;
  index: number;
  data?: string;
}

async function modelAndImage(modelPath: string, flags: ImageFlags) {
  const { network } = await readModel(modelPath);
  const { test, name } = await loadData({ ...(flags.data ? { data: flags.data } : {}) });
  const { pixels, label } = pickImage(test, flags.index, network, modelPath);
  const activations = layerActivations(network, scalePixels(pixels));
  const outputs = activations.at(-1)!;
  let predicted = 0;
  for (let i = 1; i < outputs.length; i++) if (outputs[i]! > outputs[predicted]!) predicted = i;
  return { network, pixels, label, activations, outputs, predicted, name, rows: test.rows, cols: test.cols };
}

/** The network diagram for one input: neurons shaded by activation, edges by weight sign. */
export function networkPicture(network: Network, activations: readonly Float32Array[], title: string, inputShape?: [number, number]): string {
  return networkDiagram({
    layerSizes: [network.spec.inputSize, ...network.layers.map((l) => l.outputSize)],
    activations,
    weights: network.layers.map((l) => l.weight),
    ...(inputShape ? { inputShape } : {}),
    title,
  });
}

function networkCommand(output: Output): Command {
  return new Command('network')
    .summary('the 784 → 16 → 16 → 10 diagram lit up by one test image')
    .description('Draw the network as in the lesson (784 → 16 → 16 → 10) with the activations of every neuron for one test image.')
    .argument('<model>', 'a .safetensors file written by `downhill train`')
    .option('--index <n>', 'test image number', nonNegativeInteger, 0)
    .option('-o, --out <file>', 'picture to write (.svg)', 'network.svg')
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .action(async (modelPath: string, flags: ImageFlags) => {
      pictureFormat(flags.out, ['svg']);
      const m = await modelAndImage(modelPath, flags);
      const title = `${basename(modelPath)} on ${m.name} test image ${flags.index} (a ${m.label}): answers ${m.predicted}`;
      await writePicture(flags.out, networkPicture(m.network, m.activations, title, [m.rows, m.cols]), output.line);
      output.line(`test image ${flags.index} is a ${m.label}; the network answers ${m.predicted} (output ${m.outputs[m.predicted]!.toFixed(3)})`);
    });
}

function digitCommand(output: Output): Command {
  return new Command('digit')
    .summary("one test image beside the network's 10 outputs")
    .description("Draw one test image beside the network's 10 output activations.")
    .argument('<model>', 'a .safetensors file written by `downhill train`')
    .option('--index <n>', 'test image number', nonNegativeInteger, 0)
    .option('-o, --out <file>', 'picture to write (.svg)', 'digit.svg')
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .action(async (modelPath: string, flags: ImageFlags) => {
      pictureFormat(flags.out, ['svg']);
      const m = await modelAndImage(modelPath, flags);
      const title = `${m.name} test image ${flags.index}: a ${m.label}, the network answers ${m.predicted}`;
      await writePicture(
        flags.out,
        digitWithOutputs({ pixels: m.pixels, width: m.cols, height: m.rows, outputs: m.outputs, label: m.label, title }),
        output.line,
      );
      output.line(`test image ${flags.index} is a ${m.label}; the network answers ${m.predicted} (output ${m.outputs[m.predicted]!.toFixed(3)})`);
    });
}

// ── landscape ──────────────────────────────────────────────────────────────

interface LandscapeFlags {
  out: string;
  race?: Runner[];
  from?: number[];
  steps?: number;
  lr?: number;
  range?: number[];
}

const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4))));
const point = (p: readonly number[]): string => (p.length === 1 ? fmt(p[0]!) : `(${p.map(fmt).join(', ')})`);

function describeResult(r: RaceResult): string {
  const rate = `η ${fmt(r.learningRate)}${r.swept ? ' (best of a sweep)' : ''}`;
  return `${r.name.padEnd(9)} ${rate.padEnd(26)} ${r.says}, f = ${fmt(r.path.final.value)}`;
}

/** Race optimizers down a landscape and draw it: a heat map with paths (2-D) or the ball on the curve (1-D). */
export async function landscapePicture(text: string, flags: Omit<LandscapeFlags, 'out'>): Promise<{ svg: string; lines: string[] }> {
  // The formula parser (mathjs) is loaded only when a landscape is drawn.
  const { getLandscape } = await import('@downhill/landscapes/text');
  const landscape = getLandscape(text);
  const runners = flags.race;
  if (landscape.dimension === 1 && runners && runners.length > 1) {
    throw new UsageError(
      `--race: a 1-D landscape shows one ball: expected one optimizer, found ${runners.length} (${runners.map((r) => r.optimizer).join(', ')})`,
    );
  }
  const start = flags.from ?? defaultStart(landscape);
  if (start.length !== landscape.dimension) {
    throw new UsageError(
      `--from: expected ${landscape.dimension === 1 ? 'one number' : 'two numbers x,y'} for f(${landscape.variables.join(', ')}), found ${start.join(',')}`,
    );
  }
  const steps = flags.steps ?? defaultSteps(landscape);
  const { results } = raceOptimizers(landscape, runners, {
    start,
    steps,
    ...(flags.lr !== undefined ? { learningRate: flags.lr } : {}),
    ...(landscape.domain ? { window: landscape.domain } : {}),
  });
  const paths = results.map((r) => r.path);
  const formula = describeFunction(landscape);
  const lines = [`${landscape.name === landscape.expression ? formula : `${landscape.name}: ${formula}`}, from ${point(start)}, ${steps} steps`];
  for (const r of results) lines.push(describeResult(r));
  if (flags.range && flags.range.length !== 2 * landscape.dimension) {
    throw new UsageError(`--range: expected ${landscape.dimension === 1 ? 'min,max' : 'xmin,xmax,ymin,ymax'}, found ${flags.range.join(',')}`);
  }
  const xRange: [number, number] = flags.range ? [flags.range[0]!, flags.range[1]!] : raceRange(landscape, paths, start, 0);
  if (!(xRange[1] > xRange[0])) throw new UsageError(`--range: expected min < max, found ${xRange.join(',')}`);
  const name = landscape.name === landscape.expression ? formula : `${landscape.name[0]!.toUpperCase()}${landscape.name.slice(1)}, ${formula}`;

  if (landscape.dimension === 1) {
    const r = results[0]!;
    const svg = functionWithBall({
      f: (x) => landscape.value([x]),
      xRange,
      path: r.path.points.map((p) => p[0]!),
      title: `${name}: ${r.name}, η = ${fmt(r.learningRate)}, from ${landscape.variables[0]} = ${fmt(start[0]!)}`,
      xLabel: landscape.variables[0]!,
      yLabel: formula.split(' = ')[0]!,
    });
    return { svg, lines };
  }
  const yRange: [number, number] = flags.range ? [flags.range[2]!, flags.range[3]!] : raceRange(landscape, paths, start, 1);
  if (!(yRange[1] > yRange[0])) throw new UsageError(`--range: expected ymin < ymax, found ${yRange.join(',')}`);
  const grid = sampleGrid(landscape, { xRange, yRange, nx: 161, ny: 121 });
  const svg = landscapeChart({
    grid,
    paths: results.map((r) => ({ name: `${r.name}, η = ${fmt(r.learningRate)}`, points: r.path.points })),
    title: `${name}: ${steps} steps`,
    logColor: wantsLogColor(grid.values),
    ...(landscape.minima ? { minima: landscape.minima } : {}),
    xLabel: landscape.variables[0]!,
    yLabel: landscape.variables[1]!,
    valueLabel: formula.split(' = ')[0]!,
  });
  return { svg, lines };
}

function landscapeCommand(output: Output): Command {
  return new Command('landscape')
    .summary('optimizers racing down a cost surface, or the 1-D ball')
    .description(
      "Roll the lesson's ball down a cost surface: race optimizers from one start and draw their paths on a heat map " +
        '(or, for f of one variable, the ball on the curve with its slope). Built-in surfaces: parabola, bowl, ' +
        'rosenbrock, himmelblau, beale, saddle, rastrigin; or type f, e.g. "x^2 + 10 y^2" or "(w - 2)^2". ' +
        'Without a learning rate, each optimizer gets the best of a sweep from 1e-4 to 1 (among runs that never climb above their start).',
    )
    .argument('<landscape>', 'a built-in name or a function of x and y (or of one variable)')
    .option('--race <optimizers>', 'optimizers to race, each optionally with :learning-rate (default sgd,momentum,adam; sgd in 1-D)', parseRace)
    .option('--from <point>', "start point x,y (default: the surface's suggested start)", numberList)
    .option('--steps <n>', 'steps each optimizer takes, at most 20,000 (default 500; 10 in 1-D)', wholeNumber(1, 20_000))
    .option('--lr <rate>', 'one learning rate for every optimizer (default: each its best of a sweep)', positiveNumber)
    .option('--range <box>', 'plotting window xmin,xmax,ymin,ymax (min,max in 1-D)', numberList)
    .option('-o, --out <file>', 'picture to write (.svg)', 'landscape.svg')
    .addHelpText(
      'after',
      '\nExamples:\n  downhill viz landscape rosenbrock --race sgd,momentum,adam -o race.svg\n  downhill viz landscape "(w - 2)^2" --lr 0.3 --from 4 -o ball.svg',
    )
    .action(async (text: string, flags: LandscapeFlags) => {
      pictureFormat(flags.out, ['svg']);
      const { svg, lines } = await landscapePicture(text, flags);
      for (const line of lines) output.line(line);
      await writePicture(flags.out, svg, output.line);
    });
}

// ── slice ──────────────────────────────────────────────────────────────────

function sliceCommand(output: Output): Command {
  return new Command('slice')
    .summary("the network's own cost landscape: along the line from its start, and on a plane with the path it took")
    .description(
      "Evaluate a trained network's cost on real MNIST images along two slices of its 13,002-dimensional landscape: the straight line from its initial weights " +
        '(made again from its seed) to its trained ones, and a plane through the trained weights: along the path training took (its first two principal directions) when ' +
        '--log is a run log of `downhill train --record-path`, else along two random directions scaled neuron by neuron (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets").',
    )
    .argument('<model>', 'a model (or checkpoint) written by `downhill train`')
    .option('--log <run.jsonl>', 'the run log of `downhill train --record-path`: draw the path and slice along it')
    .option('--examples <n>', 'training images the cost is measured on (the first n)', wholeNumber(1, 60_000), 1000)
    .option('--resolution <n>', 'costs along each side of the plane', wholeNumber(3, 201), 41)
    .option('--span <d>', "half-width of the plane along random directions (in steps of each neuron's own size)", positiveNumber, 1)
    .option('--seed <n>', 'seed of the random directions', wholeNumber(0, 2 ** 32 - 1), 1)
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
    .option('-o, --out <file>', 'picture to write (.svg)', 'slice.svg')
    .addHelpText(
      'after',
      '\nExamples:\n  downhill train --record-path -o run.safetensors && downhill viz slice run.safetensors --log run.jsonl -o slice.svg\n  downhill viz slice model.safetensors --resolution 21 -o slice.svg',
    )
    .action(async (model: string, flags: SliceFlags) => {
      pictureFormat(flags.out, ['svg']);
      const { svg, lines } = await slicePicture(model, flags, output);
      for (const line of lines) output.line(line);
      await writePicture(flags.out, svg, output.line);
    });
}
