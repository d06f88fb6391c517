import { wasm } from './backend.js';
import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';
import { sumRowsWasm } from './wasm/ops.js';
import type { WasmRuntime } from './wasm/runtime.js';

// The maps and reductions a dense network needs, in place and allocation-free.

/** Add the vector `v` (length cols) to every row of `m`: z = a·Wᵀ + b. */
export function addRowVector(m: Matrix, v: Float32Array): Matrix {
  if (v.length !== m.cols) throw new ShapeMismatchError('addRowVector', `vector of length ${m.cols}`, `${v.length}`);
  const D = m.data,
    n = m.cols;
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
  const D = m.data,
    n = m.cols;
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

/** Vectors shorter than this stay in JavaScript: a call into the kernels costs more than it saves. */
const VECTOR_KERNEL_LENGTH = 64;

/** The kernels, when the arrays live in their memory and are long enough to be worth a call (allocates nothing: it runs every step). */
function vectorKernels(a: Float32Array, b?: Float32Array) {
  const rt = wasm();
  if (!rt || a.length < VECTOR_KERNEL_LENGTH || rt.address(a) < 0 || (b !== undefined && rt.address(b) < 0)) return undefined;
  return rt;
}

/**
 * Whether the vector kernels take these arrays: the WebAssembly kernels are
 * on, and the arrays live in their memory and are long enough to pay for a
 * call. A caller with its own JavaScript loop asks first, so that on the
 * JavaScript path it passes no number to a call (a call that is not inlined
 * boxes its number arguments: an allocation per step).
 */
export function onVectorKernels(a: Float32Array, b?: Float32Array): boolean {
  return vectorKernels(a, b) !== undefined;
}

/** y[i] += alpha * x[i] (BLAS axpy): each element in float64, rounded to float32 once, on either backend. */
export function axpy(alpha: number, x: Float32Array, y: Float32Array): Float32Array {
  if (x.length !== y.length) throw new ShapeMismatchError('axpy', `equal lengths`, `${x.length} and ${y.length}`);
  const rt = vectorKernels(x, y);
  if (rt) {
    rt.kernels.axpy(alpha, rt.address(x), rt.address(y), x.length);
    return y;
  }
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
  const D = m.data,
    n = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const o = i * n;
    let best = 0,
      bestValue = D[o]!;
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
  const rt = vectorKernels(x);
  if (rt) return rt.kernels.allFinite(rt.address(x), x.length) === 1;
  // One add per element, four sums in turn: a float64 sum of float32 values cannot
  // overflow (n·3.4e38 ≪ 1.8e308), so it is finite exactly when every element is.
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    i = 0;
  const n = x.length;
  for (; i + 3 < n; i += 4) {
    s0 += x[i]!;
    s1 += x[i + 1]!;
    s2 += x[i + 2]!;
    s3 += x[i + 3]!;
  }
  for (; i < n; i++) s0 += x[i]!;
  return Number.isFinite(s0 + s1 + (s2 + s3));
}

/** byte → byte / 255 as float32, looked up rather than divided in the JavaScript loop. */
const UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/**
 * out[offset + i] = bytes[from + i] / 255 for i < count (an image's 0–255
 * pixels as network inputs in [0, 1]), the same bits on either backend.
 * Allocates no buffers (on the kernels, one view object, to copy the bytes in
 * as one block).
 */
export function unitBytes(bytes: Uint8Array, out: Float32Array, offset = 0, from = 0, count = bytes.length - from): Float32Array {
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 0 || from + count > bytes.length) {
    throw new ShapeMismatchError('unitBytes', `bytes from ${from}, ${count} of them, within ${bytes.length}`, `${bytes.length} bytes`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + count > out.length) {
    throw new ShapeMismatchError('unitBytes', `room for ${count} numbers from ${offset}`, `an output of ${out.length}`);
  }
  const rt = count >= VECTOR_KERNEL_LENGTH ? vectorKernels(out) : undefined;
  if (rt) {
    const scratch = rt.scratch('bytes', count);
    rt.views().u8.set(from === 0 && count === bytes.length ? bytes : bytes.subarray(from, from + count), scratch);
    rt.kernels.unitBytes(scratch, rt.address(out) + 4 * offset, count);
    return out;
  }
  for (let i = 0; i < count; i++) out[offset + i] = UNIT[bytes[from + i]!]!;
  return out;
}

/**
 * Rows `indices[start + k]` (k < count) of a byte matrix with `rowLength`
 * columns, scaled to [0, 1] as `unitBytes` scales them, into rows k of `out`:
 * a mini-batch of images gathered from a data set. One call into the kernels
 * for the whole batch. The indices must be checked by the caller.
 */
export function gatherUnitRows(
  bytes: Uint8Array,
  rowLength: number,
  indices: ArrayLike<number>,
  start: number,
  count: number,
  out: Float32Array,
): Float32Array {
  const n = count * rowLength;
  if (!Number.isInteger(n) || n < 0 || n > out.length) {
    throw new ShapeMismatchError('gatherUnitRows', `room for ${count} rows of ${rowLength}`, `an output of ${out.length}`);
  }
  const rt = gatherOnKernels(out, n);
  if (!rt) {
    for (let k = 0; k < count; k++) unitBytes(bytes, out, k * rowLength, indices[start + k]! * rowLength, rowLength);
    return out;
  }
  rt.kernels.unitBytes(gatherBytes(rt, bytes, rowLength, indices, start, count), rt.address(out), n);
  return out;
}

/**
 * Rows `indices[start + k]` (k < count) of a byte matrix with `rowLength`
 * columns, copied one after another into the kernels' scratch: returns where.
 */
export function gatherBytes(rt: WasmRuntime, bytes: Uint8Array, rowLength: number, indices: ArrayLike<number>, start: number, count: number): number {
  const scratch = rt.scratch('bytes', count * rowLength);
  const u8 = rt.views().u8;
  for (let k = 0; k < count; k++) {
    const from = indices[start + k]! * rowLength;
    if (!(from >= 0 && from + rowLength <= bytes.length)) {
      throw new ShapeMismatchError('gatherUnitRows', `rows within the ${bytes.length / rowLength} of the bytes`, `row ${indices[start + k]}`);
    }
    u8.set(bytes.subarray(from, from + rowLength), scratch + k * rowLength);
  }
  return scratch;
}

/**
 * Whether `gatherUnitRows` into `out` runs on the kernels: they are on, `out`
 * lives in their memory, and there are enough numbers to pay for a call.
 */
export function gatherOnKernels(out: Float32Array, n: number): WasmRuntime | undefined {
  return n >= VECTOR_KERNEL_LENGTH ? vectorKernels(out) : undefined;
}
