import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';

// The three matrix products backprop needs, for row-major Float32 matrices:
//   gemm:    C = A · B     (forward with weights stored in × out)
//   gemmABt: C = A · Bᵀ    (forward z = a · Wᵀ, W stored out × in as in PyTorch)
//   gemmAtB: C = Aᵀ · B    (weight gradient ∂C/∂W = δᵀ · a)
// With `accumulate` the product is added to C instead of overwriting it.
//
// Written for speed from the first day: inner loops run over contiguous memory,
// nothing is allocated per call (one scratch index buffer grows and is kept),
// and zero entries of a row are skipped, which matters because ~80 % of an
// MNIST image's pixels are 0.

let scratch = new Int32Array(1024);

/** Indices of the non-zero entries of `data[offset .. offset+length)` in `scratch`; returns their count. */
function nonZeros(data: Float32Array, offset: number, length: number): number {
  if (scratch.length < length) scratch = new Int32Array(Math.max(length, scratch.length * 2));
  let n = 0;
  for (let p = 0; p < length; p++) if (data[offset + p] !== 0) scratch[n++] = p;
  return n;
}

function check(op: string, ok: boolean, expected: string, found: string): void {
  if (!ok) throw new ShapeMismatchError(op, expected, found);
}

function shape(m: Matrix): string {
  return `${m.rows} × ${m.cols}`;
}

/** C = A·B (or C += A·B). A is m×k, B is k×n, C is m×n. */
export function gemm(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const m = a.rows, k = a.cols, n = b.cols;
  check('gemm', b.rows === k, `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  check('gemm', c.rows === m && c.cols === n, `C ${m} × ${n}`, `C ${shape(c)}`);
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
  check('gemmABt', b.cols === k, `B with ${k} columns for A ${shape(a)}`, `B ${shape(b)}`);
  check('gemmABt', c.rows === m && c.cols === n, `C ${m} × ${n}`, `C ${shape(c)}`);
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < m; i++) {
    const ai = i * k, ci = i * n;
    const nz = nonZeros(A, ai, k);
    if (nz * 2 < k) {
      // Sparse row: dot products over the non-zero entries only.
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let q = 0; q < nz; q++) {
          const p = scratch[q]!;
          s += A[ai + p]! * B[bj + p]!;
        }
        C[ci + j] = accumulate ? C[ci + j]! + s : s;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let p = 0;
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
  check('gemmAtB', b.rows === k, `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  check('gemmAtB', c.rows === m && c.cols === n, `C ${m} × ${n}`, `C ${shape(c)}`);
  const A = a.data, B = b.data, C = c.data;
  if (!accumulate) C.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m, bp = p * n;
    const nz = nonZeros(B, bp, n);
    if (nz * 2 < n) {
      for (let i = 0; i < m; i++) {
        const api = A[ap + i]!;
        if (api === 0) continue;
        const ci = i * n;
        for (let q = 0; q < nz; q++) {
          const j = scratch[q]!;
          C[ci + j]! += api * B[bp + j]!;
        }
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
