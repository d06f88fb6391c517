import { Command } from 'commander';

// Placeholder: being written.
export function descendCommand(): Command {
  return new Command('descend').description('(not yet available)');
}
