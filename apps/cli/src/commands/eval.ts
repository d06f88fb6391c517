import { getCost } from '@downhill/cost';
import { evaluate, imageExamples } from '@downhill/train';
import { Command } from 'commander';
import { loadData } from '../data.js';
import { type ActivationFlags, readModel, withActivationFlags } from '../model.js';
import { positiveInteger } from '../options.js';
import { type Output, stdoutOutput } from '../progress.js';
import { table } from '../table.js';

export function evalCommand(output: Output = stdoutOutput): Command {
  return withActivationFlags(
    new Command('eval')
      .summary('test a trained model: accuracy, per-digit accuracy, confusion matrix')
      .description('Run a trained model on the test set and report its accuracy, per class and as a confusion matrix.')
      .argument('<model>', 'a .safetensors file written by `downhill train`, or by PyTorch with --activation (see docs/interop.md)')
      .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)')
      .option('--test-limit <n>', 'test on the first n test examples only', positiveInteger),
  ).action(async (path: string, flags: { data?: string; testLimit?: number } & ActivationFlags) => {
    const { network, metadata } = await readModel(path, flags);
    const { test, name } = await loadData(flags);
    const costName = metadata.cost;
    const result = evaluate(network, imageExamples(test), costName ? { cost: getCost(costName) } : {});
    output.line(`${path} on the ${name} test set (${test.count.toLocaleString('en-US')} images)`);
    output.line(
      `accuracy ${(100 * result.accuracy).toFixed(2)}% (${result.correct} / ${result.count})${result.cost !== undefined ? `, mean ${costName} cost ${result.cost.toFixed(4)}` : ''}`,
    );
    output.line('');
    const classes = result.confusion.length;
    const perClass = result.confusion.map((row, digit) => {
      const total = row.reduce((a, b) => a + b, 0);
      return [String(digit), total, row[digit]!, total === 0 ? '–' : `${((100 * row[digit]!) / total).toFixed(1)}%`];
    });
    output.line(table([['class', 'images', 'right', 'accuracy'], ...perClass]));
    output.line('');
    output.line('confusion matrix (rows: true class, columns: predicted)');
    const header = ['', ...Array.from({ length: classes }, (_, j) => String(j))];
    output.line(table([header, ...result.confusion.map((row, i) => [String(i), ...row.map(String)])]));
  });
}
