import { getCost } from '@downhill/cost';
import { subset } from '@downhill/datasets';
import { getOptimizer } from '@downhill/optim';
import { createRun, evaluate, imageExamples, train } from '@downhill/train';
import { lineChart } from '@downhill/viz';
import { loadData } from '../data.js';
import type { Output } from '../progress.js';
import { table } from '../table.js';
import { parseRace, type Runner } from '../viz/race.js';
import { Experiment, type ExperimentFlags, type ExperimentResult, lessonNetwork, num, percent } from './common.js';

/** Learning rates that suit each on the lesson's network (quadratic cost): the lesson's η = 3 for plain descent. */
export const optimizersDefaults = {
  race: 'gd:3,sgd:3,momentum:0.1,adam:0.005',
  limit: 10_000,
  budget: 200_000,
  probe: 2000,
  points: 40,
};

export interface OptimizersFlags extends ExperimentFlags {
  race?: Runner[];
  /** Examples every optimizer may see. */
  budget?: number;
  batch?: number;
}

interface Curve {
  name: string;
  learningRate: number;
  examples: number[];
  cost: number[];
  steps: number;
  seconds: number;
  testAccuracy?: number;
}

/**
 * The lesson's case for mini-batches: give full-batch gradient descent,
 * mini-batch SGD, momentum and Adam the same budget of examples seen and
 * compare how far each gets down the cost. The cost is measured on a fixed
 * sample of the training set, so every curve is measured alike.
 */
export async function optimizersExperiment(flags: OptimizersFlags, output: Output): Promise<ExperimentResult> {
  const x = Experiment.open('optimizers', flags, output);
  const { train: data, test, name } = await loadData({ ...flags, limit: flags.limit ?? optimizersDefaults.limit });
  const runners = flags.race ?? parseRace(optimizersDefaults.race);
  // The budget in whole passes over the data, so full-batch descent gets whole steps.
  const passes = flags.epochs ?? Math.max(1, Math.round((flags.budget ?? optimizersDefaults.budget) / data.count));
  const budget = passes * data.count;
  const batch = flags.batch ?? lessonNetwork.batch;
  const layers = [...lessonNetwork.layers];
  const cost = getCost(lessonNetwork.cost);
  const probe = imageExamples(subset(data, Math.min(optimizersDefaults.probe, data.count)));
  const examples = imageExamples(data);
  const spacing = budget / optimizersDefaults.points;

  output.line(
    `${runners.length} optimizers on ${layers.join('-')} (${lessonNetwork.activation}, ${lessonNetwork.cost}), ` +
      `${data.count.toLocaleString('en-US')} ${name} images, a budget of ${budget.toLocaleString('en-US')} examples each`,
  );
  const curves: Curve[] = [];
  for (const { optimizer, learningRate: given } of runners) {
    const definition = getOptimizer(optimizer);
    // The same start for every optimizer: same seed, same initial weights.
    const run = createRun({
      ...lessonNetwork,
      optimizer: definition.name,
      ...(given !== undefined ? { learningRate: given } : {}),
      batch,
      epochs: passes,
      seed: flags.seed,
    });
    const { network } = run,
      { learningRate } = run.settings;
    const size = definition.fullBatch ? data.count : Math.min(batch, data.count);
    const curve: Curve = { name: definition.name, learningRate, examples: [0], cost: [evaluate(network, probe, { cost }).cost!], steps: 0, seconds: 0 };
    let next = spacing;
    const started = performance.now();
    await train({
      ...run.trainOptions,
      train: examples,
      batchSize: size,
      trainAccuracy: false,
      onEvent: (event) => {
        if (event.type !== 'batch') return;
        curve.steps++;
        const seen = (event.epoch - 1) * data.count + Math.min(event.batch * size, data.count);
        if (seen >= next || seen === budget) {
          curve.examples.push(seen);
          curve.cost.push(evaluate(network, probe, { cost }).cost!);
          next = seen + spacing;
        }
      },
    });
    curve.seconds = (performance.now() - started) / 1000;
    if (test.count > 0) curve.testAccuracy = evaluate(network, imageExamples(test)).accuracy;
    curves.push(curve);
    output.line(
      `  ${definition.name} η ${learningRate}: ${curve.steps.toLocaleString('en-US')} steps, cost ${num(curve.cost.at(-1)!)}` +
        `${curve.testAccuracy !== undefined ? `, test ${percent(curve.testAccuracy)}` : ''}, ${curve.seconds.toFixed(1)} s`,
    );
  }

  await x.write(
    'optimizers-cost.svg',
    lineChart({
      title: `Same budget, ${budget.toLocaleString('en-US')} examples: cost vs examples seen`,
      xLabel: 'examples seen (thousands)',
      yLabel: `cost on ${probe.count.toLocaleString('en-US')} training images (${lessonNetwork.cost}, log scale)`,
      logY: true,
      series: curves.map((c) => ({ name: `${c.name}, η = ${c.learningRate}`, x: c.examples.map((e) => e / 1000), y: c.cost })),
    }),
  );

  output.line('');
  output.line(
    table([
      ['optimizer', 'η', 'steps', 'final cost', 'test accuracy', 'seconds'],
      ...curves.map((c) => [
        c.name,
        String(c.learningRate),
        c.steps.toLocaleString('en-US'),
        num(c.cost.at(-1)!),
        c.testAccuracy === undefined ? '–' : percent(c.testAccuracy),
        c.seconds.toFixed(1),
      ]),
    ]),
  );
  const best = curves.reduce((a, b) => (b.cost.at(-1)! < a.cost.at(-1)! ? b : a));
  const worst = curves.reduce((a, b) => (b.cost.at(-1)! > a.cost.at(-1)! ? b : a));
  x.finding(
    `With ${budget.toLocaleString('en-US')} examples each, ${best.name} got lowest (cost ${num(best.cost.at(-1)!)}) and ${worst.name} highest (${num(worst.cost.at(-1)!)}).`,
  );
  const full = curves.find((c) => getOptimizer(c.name).fullBatch);
  // Plain mini-batch SGD first: it is the one to set against full-batch descent.
  const mini = curves.filter((c) => c !== full).sort((a, b) => Number(b.name === 'sgd') - Number(a.name === 'sgd'));
  if (full && mini.length > 0) {
    const target = full.cost.at(-1)!;
    const fastest = mini
      .map((c) => ({ c, at: c.examples[c.cost.findIndex((v) => v <= target)] }))
      .filter((m) => m.at !== undefined)
      .sort((a, b) => a.at! - b.at!)[0];
    x.finding(
      `Full-batch ${full.name} took ${full.steps} steps (one per pass over all ${data.count.toLocaleString('en-US')} images)` +
        `${full.testAccuracy !== undefined ? ` and reached ${percent(full.testAccuracy)} test accuracy` : ''}; ` +
        `mini-batch ${mini[0]!.name} took ${mini[0]!.steps.toLocaleString('en-US')} steps with the same examples` +
        `${mini[0]!.testAccuracy !== undefined ? ` and reached ${percent(mini[0]!.testAccuracy)}` : ''}.`,
    );
    if (fastest) {
      x.finding(
        `${fastest.c.name} reached ${full.name}'s final cost (${num(target)}) within its first ${fastest.at!.toLocaleString('en-US')} examples, ` +
          `${percent(fastest.at! / budget, 1)} of the budget: many rough steps beat a few exact ones.`,
      );
    }
  }
  const fastestClock = curves.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  x.finding(`Wall clock: ${curves.map((c) => `${c.name} ${c.seconds.toFixed(1)} s`).join(', ')} (fastest: ${fastestClock.name}).`);
  return x.finish();
}
