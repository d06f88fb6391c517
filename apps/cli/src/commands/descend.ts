import {
  describeFunction,
  describeVerdict,
  formatValue,
  formatPoint as formatVariables,
  judgeDescent,
  type Landscape,
  LandscapeError,
  nearestMinimum,
  pythonFixed,
  type RaceResult,
  raceOptimizers,
  signature,
} from '@downhill/landscapes';
import { type Optimizer, createOptimizer, getOptimizer } from '@downhill/optim';
import { Command, InvalidArgumentError } from 'commander';
import { type Run, type Stop, lastFinite, runDescent, suggestLearningRate } from '../descend/run.js';
import { UsageError } from '../errors.js';
import { nonNegativeInteger, numberList, positiveNumber, wholeNumber } from '../options.js';
import { type Output, stdoutOutput } from '../progress.js';
import { table } from '../table.js';

export interface DescendFlags {
  from?: number[];
  optimizer?: string;
  lr?: number;
  steps: number;
  every?: number;
  race?: string[];
  tolerance: number;
}

/** Up to this many steps, every step is printed, as in the lesson's notebook; beyond, a summary. */
const PRINT_EVERY_STEP_UP_TO = 20;
/** The notebook prints `f"{w:.4f}"`. */
const DIGITS = 4;
/** Suggesting a learning rate reruns the descent for each candidate: only when that is quick. */
const SUGGEST_UP_TO_STEPS = 10_000;

const HELP = `
Steps are numbered from 0, as in the lesson's notebook: "Step 0" is the point after the
first update. Up to ${PRINT_EVERY_STEP_UP_TO} steps every step is printed, then "Final:"; beyond that,
a summary (or every n-th step with --every n, then the summary).

SURFACE is a built-in (parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin)
or a function you type: one variable of any name, or x and y. Quote it for the shell.

Optimizer hyperparameters: --opt.NAME VALUE, e.g. --optimizer adam --opt.beta1 0.8
(see \`downhill optimizers\`). Each optimizer starts from its registered defaults.

Examples:
  downhill descend "(w-2)^2" --from 4 --lr 0.3 --steps 10      the lesson's ball rolling downhill
  downhill descend rosenbrock --optimizer adam --from -1.5,2 --steps 2000
  downhill descend rosenbrock --from -1.5,2 --steps 2000 --race sgd,momentum,adam --lr 0.001
  downhill descend "x^2 + 10 y^2" --from -4,2 --lr 0.09 --steps 200 --every 20
  downhill descend "C(w, b) = (w + b - 1)^2 + w^2" --from 2,2 --steps 100`;

function optimizerList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new InvalidArgumentError(`expected optimizer names separated by commas, found "${value}"`);
  return names;
}

export function descendCommand(hyper: () => Record<string, number> = () => ({}), output: Output = stdoutOutput): Command {
  return new Command('descend')
    .summary('roll a ball downhill on a surface you name or type, with any optimizer')
    .description("Gradient descent on a function of one or two variables: the lesson's ball rolling downhill.")
    .argument('<surface>', 'a built-in surface name, or a function such as "(w-2)^2" or "x^2 + 10 y^2"')
    .option('--from <point>', "start: w, or x,y (default: the built-in surface's suggested start)", numberList)
    .option('--optimizer <name>', 'optimizer (see `downhill optimizers`; default: gd, plain gradient descent)')
    .option('--lr <rate>', "learning rate η (default: the optimizer's)", positiveNumber)
    .option('--steps <n>', 'number of steps (at most 100,000)', wholeNumber(0, 100_000), 100)
    .option('--every <n>', 'print every n-th step, then a summary (0: the summary only)', nonNegativeInteger)
    .option('--race <names>', 'compare optimizers on the surface in a table, e.g. sgd,momentum,adam', optimizerList)
    .option('--tolerance <d>', 'distance to a known minimum that counts as reaching it', positiveNumber, 1e-3)
    .addHelpText('after', HELP)
    .action((surface: string, flags: DescendFlags) => runDescend(surface, flags, hyper(), output));
}

