import { subview } from './backend.js';
import { ShapeMismatchError } from './errors.js';

/**
 * A row-major matrix of 32-bit floats: element (i, j) is `data[i * cols + j]`.
 * A mini-batch is a matrix with one example per row.
 */
export interface Matrix {
  /** Number of rows (in a mini-batch, examples). */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** `rows × cols` numbers, row after row. */
  readonly data: Float32Array;
}

/** A `rows × cols` matrix over `data` (a view, not a copy), or over fresh zeros. */
export function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ShapeMismatchError('matrix', 'non-negative integer rows and cols', `${rows} × ${cols}`);
  }
  const size = rows * cols;
  if (data === undefined) return { rows, cols, data: new Float32Array(size) };
  if (data.length !== size) {
    throw new ShapeMismatchError('matrix', `${size} numbers for ${rows} × ${cols}`, `${data.length}`);
  }
  return { rows, cols, data };
}

/** A matrix from nested arrays (one inner array a row). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length === 0 ? 0 : rows[0]!.length;
  const out = matrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new ShapeMismatchError('fromRows', `every row of length ${cols}`, `row ${i} of length ${row.length}`);
    }
    out.data.set(row, i * cols);
  });
  return out;
}

/** Nested arrays, one inner array a row. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Rows `start` to `end` (exclusive) as a view sharing `m`'s storage (and keeping it alive). */
export function rowSlice(m: Matrix, start: number, end: number): Matrix {
  return matrix(end - start, m.cols, subview(m.data, start * m.cols, end * m.cols));
}

/** Row `i` as a view (keeping `m`'s storage alive). */
export function row(m: Matrix, i: number): Float32Array {
  return subview(m.data, i * m.cols, (i + 1) * m.cols);
}

/** The transpose, as a new matrix. */
export function transpose(m: Matrix): Matrix {
  const out = matrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j]!;
  }
  return out;
}

/** Throw a ShapeMismatchError naming `op` unless `m` is `rows × cols`. */
export function assertShape(op: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeMismatchError(op, `${rows} × ${cols}`, `${m.rows} × ${m.cols}`);
  }
}
