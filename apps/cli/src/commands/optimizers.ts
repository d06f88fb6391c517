import { type OptimizerDefinition, getOptimizer, optimizers } from '@downhill/optim';
import { Command } from 'commander';
import { type Output, stdoutOutput } from '../progress.js';
import { table } from '../table.js';

/** `learningRate 0.001, beta1 0.9, ...`: every hyperparameter with its default, in the definition's order. */
export function formatDefaults(definition: OptimizerDefinition): string {
  return Object.entries(definition.defaults)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

/**
 * Read from the registry, so an optimizer appears here (and in --optimizer) the
 * moment it is registered, with no change to the CLI.
 */
export function optimizersCommand(output: Output = stdoutOutput): Command {
  return new Command('optimizers')
    .summary('list the optimizers, their hyperparameters and defaults')
    .description(
      'Every registered optimizer: its name (for --optimizer), its hyperparameters with their\n' +
        'defaults (set them with --opt.NAME VALUE), and what it does. Name one for its allowed\n' +
        'ranges and state; --json prints the lot for scripts.',
    )
    .argument('[name]', 'an optimizer to describe in full')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  downhill optimizers\n  downhill optimizers adam\n  downhill train --optimizer adam --opt.beta1 0.8')
    .action((name: string | undefined, flags: { json?: boolean }) => {
      const chosen = name === undefined ? [...optimizers.values()] : [getOptimizer(name)];
      if (flags.json) output.line(JSON.stringify(chosen.map(describe), null, 2));
      else if (name === undefined)
        output.line(table([['name', 'hyperparameters (defaults)', 'description'], ...chosen.map((d) => [d.name, formatDefaults(d), d.summary])]));
      else for (const line of details(chosen[0]!)) output.line(line);
    });
}

function describe(definition: OptimizerDefinition) {
  return {
    name: definition.name,
    summary: definition.summary,
    defaults: definition.defaults,
    ranges: Object.fromEntries(Object.entries(definition.ranges).map(([k, r]) => [k, r.text])),
    slots: definition.slots,
    fullBatch: definition.fullBatch,
  };
}

function details(definition: OptimizerDefinition): string[] {
  const entries = Object.entries(definition.defaults);
  // Right-aligned as a column, 1e-8 included (table() aligns plain decimals only).
  const width = Math.max('default'.length, ...entries.map(([, v]) => String(v).length));
  const rows = entries.map(([name, value]) => [`  ${name}`, String(value).padStart(width), definition.ranges[name]?.text ?? '']);
  return [
    `${definition.name}: ${definition.summary}`,
    '',
    table([['  hyperparameter', 'default', 'allowed'], ...rows]),
    '',
    `state: ${definition.slots.length === 0 ? 'none' : `${definition.slots.join(', ')} (one number per parameter each)`}`,
    ...(definition.fullBatch ? ['meant for the full-batch gradient (downhill train feeds it the whole training set)'] : []),
  ];
}
