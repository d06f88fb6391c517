import { threadPool, wasm } from './backend.js';
import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';
import { type Csr, gatherRows, gatherSparse, reserveCsr, SparseRows } from './sparse.js';
import { gemmABtWasm, gemmAtBWasm, gemmWasm } from './wasm/ops.js';

// The three matrix products backprop needs, for row-major Float32 matrices:
//   gemm:    C = A · B     (δ back through the weights: δˡ⁻¹ ∝ δˡ · Wˡ)
//   gemmABt: C = A · Bᵀ    (forward z = a · Wᵀ, W stored out × in as in PyTorch)
//   gemmAtB: C = Aᵀ · B    (weight gradient ∂C/∂W = δᵀ · a)
// With `accumulate` the product is added to C instead of overwriting it.
//
// Two backends (backend.ts): the WebAssembly SIMD kernels (wasm/ops.ts and
// assembly/*.ts) where they run, and the JavaScript below, the readable
// reference and fallback. The shapes are checked here, once for both.
//
// The JavaScript kernels are written for speed (measured by `pnpm bench`):
// - Nothing is allocated per call: shape-error messages are built only on
//   failure, and the scratch buffers grow once and are kept.
// - Inner loops run over contiguous memory, and each loaded number feeds
//   several accumulators (register blocking): JavaScript has no SIMD, so the
//   loads and bounds checks, not the multiplications, are what cost.
// - Zeros are skipped. ~80 % of an MNIST image's pixels are 0, so the first
//   layer's products first gather a block of rows' non-zeros (a small CSR
//   matrix) and work on those alone.

// The JavaScript kernels' own gathered rows, for operands that were not
// listed beforehand (a SparseRows). Grown on first use, then kept.
const scratch: Csr = { rowStart: new Int32Array(0), index: new Int32Array(0), value: new Float32Array(0) };

/** Gather `rows` rows of `cols` numbers from data[offset ..] into the scratch CSR (see gatherSparse). */
function gatherScratch(data: Float32Array, offset: number, rows: number, cols: number): boolean {
  reserveCsr(scratch, rows, rows * cols);
  scratch.rowStart[0] = 0;
  return gatherSparse(data, offset, rows, cols, scratch, 0);
}

const shape = (m: Matrix): string => `${m.rows} × ${m.cols}`;

