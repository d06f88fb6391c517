// For the tests only (not exported from the package).
import { expect } from 'vitest';
import { LandscapeError } from './landscape-error.js';

/** The LandscapeError that `run` throws; fails the test if it throws anything else, or nothing. */
export function landscapeErrorOf(run: () => unknown): LandscapeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LandscapeError);
    return error as LandscapeError;
  }
  throw new Error('expected a LandscapeError, none was thrown');
}