/**
 * Roll the ball. The formula parser (mathjs, about 90 MB once loaded) is loaded
 * here, when a surface is asked for, not when the CLI starts: `downhill train` never needs it.
 */
export async function runDescend(surface: string, flags: DescendFlags, hyper: Record<string, number>, output: Output): Promise<void> {
  const { requireMinimum, resolveStart, resolveSurface } = await import('../descend/surface.js');
  if (flags.race !== undefined && flags.optimizer !== undefined)
    throw new UsageError('--race and --optimizer: give one (--race names the optimizers to compare)');
  if (flags.race !== undefined && flags.every !== undefined) throw new UsageError('--every: a race prints a table, not steps; drop --every or --race');
  const landscape = resolveSurface(surface, flags.from);
  const start = resolveStart(landscape, flags.from);
  requireMinimum(landscape);
  if (flags.race !== undefined) race(landscape, start, flags, hyper, output);
  else single(landscape, start, flags, hyper, output);
}

/** The run's hyperparameters: --opt.* and then --lr, which wins. */
function overrides(hyper: Record<string, number>, lr: number | undefined): Record<string, number> {
  return lr === undefined ? hyper : { ...hyper, learningRate: lr };
}

function single(landscape: Landscape, start: number[], flags: DescendFlags, hyper: Record<string, number>, output: Output): void {
  const definition = getOptimizer(flags.optimizer ?? 'gd');
  const optimizer = createOptimizer(definition, landscape.dimension, overrides(hyper, flags.lr));
  const every = flags.every ?? (flags.steps <= PRINT_EVERY_STEP_UP_TO ? 1 : 0);
  const lessonStyle = flags.every === undefined && every === 1;

  if (!lessonStyle) {
    output.line(describeSurface(landscape));
    output.line(`${describeOptimizer(optimizer)} from ${formatPoint(landscape, start)}, ${flags.steps} steps`);
  }
  const run = runDescent(landscape, optimizer, start, flags.steps, {
    tolerance: flags.tolerance,
    onStep: (step, point) => {
      if (every > 0 && ((step - 1) % every === 0 || step === flags.steps)) output.line(stepLine(landscape, step - 1, point));
    },
  });
  if (run.stop !== undefined) throw new UsageError(stopMessage(landscape, run, run.stop));

  if (lessonStyle) {
    output.line(`Final: ${finalPoint(landscape, run.path.final.point)}`);
    return;
  }
  for (const line of summary(landscape, run, flags)) output.line(line);
  const reached = run.distance !== undefined && run.distance <= flags.tolerance;
  if (!reached && run.distance !== undefined && flags.lr === undefined && hyper.learningRate === undefined && flags.steps <= SUGGEST_UP_TO_STEPS) {
    const hint = suggestLearningRate(landscape, definition, hyper, start, flags.steps, flags.tolerance);
    output.line(
      hint === undefined
        ? `hint: no learning rate from 1e-4 to 1 gets ${definition.name} there in ${flags.steps} steps; try more --steps`
        : `hint: ${definition.name}'s default learning rate ${formatValue(definition.defaults.learningRate)} is sized for networks; --lr ${formatValue(hint.learningRate)} gets there in ${hint.steps} steps`,
    );
  }
}

