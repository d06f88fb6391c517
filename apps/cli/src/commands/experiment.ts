import { Command } from 'commander';

// Placeholder: being written.
export function experimentCommand(): Command {
  return new Command('experiment').description('(not yet available)');
}
