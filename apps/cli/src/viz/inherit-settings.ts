import type { Command } from 'commander';

/**
 * Nested subcommands do not inherit their parent's settings when added with
 * addCommand; copy them at dispatch, so flag errors and exits behave as the
 * top-level program was configured (one line, no process.exit).
 */
export function inheritSettings(parent: Command): Command {
  return parent.hook('preSubcommand', (command, subcommand) => {
    subcommand.copyInheritedSettings(command);
  });
}
