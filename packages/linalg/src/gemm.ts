import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';

// The three matrix products backprop needs, for row-major Float32 matrices:
//   gemm:    C = A · B     (δ back through the weights: δˡ⁻¹ ∝ δˡ · Wˡ)
//   gemmABt: C = A · Bᵀ    (forward z = a · Wᵀ, W stored out × in as in PyTorch)
//   gemmAtB: C = Aᵀ · B    (weight gradient ∂C/∂W = δᵀ · a)
// With `accumulate` the product is added to C instead of overwriting it.
//
// Written for speed from the first day: inner loops run over contiguous memory,
// nothing is allocated per call (shape-error messages are built only on
// failure; the scratch buffers grow once and are kept), and the zero entries of
// a sparse row are skipped — ~80 % of an MNIST image's pixels are 0, so the
// first layer's products gather a row's non-zeros once and work on those.

let scratchIndex = new Int32Array(1024);
let scratchValue = new Float32Array(1024);

/** Gather the non-zeros of data[offset .. offset+length) into the scratch buffers; returns their count. */
function gatherNonZeros(data: Float32Array, offset: number, length: number): number {
  if (scratchIndex.length < length) {
    scratchIndex = new Int32Array(length);
    scratchValue = new Float32Array(length);
  }
  const index = scratchIndex, value = scratchValue;
  let n = 0;
  for (let p = 0; p < length; p++) {
    const v = data[offset + p]!;
    if (v !== 0) {
      index[n] = p;
      value[n++] = v;
    }
  }
  return n;
}

const shape = (m: Matrix): string => `${m.rows} × ${m.cols}`;

/** C = A·B (or C += A·B). A is m×k, B is k×n, C is m×n. */
export function gemm(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const m = a.rows, k = a.cols, n = b.cols;
  if (b.rows !== k) throw new ShapeMismatchError('gemm', `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemm', `C ${m} × ${n}`, `C ${shape(c)}`);
  const A = a.data, B = b.data, C = c.data;
  if (!accumulate) C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n, ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = A[ai + p]!;
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j]! += aip * B[bp + j]!;
    }
  }
  return c;
}

/** C = A·Bᵀ (or C += A·Bᵀ). A is m×k, B is n×k, C is m×n. */
export function gemmABt(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const m = a.rows, k = a.cols, n = b.rows;
  if (b.cols !== k) throw new ShapeMismatchError('gemmABt', `B with ${k} columns for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemmABt', `C ${m} × ${n}`, `C ${shape(c)}`);
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < m; i++) {
    const ai = i * k, ci = i * n;
    const nz = gatherNonZeros(A, ai, k);
    if (nz * 2 < k) {
      // Sparse row: dot products over its non-zero entries only.
      const index = scratchIndex, value = scratchValue;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s0 = 0, s1 = 0, q = 0;
        for (; q + 1 < nz; q += 2) {
          s0 += value[q]! * B[bj + index[q]!]!;
          s1 += value[q + 1]! * B[bj + index[q + 1]!]!;
        }
        if (q < nz) s0 += value[q]! * B[bj + index[q]!]!;
        C[ci + j] = accumulate ? C[ci + j]! + s0 + s1 : s0 + s1;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, p = 0;
        for (; p + 3 < k; p += 4) {
          s0 += A[ai + p]! * B[bj + p]!;
          s1 += A[ai + p + 1]! * B[bj + p + 1]!;
          s2 += A[ai + p + 2]! * B[bj + p + 2]!;
          s3 += A[ai + p + 3]! * B[bj + p + 3]!;
        }
        for (; p < k; p++) s0 += A[ai + p]! * B[bj + p]!;
        const s = s0 + s1 + (s2 + s3);
        C[ci + j] = accumulate ? C[ci + j]! + s : s;
      }
    }
  }
  return c;
}

/** C = Aᵀ·B (or C += Aᵀ·B). A is k×m, B is k×n, C is m×n. */
export function gemmAtB(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const k = a.rows, m = a.cols, n = b.cols;
  if (b.rows !== k) throw new ShapeMismatchError('gemmAtB', `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemmAtB', `C ${m} × ${n}`, `C ${shape(c)}`);
  const A = a.data, B = b.data, C = c.data;
  if (!accumulate) C.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m, bp = p * n;
    const nz = gatherNonZeros(B, bp, n);
    if (nz * 2 < n) {
      // Sparse row of B: each output row gets a scaled copy of its non-zeros.
      const index = scratchIndex, value = scratchValue;
      for (let i = 0; i < m; i++) {
        const api = A[ap + i]!;
        if (api === 0) continue;
        const ci = i * n;
        for (let q = 0; q < nz; q++) C[ci + index[q]!]! += api * value[q]!;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const api = A[ap + i]!;
        if (api === 0) continue;
        const ci = i * n;
        for (let j = 0; j < n; j++) C[ci + j]! += api * B[bp + j]!;
      }
    }
  }
  return c;
}