/** C = A·B (or C += A·B). A is m×k, B is k×n, C is m×n. */
export function gemm(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const m = a.rows,
    k = a.cols,
    n = b.cols;
  if (b.rows !== k) throw new ShapeMismatchError('gemm', `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemm', `C ${m} × ${n}`, `C ${shape(c)}`);
  const rt = wasm();
  if (rt) {
    gemmWasm(rt, threadPool(), a, b, c, accumulate);
    return c;
  }
  if (!accumulate) c.data.fill(0, 0, m * n);
  // A(i, p) = A[i·k + p]
  addOuterProducts(a.data, k, 1, b.data, 0, k, c.data, m, n);
  return c;
}

/**
 * C = Aᵀ·B (or C += Aᵀ·B). A is k×m, B is k×n, C is m×n. B may be a
 * `SparseRows` listing (the input batch, listed once for both its products).
 */
export function gemmAtB(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const k = a.rows,
    m = a.cols,
    n = b.cols;
  if (b.rows !== k) throw new ShapeMismatchError('gemmAtB', `B with ${k} rows for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemmAtB', `C ${m} × ${n}`, `C ${shape(c)}`);
  const rt = wasm();
  if (rt) {
    gemmAtBWasm(rt, threadPool(), a, b, c, accumulate, b instanceof SparseRows ? b.listingForWasm(rt) : undefined);
    return c;
  }
  const A = a.data,
    B = b.data,
    C = c.data;
  if (!accumulate) C.fill(0, 0, m * n);
  const listed = b instanceof SparseRows ? b.listingForJs() : undefined;
  // Aᵀ(i, p) = A[p·m + i]. B's rows are taken a block at a time, sparse (the input images) or dense.
  const block = gatherRows(n);
  for (let p0 = 0, blk = 0; p0 < k; p0 += block, blk++) {
    const rows = Math.min(block, k - p0);
    if (listed ? listed.sparse[blk] === 1 : gatherScratch(B, p0 * n, rows, n)) {
      addSparseOuterProducts(A, p0 * m, m, rows, C, n, listed ? listed.csr : scratch, listed ? p0 : 0);
    } else {
      addOuterProducts(A, 1, m, B, p0, rows, C, m, n);
    }
  }
  return c;
}

/**
 * C[i, :] += Σ_p A(i, p) · B[p, :] over rows p = p0 … p0+rows−1 of B, where
 * A(i, p) = A[i·iStride + p·pStride]: gemm and gemmAtB differ only in strides.
 * Four rows of C and two rows of B at a time, so each loaded B[p, j] feeds
 * four multiply-adds and each C[i, j] is loaded and stored once per two p.
 */
function addOuterProducts(
  A: Float32Array,
  iStride: number,
  pStride: number,
  B: Float32Array,
  p0: number,
  rows: number,
  C: Float32Array,
  m: number,
  n: number,
): void {
  const pEnd = p0 + rows;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = i * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    let p = p0;
    for (; p + 1 < pEnd; p += 2) {
      const a0 = i * iStride + p * pStride,
        a1 = a0 + iStride,
        a2 = a1 + iStride,
        a3 = a2 + iStride;
      const x00 = A[a0]!,
        x10 = A[a1]!,
        x20 = A[a2]!,
        x30 = A[a3]!;
      const x01 = A[a0 + pStride]!,
        x11 = A[a1 + pStride]!,
        x21 = A[a2 + pStride]!,
        x31 = A[a3 + pStride]!;
      if (x00 === 0 && x10 === 0 && x20 === 0 && x30 === 0 && x01 === 0 && x11 === 0 && x21 === 0 && x31 === 0) continue;
      const b0 = p * n,
        b1 = b0 + n;
      for (let j = 0; j < n; j++) {
        const u = B[b0 + j]!,
          v = B[b1 + j]!;
        C[c0 + j]! += x00 * u + x01 * v;
        C[c1 + j]! += x10 * u + x11 * v;
        C[c2 + j]! += x20 * u + x21 * v;
        C[c3 + j]! += x30 * u + x31 * v;
      }
    }
    if (p < pEnd) {
      const a0 = i * iStride + p * pStride;
      const x0 = A[a0]!,
        x1 = A[a0 + iStride]!,
        x2 = A[a0 + 2 * iStride]!,
        x3 = A[a0 + 3 * iStride]!;
      const b0 = p * n;
      for (let j = 0; j < n; j++) {
        const u = B[b0 + j]!;
        C[c0 + j]! += x0 * u;
        C[c1 + j]! += x1 * u;
        C[c2 + j]! += x2 * u;
        C[c3 + j]! += x3 * u;
      }
    }
  }
  for (; i < m; i++) {
    const ci = i * n;
    for (let p = p0; p < pEnd; p++) {
      const x = A[i * iStride + p * pStride]!;
      if (x === 0) continue;
      const b0 = p * n;
      for (let j = 0; j < n; j++) C[ci + j]! += x * B[b0 + j]!;
    }
  }
}

/**
 * C[i, :] += Σ_r A[aOffset + r·m + i] · S[r, :] over the gathered sparse rows
 * S (rows r0 … of `csr`), for all m rows of C. Eight rows of C at a time share
 * each gathered (column, value) pair; the 8 × n block of C they update stays
 * in cache while the gathered rows pass by.
 */
