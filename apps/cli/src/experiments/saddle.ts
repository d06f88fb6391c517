import {
  annealedSgd,
  type DescentPath,
  descendWell,
  descendWithNoise,
  formatValue,
  judgeDescent,
  type Landscape,
  stationaryPointNear,
  sampleGrid,
  tallyWellRuns,
  tiltedDoubleWell,
  wantsLogColor,
  wellSide,
} from '@downhill/landscapes';
import { Rng } from '@downhill/linalg';
import { barChart, landscapeChart } from '@downhill/viz';
import { UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { Experiment, type ExperimentFlags, type ExperimentResult, num, percent } from './common.js';

/**
 * The double well's defaults; on another surface the Gaussian noise defaults to
 * what a batch of 5 of the double well's examples gives (their spread 8 / √5),
 * over as many steps (300 passes of 20 batches).
 */
export const saddleDefaults = { runs: 20, batch: 5, bigBatch: 50, epochs: 300, learningRate: 0.05, noise: Number((8 / Math.sqrt(5)).toFixed(2)), steps: 6000 };

export interface SaddleFlags extends ExperimentFlags {
  runs?: number;
  batch?: number;
  lr?: number;
  /** A built-in or typed surface instead of the double well of examples; its noise is Gaussian. */
  surface?: string;
  noise?: number;
  from?: number[];
  steps?: number;
}

/**
 * The lesson's claim that the noise of mini-batches "helps the optimizer escape
 * shallow local minima and saddle points that would trap standard gradient
 * descent", on a surface small enough to watch. By default a cost that really
 * is a mean over 100 examples (a tilted double well: a deep valley, a shallow
 * one, a saddle between), so the noise is real mini-batch noise; with
 * --surface, a built-in or typed f(x, y) with Gaussian gradient noise of a
 * stated size.
 */
export async function saddleExperiment(flags: SaddleFlags, output: Output): Promise<ExperimentResult> {
  return flags.surface === undefined ? doubleWellExperiment(flags, output) : gaussianNoiseExperiment(flags, output);
}

async function doubleWellExperiment(flags: SaddleFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('saddle', flags, output);
  const runs = flags.runs ?? saddleDefaults.runs,
    batch = flags.batch ?? saddleDefaults.batch;
  const eta = flags.lr ?? saddleDefaults.learningRate,
    epochs = flags.epochs ?? saddleDefaults.epochs;
  const well = tiltedDoubleWell({ rng: new Rng(flags.seed) });
  if (batch > well.count) throw new UsageError(`--batch: expected at most the ${well.count} examples, found ${batch}`);
  const { landscape } = well;
  const ridge = [well.saddle[0]!, 1],
    shallowSide = [2, 1];
  const side = (path: DescentPath) => wellSide(well, path.final.point);
  const runOptions = { epochs, learningRate: eta, rngFor: (seed: number) => new Rng(seed) };
  const run = (start: number[], size: number, seed: number) => descendWell(well, start, size, seed, runOptions);
  output.line(
    `${landscape.name}: the mean of ${well.count} examples' costs, ${landscape.expression}; saddle at x = ${num(well.saddle[0]!, 4)}, ` +
      `deep valley at x = ${num(well.deep[0]!, 4)}, shallow at x = ${num(well.shallow[0]!, 4)}; η ${eta} annealed to 0 over ${epochs} epochs, ${runs} seeds`,
  );
  const gd = { ridge: run(ridge, well.count, flags.seed), shallow: run(shallowSide, well.count, flags.seed) };
  const tally = (start: number[], size: number) => tallyWellRuns(well, start, size, { ...runOptions, runs, seed: flags.seed });
  const sgd = { ridge: tally(ridge, batch), shallow: tally(shallowSide, batch) };
  const big = Math.min(saddleDefaults.bigBatch, well.count);
  const calmer = { ridge: tally(ridge, big), shallow: tally(shallowSide, big) };

  const grid = sampleGrid(landscape, { xRange: landscape.domain![0], yRange: landscape.domain![1], nx: 161, ny: 121 });
  await x.write(
    'saddle-paths.svg',
    landscapeChart({
      grid,
      paths: [
        { name: 'full-batch GD from the ridge', points: gd.ridge.points },
        { name: 'full-batch GD from the right', points: gd.shallow.points },
        ...sgd.ridge.paths.map((p, i) => ({ name: `SGD, batches of ${batch}, seed ${flags.seed + 1 + i}`, points: p.points })),
      ],
      minima: [well.deep, well.shallow],
      title: `Mini-batch noise escapes the saddle and the shallow valley that trap full-batch descent`,
      logColor: wantsLogColor(grid.values),
      xLabel: 'x',
      yLabel: 'y',
      valueLabel: 'C(x, y)',
    }),
  );
  const share = (c: { deep: number; shallow: number; saddle: number }) => [c.deep, c.shallow, c.saddle].map((v) => (100 * v) / runs);
  const oneRun = (p: DescentPath) => ({
    deep: side(p) === 'deep' ? runs : 0,
    shallow: side(p) === 'shallow' ? runs : 0,
    saddle: side(p) === 'saddle' ? runs : 0,
  });
  await x.write(
    'saddle-outcomes.svg',
    barChart({
      title: `Where ${runs} runs end: the deep valley, the shallow one, or the saddle`,
      xLabel: 'method and start',
      yLabel: 'share of runs (%)',
      categories: ['GD, ridge', 'GD, right', `SGD ${batch}, ridge`, `SGD ${batch}, right`, `SGD ${big}, ridge`, `SGD ${big}, right`],
      series: ['deep valley', 'shallow valley', 'saddle'].map((name, k) => ({
        name,
        values: [oneRun(gd.ridge), oneRun(gd.shallow), sgd.ridge.count, sgd.shallow.count, calmer.ridge.count, calmer.shallow.count].map((c) => share(c)[k]!),
      })),
    }),
  );

  const onSaddle = side(gd.ridge) === 'saddle';
  x.finding(
    `Full-batch gradient descent started on the saddle's ridge (x = ${num(well.saddle[0]!, 4)}, y = 1) ends at (${gd.ridge.final.point.map((v) => num(v, 4)).join(', ')}): ` +
      `${onSaddle ? 'it never leaves the ridge and slides down it to the saddle point, where the gradient is 0 but which is not a minimum' : `it ends in the ${side(gd.ridge)} valley`}; ` +
      `started on the right (2, 1), it ends in the ${side(gd.shallow)} valley at x = ${num(gd.shallow.final.point[0]!, 4)}, C = ${formatValue(gd.shallow.final.value)} ` +
      `(the deep one has C = ${formatValue(landscape.value(well.deep))}).`,
  );
  x.finding(
    `Mini-batch SGD (batches of ${batch}, the same η and the same number of passes) ends in the deep valley in ${sgd.ridge.count.deep} of ${runs} runs from the ridge ` +
      `and ${sgd.shallow.count.deep} of ${runs} from the right: the noise of each batch's gradient shakes it off the saddle and over the shallow valley's rim.`,
  );
  x.finding(
    `With batches of ${big} the noise is ${num(Math.sqrt(big / batch), 3)} times smaller, and SGD ends deep in only ${calmer.ridge.count.deep} of ${runs} runs from the ridge ` +
      `and ${calmer.shallow.count.deep} from the right: the escape is the noise's doing.`,
  );
  return x.finish();
}

/** The minimum a run ended in: its point, found again by Newton's method, or undefined (a saddle, or still moving). */
function endMinimum(landscape: Landscape, path: DescentPath): number[] | undefined {
  const found = stationaryPointNear(landscape, path.final.point, Math.max(1, Math.hypot(...path.final.point)));
  return found?.kind === 'minimum' ? found.point : undefined;
}

async function gaussianNoiseExperiment(flags: SaddleFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('saddle', flags, output);
  const { getLandscape } = await import('@downhill/landscapes/text');
  const { checkStart, defaultStart } = await import('@downhill/landscapes');
  const landscape = getLandscape(flags.surface!);
  const start = flags.from ?? defaultStart(landscape);
  checkStart(landscape, start);
  const runs = flags.runs ?? saddleDefaults.runs,
    steps = flags.steps ?? saddleDefaults.steps;
  const eta = flags.lr ?? saddleDefaults.learningRate,
    noise = flags.noise ?? saddleDefaults.noise;
  const descend = (sigma: number, seed: number) => {
    try {
      return descendWithNoise(landscape, annealedSgd(landscape.dimension, eta, steps), start, steps, { noise: sigma, rng: new Rng(seed) });
    } catch (error) {
      // The defaults suit the double well; on a steeper surface, or one with no minimum, descent runs off to infinity.
      if ((error as { code?: string }).code !== 'NON_FINITE_GRADIENT') throw error;
      throw new UsageError(
        `--surface ${flags.surface}: descent from ${start.map((v) => num(v, 3)).join(', ')} with η = ${eta}${sigma > 0 ? ` and noise σ = ${sigma}` : ''} ran off to infinity ` +
          `(expected a surface with a minimum and a learning rate that suits it; give a smaller --lr${sigma > 0 ? ' or --noise' : ''}, or pick a surface that is bounded below)`,
      );
    }
  };
  const plain = descend(0, flags.seed);
  const ends = new Map<string, { point: number[]; value: number; count: number }>();
  const paths: DescentPath[] = [];
  for (let s = 0; s < runs; s++) {
    const path = descend(noise, flags.seed + 1 + s);
    if (paths.length < 3) paths.push(path);
    const m = endMinimum(landscape, path);
    const key = m ? m.map((v) => num(v, 3)).join(', ') : 'not at a minimum';
    const entry = ends.get(key) ?? { point: m ?? path.final.point, value: m ? landscape.value(m) : Number.NaN, count: 0 };
    entry.count++;
    ends.set(key, entry);
  }
  const plainMin = endMinimum(landscape, plain);
  const describe = (p: number[]) =>
    landscape.dimension === 1 ? `${landscape.variables[0]} = ${p.map((v) => num(v, 3))}` : `(${p.map((v) => num(v, 3)).join(', ')})`;
  output.line(
    `${landscape.name}: f(${landscape.variables.join(', ')}) = ${landscape.expression}; from ${describe(start)}, ${steps} steps, η ${eta} annealed; noise σ = ${noise}, ${runs} seeds`,
  );
  if (landscape.dimension === 2) {
    const xs = landscape.domain?.[0] ?? [start[0]! - 3, start[0]! + 3],
      ys = landscape.domain?.[1] ?? [start[1]! - 3, start[1]! + 3];
    const grid = sampleGrid(landscape, { xRange: xs, yRange: ys, nx: 121, ny: 101 });
    await x.write(
      'saddle-paths.svg',
      landscapeChart({
        grid,
        paths: [
          { name: 'gradient descent, no noise', points: plain.points },
          ...paths.map((p, i) => ({ name: `with noise σ = ${noise}, seed ${flags.seed + 1 + i}`, points: p.points })),
        ],
        title: `${landscape.name}: descent with and without gradient noise`,
        logColor: wantsLogColor(grid.values),
        xLabel: landscape.variables[0]!,
        yLabel: landscape.variables[1]!,
      }),
    );
  }
  const sorted = [...ends.values()].sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : a.value - b.value));
  await x.write(
    'saddle-outcomes.svg',
    barChart({
      title: `Where ${runs} noisy runs end (σ = ${noise})`,
      xLabel: 'end point',
      yLabel: 'share of runs (%)',
      categories: sorted.map((e) => (Number.isNaN(e.value) ? 'not at a minimum' : `${describe(e.point)}, f = ${num(e.value, 3)}`)),
      series: [{ name: `noise σ = ${noise}`, values: sorted.map((e) => (100 * e.count) / runs) }],
    }),
  );
  x.finding(
    `Without noise, gradient descent from ${describe(start)} ends at ${describe(plain.final.point)}, f = ${formatValue(plain.final.value)}` +
      (plainMin ? ' (a minimum).' : ` (${judgeDescent(landscape, plain).kind === 'resting' ? 'at rest, not at a minimum' : 'not at a minimum'}).`),
  );
  const best = sorted.find((e) => !Number.isNaN(e.value));
  x.finding(
    `With Gaussian noise of σ = ${noise} on each gradient component (the model of a mini-batch's estimate), the ${runs} runs end at ${ends.size} place${ends.size === 1 ? '' : 's'}` +
      (best ? `; ${best.count} of ${runs} (${percent(best.count / runs)}) in the lowest, ${describe(best.point)} with f = ${num(best.value, 3)}.` : '.'),
  );
  x.finding(
    `The noise model: the gradient plus independent N(0, ${noise}²) noise per component, η annealed to 0 by a cosine so each run settles where the noise last left it.`,
  );
  return x.finish();
}
