import { Command, CommanderError } from 'commander';
import { descendCommand } from './commands/descend.js';
import { evalCommand } from './commands/eval.js';
import { experimentCommand } from './commands/experiment.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { optimizersCommand } from './commands/optimizers.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { vizCommand } from './commands/viz.js';
import { describeError } from './errors.js';
import { extractHyperparameters } from './options.js';
import { extractPlugins, loadPlugins } from './plugins.js';

/** The CLI; a command that ends otherwise than with 0 (a run stopped by Ctrl-C: 130) says so through `exitWith`. */
export function program(hyper: Record<string, number> = {}, exitWith: (code: number) => void = () => {}): Command {
  return new Command('downhill')
    .description('How neural networks learn, by gradient descent: train, test and look inside networks on MNIST.')
    .version('0.0.0')
    .addHelpText(
      'after',
      '\nStart here:\n' +
        "  downhill train                       the lesson's 784-16-16-10 network on MNIST, in seconds\n" +
        '  downhill predict model.safetensors --index 0\n' +
        '  downhill descend "(w-2)^2" --from 4 --lr 0.3 --steps 10\n' +
        '  downhill viz weights model.safetensors -o weights.png\n' +
        '  downhill experiment weights          do the first-layer weights look like edges?\n\n' +
        'Each command has its own --help.\n\n' +
        'Options for every command:\n' +
        '  --plugin <path>   load a JavaScript module first, e.g. one that registers an optimizer\n' +
        '                    (downhill --plugin ./my-optimizer.js train --optimizer my-optimizer); repeatable',
    )
    .addCommand(trainCommand(() => hyper, undefined, exitWith))
    .addCommand(evalCommand())
    .addCommand(predictCommand())
    .addCommand(exportCommand())
    .addCommand(importCommand())
    .addCommand(optimizersCommand())
    .addCommand(descendCommand(() => hyper))
    .addCommand(vizCommand())
    .addCommand(experimentCommand());
}

/** Run the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    // Plugins first, so that what they register is there when commands read their options.
    const { argv: withoutPlugins, plugins } = extractPlugins(argv.slice(2));
    await loadPlugins(plugins);
    const { argv: rest, hyper } = extractHyperparameters(withoutPlugins);
    let code = 0;
    const cli = program(hyper, (c) => {
      code = c;
    });
    // Flag errors too are one line, in the same form as every other error.
    const output = {
      outputError: (message: string, write: (s: string) => void) => write(`downhill: ${message.replace(/^error: /, '').trimEnd()} (see --help)\n`),
    };
    // Every command at every depth (viz and experiment have subcommands of their own).
    const configure = (command: Command): void => {
      command.exitOverride().configureOutput(output);
      command.commands.forEach(configure);
    };
    configure(cli);
    await cli.parseAsync(rest, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const { message, expected } = describeError(error);
    process.stderr.write(`downhill: ${message}\n`);
    if (!expected) {
      if (process.env.DOWNHILL_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
      else process.stderr.write('downhill: this looks like a bug; run again with DOWNHILL_DEBUG=1 for details\n');
    }
    return 1;
  }
}