function addSparseOuterProducts(A: Float32Array, aOffset: number, m: number, rows: number, C: Float32Array, n: number, csr: Csr, r0: number): void {
  const start = csr.rowStart,
    idx = csr.index,
    val = csr.value;
  let i = 0;
  for (; i + 7 < m; i += 8) {
    const ci = i * n;
    for (let r = 0; r < rows; r++) {
      const a = aOffset + r * m + i;
      const x0 = A[a]!,
        x1 = A[a + 1]!,
        x2 = A[a + 2]!,
        x3 = A[a + 3]!,
        x4 = A[a + 4]!,
        x5 = A[a + 5]!,
        x6 = A[a + 6]!,
        x7 = A[a + 7]!;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) {
        const j = ci + idx[q]!,
          v = val[q]!;
        C[j]! += x0 * v;
        C[j + n]! += x1 * v;
        C[j + 2 * n]! += x2 * v;
        C[j + 3 * n]! += x3 * v;
        C[j + 4 * n]! += x4 * v;
        C[j + 5 * n]! += x5 * v;
        C[j + 6 * n]! += x6 * v;
        C[j + 7 * n]! += x7 * v;
      }
    }
  }
  for (; i + 3 < m; i += 4) {
    const ci = i * n;
    for (let r = 0; r < rows; r++) {
      const a = aOffset + r * m + i;
      const x0 = A[a]!,
        x1 = A[a + 1]!,
        x2 = A[a + 2]!,
        x3 = A[a + 3]!;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) {
        const j = ci + idx[q]!,
          v = val[q]!;
        C[j]! += x0 * v;
        C[j + n]! += x1 * v;
        C[j + 2 * n]! += x2 * v;
        C[j + 3 * n]! += x3 * v;
      }
    }
  }
  for (; i < m; i++) {
    const ci = i * n;
    for (let r = 0; r < rows; r++) {
      const x = A[aOffset + r * m + i]!;
      if (x === 0) continue;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) C[ci + idx[q]!]! += x * val[q]!;
    }
  }
}

/**
 * C = A·Bᵀ (or C += A·Bᵀ). A is m×k, B is n×k, C is m×n. A may be a
 * `SparseRows` listing (the input batch, listed once for both its products).
 */
export function gemmABt(a: Matrix, b: Matrix, c: Matrix, accumulate = false): Matrix {
  const m = a.rows,
    k = a.cols,
    n = b.rows;
  if (b.cols !== k) throw new ShapeMismatchError('gemmABt', `B with ${k} columns for A ${shape(a)}`, `B ${shape(b)}`);
  if (c.rows !== m || c.cols !== n) throw new ShapeMismatchError('gemmABt', `C ${m} × ${n}`, `C ${shape(c)}`);
  const rt = wasm();
  if (rt) {
    gemmABtWasm(rt, threadPool(), a, b, c, accumulate, a instanceof SparseRows ? a.listingForWasm(rt) : undefined);
    return c;
  }
  const A = a.data,
    B = b.data,
    C = c.data;
  const listed = a instanceof SparseRows ? a.listingForJs() : undefined;
  const block = gatherRows(k);
  for (let i0 = 0, blk = 0; i0 < m; i0 += block, blk++) {
    const rows = Math.min(block, m - i0);
    if (listed ? listed.sparse[blk] === 1 : gatherScratch(A, i0 * k, rows, k)) {
      sparseDots(B, k, n, C, i0, rows, accumulate, listed ? listed.csr : scratch, listed ? i0 : 0);
    } else {
      denseDots(A, B, k, n, C, i0, rows, accumulate);
    }
  }
  return c;
}

/**
 * C[i0 + r, j] (+)= S[r, :] · B[j, :] for the gathered sparse rows S (rows r0 …
 * of `csr`). Eight rows of B at a time share each gathered (column, value)
 * pair, and those rows stay in cache while every gathered row passes by.
 */
