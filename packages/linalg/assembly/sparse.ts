// Products with a sparse operand, for the first layer of a network on images
// (about 81 % of an MNIST pixel is 0). A batch x (b × k) is listed once by its
// non-zero blocks of four neighbouring pixels, each kept as a whole vector
// (about 28 % of MNIST's blocks are non-zero):
//
//   by row    (CSR): rowStart[i] … rowStart[i+1] index the blocks of row i:
//                    block number blockIndex[q], its four numbers blockValue[q]
//   by column (CSC): columnStart[pb] … columnStart[pb+1] index the rows whose
//                    block pb is non-zero: row columnRow[q], numbers columnValue[q]
//
// The forward product z = x·Wᵀ reads the CSR list, the weight gradient
// ∂C/∂W = δᵀ·x the CSC one, so the pixels are scanned once per batch. Working
// on whole blocks keeps both products in SIMD and in the matrices' own layout
// (no transposed copies of W or of the gradient).
import { i32At, setI32, madd, sumLanes, storeLanes, loadLanes } from './memory';

/**
 * List the non-zero 4-blocks of the rows of X (rows × cols, row-major) by row
 * and by column. Gives up and returns −1 as soon as there are more than
 * `limit` of them (a dense operand goes to the dense kernels); otherwise
 * returns how many there are. The last block of a row whose length is not a
 * multiple of 4 is padded with zeros.
 */
export function listBlocks(
  X: usize, rows: i32, cols: i32, limit: i32,
  rowStart: usize, blockIndex: usize, blockValue: usize,
  columnStart: usize, columnRow: usize, columnValue: usize,
): i32 {
  const blocks = (cols + 3) >> 2, full = cols >> 2, tail = cols & 3;
  const zero = f32x4.splat(0);
  let n = 0;
  for (let i = 0; i < rows; i++) {
    setI32(rowStart, i, n);
    const x = X + (<usize>i * <usize>cols << 2);
    for (let pb = 0; pb < full; pb++) {
      const v = v128.load(x + (<usize>pb << 4));
      // NaN ≠ 0 is true: a NaN input is listed, and shows in the result.
      if (!v128.any_true(f32x4.ne(v, zero))) continue;
      setI32(blockIndex, n, pb);
      v128.store(blockValue + (<usize>n << 4), v);
      n++;
    }
    if (tail != 0) {
      const v = loadLanes(x + (<usize>full << 4), tail);
      if (v128.any_true(f32x4.ne(v, zero))) {
        setI32(blockIndex, n, full);
        v128.store(blockValue + (<usize>n << 4), v);
        n++;
      }
    }
    if (n > limit) return -1;
  }
  setI32(rowStart, rows, n);

  // By column: count each block's rows, prefix sums, then place the entries row by row (so each column lists rows in order).
  memory.fill(columnStart, 0, <usize>(blocks + 1) << 2);
  for (let q = 0; q < n; q++) {
    const pb = i32At(blockIndex, q) + 1;
    setI32(columnStart, pb, i32At(columnStart, pb) + 1);
  }
  for (let pb = 1; pb <= blocks; pb++) setI32(columnStart, pb, i32At(columnStart, pb) + i32At(columnStart, pb - 1));
  // columnStart[pb] serves as block pb's cursor while filling, and ends as columnStart[pb+1]: shifted back after.
  for (let i = 0; i < rows; i++) {
    const end = i32At(rowStart, i + 1);
    for (let q = i32At(rowStart, i); q < end; q++) {
      const pb = i32At(blockIndex, q);
      const at = i32At(columnStart, pb);
      setI32(columnRow, at, i);
      v128.store(columnValue + (<usize>at << 4), v128.load(blockValue + (<usize>q << 4)));
      setI32(columnStart, pb, at + 1);
    }
  }
  for (let pb = blocks; pb > 0; pb--) setI32(columnStart, pb, i32At(columnStart, pb - 1));
  setI32(columnStart, 0, 0);
  return n;
}

/** Lanes of the last block of a row of `cols` numbers that lie inside the row, as an all-ones mask. */
@inline function tailMask(cols: i32): v128 {
  const tail = cols & 3;
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(tail == 0 ? 4 : tail));
}

