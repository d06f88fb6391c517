import { Command } from 'commander';

// Placeholder: being written.
export function optimizersCommand(): Command {
  return new Command('optimizers').description('(not yet available)');
}