function sparseDots(B: Float32Array, k: number, n: number, C: Float32Array, i0: number, rows: number, accumulate: boolean, csr: Csr, r0: number): void {
  const start = csr.rowStart,
    idx = csr.index,
    val = csr.value;
  let j = 0;
  for (; j + 7 < n; j += 8) {
    const bj = j * k;
    for (let r = 0; r < rows; r++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        s4 = 0,
        s5 = 0,
        s6 = 0,
        s7 = 0;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) {
        const p = bj + idx[q]!,
          v = val[q]!;
        s0 += v * B[p]!;
        s1 += v * B[p + k]!;
        s2 += v * B[p + 2 * k]!;
        s3 += v * B[p + 3 * k]!;
        s4 += v * B[p + 4 * k]!;
        s5 += v * B[p + 5 * k]!;
        s6 += v * B[p + 6 * k]!;
        s7 += v * B[p + 7 * k]!;
      }
      const ci = (i0 + r) * n + j;
      if (accumulate) {
        s0 += C[ci]!;
        s1 += C[ci + 1]!;
        s2 += C[ci + 2]!;
        s3 += C[ci + 3]!;
        s4 += C[ci + 4]!;
        s5 += C[ci + 5]!;
        s6 += C[ci + 6]!;
        s7 += C[ci + 7]!;
      }
      C[ci] = s0;
      C[ci + 1] = s1;
      C[ci + 2] = s2;
      C[ci + 3] = s3;
      C[ci + 4] = s4;
      C[ci + 5] = s5;
      C[ci + 6] = s6;
      C[ci + 7] = s7;
    }
  }
  for (; j + 3 < n; j += 4) {
    const bj = j * k;
    for (let r = 0; r < rows; r++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) {
        const p = bj + idx[q]!,
          v = val[q]!;
        s0 += v * B[p]!;
        s1 += v * B[p + k]!;
        s2 += v * B[p + 2 * k]!;
        s3 += v * B[p + 3 * k]!;
      }
      const ci = (i0 + r) * n + j;
      if (accumulate) {
        s0 += C[ci]!;
        s1 += C[ci + 1]!;
        s2 += C[ci + 2]!;
        s3 += C[ci + 3]!;
      }
      C[ci] = s0;
      C[ci + 1] = s1;
      C[ci + 2] = s2;
      C[ci + 3] = s3;
    }
  }
  for (; j < n; j++) {
    const bj = j * k;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let q = start[r0 + r]!, end = start[r0 + r + 1]!; q < end; q++) s += val[q]! * B[bj + idx[q]!]!;
      const ci = (i0 + r) * n + j;
      C[ci] = accumulate ? C[ci]! + s : s;
    }
  }
}

/**
 * C[i, j] (+)= A[i, :] · B[j, :] for rows i0 … i0+rows−1 of A. Two rows of A
 * by four rows of B at a time: six loads feed eight multiply-adds.
 */
function denseDots(A: Float32Array, B: Float32Array, k: number, n: number, C: Float32Array, i0: number, rows: number, accumulate: boolean): void {
  const iEnd = i0 + rows;
  let i = i0;
  for (; i + 1 < iEnd; i += 2) {
    const a0 = i * k,
      a1 = a0 + k,
      c0 = i * n,
      c1 = c0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k,
        b1 = b0 + k,
        b2 = b1 + k,
        b3 = b2 + k;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p]!,
          x1 = A[a1 + p]!;
        const w0 = B[b0 + p]!,
          w1 = B[b1 + p]!,
          w2 = B[b2 + p]!,
          w3 = B[b3 + p]!;
        s00 += x0 * w0;
        s01 += x0 * w1;
        s02 += x0 * w2;
        s03 += x0 * w3;
        s10 += x1 * w0;
        s11 += x1 * w1;
        s12 += x1 * w2;
        s13 += x1 * w3;
      }
      if (accumulate) {
        C[c0 + j]! += s00;
        C[c0 + j + 1]! += s01;
        C[c0 + j + 2]! += s02;
        C[c0 + j + 3]! += s03;
        C[c1 + j]! += s10;
        C[c1 + j + 1]! += s11;
        C[c1 + j + 2]! += s12;
        C[c1 + j + 3]! += s13;
      } else {
        C[c0 + j] = s00;
        C[c0 + j + 1] = s01;
        C[c0 + j + 2] = s02;
        C[c0 + j + 3] = s03;
        C[c1 + j] = s10;
        C[c1 + j + 1] = s11;
        C[c1 + j + 2] = s12;
        C[c1 + j + 3] = s13;
      }
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s0 = 0,
        s1 = 0;
      for (let p = 0; p < k; p++) {
        const w = B[bj + p]!;
        s0 += A[a0 + p]! * w;
        s1 += A[a1 + p]! * w;
      }
      C[c0 + j] = accumulate ? C[c0 + j]! + s0 : s0;
      C[c1 + j] = accumulate ? C[c1 + j]! + s1 : s1;
    }
  }
  for (; i < iEnd; i++) {
    const ai = i * k,
      ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p]! * B[bj + p]!;
      C[ci + j] = accumulate ? C[ci + j]! + s : s;
    }
  }
}