/**
 * Z[i, j] (+)= x[i, :] · W[j, :] for every row i and the rows j0 ≤ j < j1 of W
 * (n × k), from x's blocks by row: eight rows of W share each block of x.
 * Each Z[i, j] is Σ over row i's blocks, lane by lane, then its four lanes
 * added in a fixed order, then Z[i, j] itself when accumulating.
 */
export function blockForward(
  Z: usize, n: i32, W: usize, k: i32, rows: i32,
  rowStart: usize, blockIndex: usize, blockValue: usize, accumulate: bool, j0: i32, j1: i32,
): void {
  const wRowB = <usize>k << 2;
  // The last block of a row of W may run into the next row: masked to the row's own lanes (0 · NaN would be NaN).
  const lastBlock = (k & 3) == 0 ? -1 : k >> 2;
  const mask = tailMask(k);
  let j = j0;
  for (; j + 8 <= j1; j += 8) {
    const w = W + <usize>j * wRowB;
    for (let i = 0; i < rows; i++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
      let end = i32At(rowStart, i + 1);
      const partial = end > i32At(rowStart, i) && i32At(blockIndex, end - 1) == lastBlock;
      if (partial) end--;
      for (let q = i32At(rowStart, i); q < end; q++) {
        const x = v128.load(blockValue + (<usize>q << 4));
        const at = w + (<usize>i32At(blockIndex, q) << 4);
        s0 = madd(s0, x, v128.load(at));
        s1 = madd(s1, x, v128.load(at + wRowB));
        s2 = madd(s2, x, v128.load(at + 2 * wRowB));
        s3 = madd(s3, x, v128.load(at + 3 * wRowB));
        s4 = madd(s4, x, v128.load(at + 4 * wRowB));
        s5 = madd(s5, x, v128.load(at + 5 * wRowB));
        s6 = madd(s6, x, v128.load(at + 6 * wRowB));
        s7 = madd(s7, x, v128.load(at + 7 * wRowB));
      }
      if (partial) {
        // The same step for the row's last, partial block, with W's lanes past its row masked off.
        const x = v128.load(blockValue + (<usize>end << 4));
        const at = w + (<usize>lastBlock << 4);
        s0 = madd(s0, x, v128.and(v128.load(at), mask));
        s1 = madd(s1, x, v128.and(v128.load(at + wRowB), mask));
        s2 = madd(s2, x, v128.and(v128.load(at + 2 * wRowB), mask));
        s3 = madd(s3, x, v128.and(v128.load(at + 3 * wRowB), mask));
        s4 = madd(s4, x, v128.and(v128.load(at + 4 * wRowB), mask));
        s5 = madd(s5, x, v128.and(v128.load(at + 5 * wRowB), mask));
        s6 = madd(s6, x, v128.and(v128.load(at + 6 * wRowB), mask));
        s7 = madd(s7, x, v128.and(v128.load(at + 7 * wRowB), mask));
      }
      const z = Z + ((<usize>i * <usize>n + <usize>j) << 2);
      if (accumulate) {
        store<f32>(z, sumLanes(s0) + load<f32>(z));
        store<f32>(z, sumLanes(s1) + load<f32>(z, 4), 4);
        store<f32>(z, sumLanes(s2) + load<f32>(z, 8), 8);
        store<f32>(z, sumLanes(s3) + load<f32>(z, 12), 12);
        store<f32>(z, sumLanes(s4) + load<f32>(z, 16), 16);
        store<f32>(z, sumLanes(s5) + load<f32>(z, 20), 20);
        store<f32>(z, sumLanes(s6) + load<f32>(z, 24), 24);
        store<f32>(z, sumLanes(s7) + load<f32>(z, 28), 28);
      } else {
        store<f32>(z, sumLanes(s0));
        store<f32>(z, sumLanes(s1), 4);
        store<f32>(z, sumLanes(s2), 8);
        store<f32>(z, sumLanes(s3), 12);
        store<f32>(z, sumLanes(s4), 16);
        store<f32>(z, sumLanes(s5), 20);
        store<f32>(z, sumLanes(s6), 24);
        store<f32>(z, sumLanes(s7), 28);
      }
    }
  }
  // The rows of W left over, one at a time, the same sum for each Z[i, j].
  for (; j < j1; j++) {
    const w = W + <usize>j * wRowB;
    for (let i = 0; i < rows; i++) {
      let s = f32x4.splat(0);
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        const pb = i32At(blockIndex, q);
        let wv = v128.load(w + (<usize>pb << 4));
        if (pb == lastBlock) wv = v128.and(wv, mask);
        s = madd(s, v128.load(blockValue + (<usize>q << 4)), wv);
      }
      const z = Z + ((<usize>i * <usize>n + <usize>j) << 2);
      store<f32>(z, accumulate ? sumLanes(s) + load<f32>(z) : sumLanes(s));
    }
  }
}

