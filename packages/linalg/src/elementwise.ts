import { wasm } from './backend.js';
import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';
import { sumRowsWasm } from './wasm/ops.js';

// The maps and reductions a dense network needs, in place and allocation-free.

/** Add the vector `v` (length cols) to every row of `m`: z = a·Wᵀ + b. */
export function addRowVector(m: Matrix, v: Float32Array): Matrix {
  if (v.length !== m.cols) throw new ShapeMismatchError('addRowVector', `vector of length ${m.cols}`, `${v.length}`);
  const D = m.data, n = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) D[o + j]! += v[j]!;
  }
  return m;
}

/** out[j] (+)= Σ_i m[i, j]: column sums, the bias gradient Σ over the batch of δ. */
export function sumRows(m: Matrix, out: Float32Array, accumulate = false): Float32Array {
  if (out.length !== m.cols) throw new ShapeMismatchError('sumRows', `output of length ${m.cols}`, `${out.length}`);
  const rt = wasm();
  if (rt) {
    // The same sums in the same order (row by row), four columns at a time.
    sumRowsWasm(rt, m, out, accumulate);
    return out;
  }
  if (!accumulate) out.fill(0);
  const D = m.data, n = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[j]! += D[o + j]!;
  }
  return out;
}

/** a[i] *= b[i]: the Hadamard product ⊙ of the backprop equations. */
export function hadamard(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) throw new ShapeMismatchError('hadamard', `equal lengths`, `${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) a[i]! *= b[i]!;
  return a;
}

/** a[i] *= s */
export function scale(a: Float32Array, s: number): Float32Array {
  for (let i = 0; i < a.length; i++) a[i]! *= s;
  return a;
}

/** y[i] += alpha * x[i] (BLAS axpy). */
export function axpy(alpha: number, x: Float32Array, y: Float32Array): Float32Array {
  if (x.length !== y.length) throw new ShapeMismatchError('axpy', `equal lengths`, `${x.length} and ${y.length}`);
  for (let i = 0; i < x.length; i++) y[i]! += alpha * x[i]!;
  return y;
}

/** Σ x[i] y[i] */
export function dot(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) throw new ShapeMismatchError('dot', `equal lengths`, `${x.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** ‖x‖₂ */
export function norm(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** Index of the largest entry of each row (the network's answer for each example). */
export function argmaxRows(m: Matrix, out: Int32Array = new Int32Array(m.rows)): Int32Array {
  const D = m.data, n = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const o = i * n;
    let best = 0, bestValue = D[o]!;
    for (let j = 1; j < n; j++) {
      if (D[o + j]! > bestValue) {
        bestValue = D[o + j]!;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** True when every entry is a finite number (no NaN, no ±Infinity). */
export function allFinite(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}
