import { Command } from 'commander';

// Placeholder: being written.
export function vizCommand(): Command {
  return new Command('viz').description('(not yet available)');
}
