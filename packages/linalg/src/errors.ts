/** Thrown when two arrays or matrices do not have the shapes an operation needs. */
export class ShapeMismatchError extends Error {
  override name = 'ShapeMismatchError';
  constructor(
    readonly operation: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${operation}: expected ${expected}, found ${found}`);
  }
}