/**
 * G[j, :] (+)= Σ_i D[i, j] · x[i, :] for the rows j0 ≤ j < j1 of G (n × k),
 * from x's blocks by column (D is rows × n): eight rows of G share each block
 * of x. Each G[j, p] is Σ over the rows i, in order, of D[i, j]·x[i, p] where
 * x[i, p]'s block is non-zero, then G[j, p] itself when accumulating; a
 * column with no non-zero block gives exactly 0.
 */
export function blockGradient(
  G: usize, n: i32, k: i32, D: usize,
  columnStart: usize, columnRow: usize, columnValue: usize, accumulate: bool, j0: i32, j1: i32,
): void {
  const gRowB = <usize>k << 2, dRowB = <usize>n << 2;
  const blocks = (k + 3) >> 2, tail = k & 3;
  let j = j0;
  for (; j + 8 <= j1; j += 8) {
    const g = G + <usize>j * gRowB, d = D + (<usize>j << 2);
    for (let pb = 0; pb < blocks; pb++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
      const end = i32At(columnStart, pb + 1);
      for (let q = i32At(columnStart, pb); q < end; q++) {
        const x = v128.load(columnValue + (<usize>q << 4));
        const at = d + <usize>i32At(columnRow, q) * dRowB;
        s0 = madd(s0, v128.load32_splat(at), x);
        s1 = madd(s1, v128.load32_splat(at, 4), x);
        s2 = madd(s2, v128.load32_splat(at, 8), x);
        s3 = madd(s3, v128.load32_splat(at, 12), x);
        s4 = madd(s4, v128.load32_splat(at, 16), x);
        s5 = madd(s5, v128.load32_splat(at, 20), x);
        s6 = madd(s6, v128.load32_splat(at, 24), x);
        s7 = madd(s7, v128.load32_splat(at, 28), x);
      }
      const lanes = pb == blocks - 1 && tail != 0 ? tail : 4;
      const at = g + (<usize>pb << 4);
      if (accumulate) {
        s0 = f32x4.add(s0, loadLanes(at, lanes));
        s1 = f32x4.add(s1, loadLanes(at + gRowB, lanes));
        s2 = f32x4.add(s2, loadLanes(at + 2 * gRowB, lanes));
        s3 = f32x4.add(s3, loadLanes(at + 3 * gRowB, lanes));
        s4 = f32x4.add(s4, loadLanes(at + 4 * gRowB, lanes));
        s5 = f32x4.add(s5, loadLanes(at + 5 * gRowB, lanes));
        s6 = f32x4.add(s6, loadLanes(at + 6 * gRowB, lanes));
        s7 = f32x4.add(s7, loadLanes(at + 7 * gRowB, lanes));
      }
      storeLanes(at, s0, lanes);
      storeLanes(at + gRowB, s1, lanes);
      storeLanes(at + 2 * gRowB, s2, lanes);
      storeLanes(at + 3 * gRowB, s3, lanes);
      storeLanes(at + 4 * gRowB, s4, lanes);
      storeLanes(at + 5 * gRowB, s5, lanes);
      storeLanes(at + 6 * gRowB, s6, lanes);
      storeLanes(at + 7 * gRowB, s7, lanes);
    }
  }
  for (; j < j1; j++) {
    const g = G + <usize>j * gRowB, d = D + (<usize>j << 2);
    for (let pb = 0; pb < blocks; pb++) {
      let s = f32x4.splat(0);
      const end = i32At(columnStart, pb + 1);
      for (let q = i32At(columnStart, pb); q < end; q++) {
        s = madd(s, v128.load32_splat(d + <usize>i32At(columnRow, q) * dRowB), v128.load(columnValue + (<usize>q << 4)));
      }
      const lanes = pb == blocks - 1 && tail != 0 ? tail : 4;
      const at = g + (<usize>pb << 4);
      if (accumulate) s = f32x4.add(s, loadLanes(at, lanes));
      storeLanes(at, s, lanes);
    }
  }
}
