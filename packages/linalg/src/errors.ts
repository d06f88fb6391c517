import { DownhillError } from './downhill-error.js';

export { DownhillError };

/** Thrown when two arrays or matrices do not have the shapes an operation needs. */
export class ShapeMismatchError extends DownhillError {
  override readonly code = 'SHAPE_MISMATCH';
  override name = 'ShapeMismatchError';
  constructor(
    /** The operation that was called, e.g. `'gemm'`. */
    readonly operation: string,
    /** The shape it needed, e.g. `'3 × 4'`. */
    readonly expected: string,
    /** The shape it was given. */
    readonly found: string,
  ) {
    super(`${operation}: expected ${expected}, found ${found}`);
  }
}