function race(landscape: Landscape, start: number[], flags: DescendFlags, hyper: Record<string, number>, output: Output): void {
  // Each racer at its own default learning rate unless --lr (or --opt.learningRate) names one for all.
  const { learningRate: shared = flags.lr, ...others } = hyper;
  const runners = flags.race!.map((name) => {
    const definition = getOptimizer(name);
    return { optimizer: definition.name, learningRate: shared ?? definition.defaults.learningRate };
  });
  let results: RaceResult[];
  try {
    ({ results } = raceOptimizers(landscape, runners, { start, steps: flags.steps, tolerance: flags.tolerance, hyperparameters: others }));
  } catch (error) {
    // "beta1: none of sgd, momentum has a hyperparameter beta1" is about the --opt.beta1 flag.
    if (error instanceof LandscapeError && / none of .* has a hyperparameter /.test(error.message)) throw new UsageError(`--opt.${error.message}`);
    throw error;
  }
  output.line(describeSurface(landscape));
  output.line(
    `from ${formatPoint(landscape, start)}, ${flags.steps} steps; "steps to min": from when it stayed within ${formatValue(flags.tolerance)} of a minimum`,
  );
  output.line('');
  const rows: string[][] = [['optimizer', 'learning rate', 'steps to min', 'final f', 'distance', 'outcome']];
  for (const { name, learningRate, path, verdict, says } of results) {
    const final = lastFinite(path);
    const nearest = verdict.kind === 'diverged' ? undefined : nearestMinimum(landscape, final.point);
    rows.push([
      name,
      formatValue(learningRate),
      verdict.kind === 'reached' ? String(verdict.step) : '–',
      verdict.kind === 'diverged' ? '–' : formatValue(final.value),
      nearest === undefined ? '–' : formatValue(nearest.distance),
      says,
    ]);
  }
  output.line(table(alignNumbers(rows, [1, 2, 3, 4])));
}

/** Right-aligns whole columns of numbers, dashes and exponents included (table() aligns only plain decimals). */
function alignNumbers(rows: string[][], columns: number[]): string[][] {
  const widths = columns.map((j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r, i) => (i === 0 ? r : r.map((cell, j) => (columns.includes(j) ? cell.padStart(widths[columns.indexOf(j)]!) : cell))));
}

function summary(landscape: Landscape, run: Run, flags: DescendFlags): string[] {
  const { path } = run;
  // The one verdict for every surface (built-in or typed), as the races and the web demo give it.
  const lines = [describeVerdict(landscape, judgeDescent(landscape, path, { tolerance: flags.tolerance }), flags.steps)];
  lines.push(`Final: ${finalPoint(landscape, path.final.point)}`);
  const minimum = landscape.minimumValue === undefined ? '' : ` (minimum ${formatValue(landscape.minimumValue)})`;
  lines.push(`f = ${formatValue(path.final.value)}${minimum}`);
  return lines;
}

function stopMessage(landscape: Landscape, run: Run, stop: Stop): string {
  const at = `step ${stop.step - 1}`;
  const described = describeFunction(landscape);
  switch (stop.kind) {
    case 'diverged':
      return `diverged at ${at}: lower the learning rate (${run.optimizer.definition.name} with learning rate ${formatValue(run.optimizer.h.learningRate)} took ${signature(landscape)} to ${formatValue(run.path.final.value)})`;
    case 'value-not-real':
      return `left the function's domain at ${at}: ${described} is not a real number at ${formatPoint(landscape, stop.point)}; lower the learning rate or start elsewhere`;
    case 'gradient-not-real':
      return `stopped at ${at}: the gradient of ${described} is not a real number at ${formatPoint(landscape, stop.point)}`;
  }
}

/** `Step 0: w=2.8000` (the notebook's line) or `Step 0: x=-1.4980, y=1.9980`. */
function stepLine(landscape: Landscape, label: number, point: readonly number[]): string {
  return `Step ${label}: ${landscape.variables.map((v, i) => `${v}=${pythonFixed(point[i]!, DIGITS)}`).join(', ')}`;
}

/** `2.0002`, as the notebook's `Final:` line, or `x=1.0000, y=1.0000`. */
function finalPoint(landscape: Landscape, point: readonly number[]): string {
  if (landscape.dimension === 1) return pythonFixed(point[0]!, DIGITS);
  return landscape.variables.map((v, i) => `${v}=${pythonFixed(point[i]!, DIGITS)}`).join(', ');
}

const formatPoint = (landscape: Landscape, point: readonly number[]): string => formatVariables(landscape.variables, point);

function describeSurface(landscape: Landscape): string {
  const f = describeFunction(landscape);
  return landscape.name === landscape.expression || landscape.name.includes('=') ? f : `${landscape.name}: ${f}`;
}

function describeOptimizer(optimizer: Optimizer): string {
  return `${optimizer.definition.name} (${Object.entries(optimizer.h)
    .map(([k, v]) => `${k} ${formatValue(v)}`)
    .join(', ')})`;
}
