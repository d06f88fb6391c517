/**
 * Thrown when a data set is not what an operation needs: labels beyond the
 * class count, an index outside the set, a bad option. `source` names the
 * data (a file path, a set's name, or the function that was called).
 */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    readonly source: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${source}: expected ${expected}, found ${found}`);
  }
}

/** Thrown when bytes are not a well-formed IDX file (or not well-formed gzip around one). */
export class IdxFormatError extends DatasetError {
  override name = 'IdxFormatError';
}
