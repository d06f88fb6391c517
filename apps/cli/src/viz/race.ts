import { LandscapeError, parseRunners, type Runner } from '@downhill/landscapes';
import { InvalidArgumentError } from 'commander';

export type { Runner } from '@downhill/landscapes';

/** `--race sgd,momentum:0.001,adam` as runners (`@downhill/landscapes`' parseRunners), its problems as flag errors. */
export function parseRace(value: string): Runner[] {
  try {
    return parseRunners(value);
  } catch (error) {
    if (error instanceof LandscapeError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
