import { type Matrix, ShapeMismatchError } from '@downhill/linalg';

/** Throws unless `m` has the shape of `like`. */
export function assertSameShape(operation: string, like: Matrix, m: Matrix): void {
  if (m.rows !== like.rows || m.cols !== like.cols) {
    throw new ShapeMismatchError(operation, `${like.rows} × ${like.cols}`, `${m.rows} × ${m.cols}`);
  }
}
