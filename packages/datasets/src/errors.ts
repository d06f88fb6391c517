import { DownhillError } from './downhill-error.js';

export { DownhillError };

/**
 * Thrown when a data set is not what an operation needs: labels beyond the
 * class count, an index outside the set, a bad option. `source` names the
 * data (a file path, a set's name, or the function that was called).
 */
export class DatasetError extends DownhillError {
  override readonly code: string = 'DATASET';
  override name = 'DatasetError';
  constructor(
    /** What was read or called: a file path, a set's name, a function. */
    readonly source: string,
    /** What the operation needed. */
    readonly expected: string,
    /** What it was given. */
    readonly found: string,
  ) {
    super(`${source}: expected ${expected}, found ${found}`);
  }
}

/** Thrown when bytes are not a well-formed IDX file (or not well-formed gzip around one). */
export class IdxFormatError extends DatasetError {
  override readonly code = 'IDX_FORMAT';
  override name = 'IdxFormatError';
}
