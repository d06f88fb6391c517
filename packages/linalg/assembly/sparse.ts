// Products with a sparse operand, for the first layer of a network on images
// (about 81 % of an MNIST pixel is 0). A batch x (rows × k) is listed once
// by row and, when a weight gradient needs it, by column:
//
//   by row    (CSR): row i's non-zeros are value[q] in column column[q],
//                    for q from rowStart[i] to rowStart[i+1]
//   by column (CSC): column p's non-zeros are columnValue[q] in row rowOf[q],
//                    for q from columnStart[p] to columnStart[p+1], rows in order
//
// The forward product z = x·Wᵀ reads the CSR list, the weight gradient
// ∂C/∂W = δᵀ·x the CSC one, so the pixels are scanned once per batch. Both
// work along rows of n numbers (the layer's neurons), eight vectors at a time:
//   z[i, :]  = Σ over row i's non-zeros of  x[i, p] · Wᵀ[p, :]
//   ∂W[:, p] = Σ over column p's non-zeros of x[i, p] · δ[i, :]
// so the forward product reads W transposed (packed first, as gemmABt does)
// and the gradient is made transposed, then turned back.
import { madd, storeLanes, loadLanes, i32At, setI32, f32At, setF32 } from './memory';
import { packTransposed, transpose4x4 } from './dense';

/**
 * Append the non-zeros of v (the numbers at columns p … p+3) to the list from
 * entry n; returns the new length. The lanes that are not 0 (NaN ≠ 0 is true:
 * a NaN input is listed, and shows in the result) make a 4-bit mask, and the
 * mask's row of `table` (16 bytes a row, see ops.ts) moves them to the front:
 * one store of four columns and one of four values, no branch. The stores may
 * write up to three entries past the new length (the list has room).
 */
@inline function compress(v: v128, p: i32, column: usize, value: usize, n: i32, table: usize): i32 {
  const mask = i32x4.bitmask(f32x4.ne(v, f32x4.splat(0)));
  const order = v128.load(table + (<usize>mask << 4));
  v128.store(column + (<usize>n << 2), i8x16.swizzle(i32x4.add(i32x4.splat(p), i32x4(0, 1, 2, 3)), order));
  v128.store(value + (<usize>n << 2), i8x16.swizzle(v, order));
  return n + <i32>popcnt<u32>(mask);
}

/**
 * List the non-zeros of X (rows × cols, row-major) by row. Gives up and
 * returns −1 as soon as there are more than `limit` of them (a dense operand
 * goes to the dense kernels); otherwise returns how many. `table` is the
 * 256-byte table of `compress`.
 */
export function listNonZeros(X: usize, rows: i32, cols: i32, limit: i32, rowStart: usize, column: usize, value: usize, table: usize): i32 {
  const full = cols & ~3;
  let n = 0;
  for (let i = 0; i < rows; i++) {
    setI32(rowStart, i, n);
    const x = X + ((<usize>i * <usize>cols) << 2);
    let p = 0;
    for (; p + 16 <= full; p += 16) {
      // Sixteen numbers (a cache line) whose bits are all 0 are skipped in one test: the borders of an image.
      const at = x + (<usize>p << 2);
      const v0 = v128.load(at), v1 = v128.load(at, 16), v2 = v128.load(at, 32), v3 = v128.load(at, 48);
      if (!v128.any_true(v128.or(v128.or(v0, v1), v128.or(v2, v3)))) continue;
      n = compress(v0, p, column, value, n, table);
      n = compress(v1, p + 4, column, value, n, table);
      n = compress(v2, p + 8, column, value, n, table);
      n = compress(v3, p + 12, column, value, n, table);
    }
    for (; p < full; p += 4) n = compress(v128.load(x + (<usize>p << 2)), p, column, value, n, table);
    for (; p < cols; p++) {
      const e = f32At(x, p);
      if (e != 0) {
        setI32(column, n, p);
        setF32(value, n, e);
        n++;
      }
    }
    if (n > limit) return -1;
  }
  setI32(rowStart, rows, n);
  return n;
}

/**
 * unitBytes and listNonZeros in one pass, for a batch of images: X[i] =
 * B[i] / 255 for the rows × cols bytes at B (the same bits as `unitBytes`),
 * and X's non-zeros listed by row (the same list as `listNonZeros` of X gives).
 * Sixteen 0 bytes at a time are written as +0 and listed as nothing, without
 * dividing. Past `limit` non-zeros the list is given up (−1 is returned) but
 * every byte is still converted.
 */
export function listUnitBytes(B: usize, X: usize, rows: i32, cols: i32, limit: i32, rowStart: usize, column: usize, value: usize, table: usize): i32 {
  const d = f32x4.splat(255), zero = f32x4.splat(0);
  const full = cols & ~15;
  let n = 0;
  let listing = true;
  for (let i = 0; i < rows; i++) {
    if (listing) setI32(rowStart, i, n);
    const b = B + <usize>i * <usize>cols, x = X + ((<usize>i * <usize>cols) << 2);
    let p = 0;
    for (; p < full; p += 16) {
      const bytes = v128.load(b + <usize>p);
      const at = x + (<usize>p << 2);
      if (!v128.any_true(bytes)) {
        v128.store(at, zero);
        v128.store(at, zero, 16);
        v128.store(at, zero, 32);
        v128.store(at, zero, 48);
        continue;
      }
      const lo = i16x8.extend_low_i8x16_u(bytes), hi = i16x8.extend_high_i8x16_u(bytes);
      const v0 = f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), d);
      const v1 = f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), d);
      const v2 = f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), d);
      const v3 = f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), d);
      v128.store(at, v0);
      v128.store(at, v1, 16);
      v128.store(at, v2, 32);
      v128.store(at, v3, 48);
      if (listing) {
        n = compress(v0, p, column, value, n, table);
        n = compress(v1, p + 4, column, value, n, table);
        n = compress(v2, p + 8, column, value, n, table);
        n = compress(v3, p + 12, column, value, n, table);
      }
    }
    for (; p < cols; p++) {
      const e = <f32>load<u8>(b + <usize>p) / 255;
      setF32(x, p, e);
      if (listing && e != 0) {
        setI32(column, n, p);
        setF32(value, n, e);
        n++;
      }
    }
    if (n > limit) listing = false;
  }
  if (!listing) return -1;
  setI32(rowStart, rows, n);
  return n;
}

/**
 * The same non-zeros by column, from the list by row (only the weight
 * gradient needs them, so only a training step pays for this).
 */
export function listColumns(rows: i32, cols: i32, rowStart: usize, column: usize, value: usize, columnStart: usize, rowOf: usize, columnValue: usize): void {
  const n = i32At(rowStart, rows);
  // By column: count each column's entries, running sums (columnStart[p] = where column p ends), then
  // place the entries from the last row back, each column filled from its end: columnStart[p] ends where it starts.
  memory.fill(columnStart, 0, <usize>(cols + 1) << 2);
  for (let q = 0; q < n; q++) {
    const p = i32At(column, q);
    setI32(columnStart, p, i32At(columnStart, p) + 1);
  }
  for (let p = 1; p < cols; p++) setI32(columnStart, p, i32At(columnStart, p) + i32At(columnStart, p - 1));
  for (let i = rows - 1; i >= 0; i--) {
    const first = i32At(rowStart, i);
    for (let q = i32At(rowStart, i + 1) - 1; q >= first; q--) {
      const p = i32At(column, q);
      const at = i32At(columnStart, p) - 1;
      setI32(columnStart, p, at);
      setI32(rowOf, at, i);
      setF32(columnValue, at, f32At(value, q));
    }
  }
  setI32(columnStart, cols, n);
}

/**
 * Z[i, j] (+)= Σ_q value[q] · W[j, column[q]] over row i's non-zeros, for the
 * rows i0 ≤ i < i1 and columns j0 ≤ j < j1 of Z (rows j of W, n × k), from W
 * packed transposed in `packed` (k × n): packed here first, for those columns,
 * when `pack` is set. Each Z[i, j] is the sum over row i's non-zeros in column
 * order, then Z[i, j] itself when accumulating: the same whichever part of Z
 * a call covers.
 */
export function sparseForward(
  Z: usize, n: i32, W: usize, k: i32, packed: usize,
  rowStart: usize, column: usize, value: usize, accumulate: bool, pack: bool, i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  if (pack) packTransposed(packed, n, W, k, j0, j1);
  const rowB = <usize>n << 2;
  let j = j0;
  // Eight vectors (32 columns) at a time, then four, then one; a row's last vector may be partial (its spare lanes are never stored).
  for (; j + 32 <= j1; j += 32) {
    const wt = packed + (<usize>j << 2);
    for (let i = i0; i < i1; i++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        const v = v128.load32_splat(value + (<usize>q << 2));
        const at = wt + <usize>i32At(column, q) * rowB;
        s0 = madd(s0, v, v128.load(at));
        s1 = madd(s1, v, v128.load(at, 16));
        s2 = madd(s2, v, v128.load(at, 32));
        s3 = madd(s3, v, v128.load(at, 48));
        s4 = madd(s4, v, v128.load(at, 64));
        s5 = madd(s5, v, v128.load(at, 80));
        s6 = madd(s6, v, v128.load(at, 96));
        s7 = madd(s7, v, v128.load(at, 112));
      }
      const z = Z + <usize>i * rowB + (<usize>j << 2);
      if (accumulate) {
        s0 = f32x4.add(s0, v128.load(z));
        s1 = f32x4.add(s1, v128.load(z, 16));
        s2 = f32x4.add(s2, v128.load(z, 32));
        s3 = f32x4.add(s3, v128.load(z, 48));
        s4 = f32x4.add(s4, v128.load(z, 64));
        s5 = f32x4.add(s5, v128.load(z, 80));
        s6 = f32x4.add(s6, v128.load(z, 96));
        s7 = f32x4.add(s7, v128.load(z, 112));
      }
      v128.store(z, s0);
      v128.store(z, s1, 16);
      v128.store(z, s2, 32);
      v128.store(z, s3, 48);
      v128.store(z, s4, 64);
      v128.store(z, s5, 80);
      v128.store(z, s6, 96);
      v128.store(z, s7, 112);
    }
  }
  for (; j + 16 <= j1; j += 16) {
    const wt = packed + (<usize>j << 2);
    for (let i = i0; i < i1; i++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        const v = v128.load32_splat(value + (<usize>q << 2));
        const at = wt + <usize>i32At(column, q) * rowB;
        s0 = madd(s0, v, v128.load(at));
        s1 = madd(s1, v, v128.load(at, 16));
        s2 = madd(s2, v, v128.load(at, 32));
        s3 = madd(s3, v, v128.load(at, 48));
      }
      const z = Z + <usize>i * rowB + (<usize>j << 2);
      if (accumulate) {
        s0 = f32x4.add(s0, v128.load(z));
        s1 = f32x4.add(s1, v128.load(z, 16));
        s2 = f32x4.add(s2, v128.load(z, 32));
        s3 = f32x4.add(s3, v128.load(z, 48));
      }
      v128.store(z, s0);
      v128.store(z, s1, 16);
      v128.store(z, s2, 32);
      v128.store(z, s3, 48);
    }
  }
  for (; j < j1; j += 4) {
    const lanes = min(4, j1 - j);
    const wt = packed + (<usize>j << 2);
    for (let i = i0; i < i1; i++) {
      let s = f32x4.splat(0);
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        s = madd(s, v128.load32_splat(value + (<usize>q << 2)), v128.load(wt + <usize>i32At(column, q) * rowB));
      }
      const z = Z + <usize>i * rowB + (<usize>j << 2);
      if (accumulate) s = f32x4.add(s, loadLanes(z, lanes));
      storeLanes(z, s, lanes);
    }
  }
}

/**
 * Gᵀ[p, j] = Σ_q columnValue[q] · D[rowOf[q], j] over column p's non-zeros,
 * into `transposed` (k × n), for p0 ≤ p < p1 and j0 ≤ j < j1 (D is rows × n);
 * then, when `unpack` is set (and p covers 0 … k), G[j, :] (+)= Gᵀ[:, j] for
 * those rows j of G (n × k). Each G[j, p] is the sum over column p's non-zeros
 * in row order (exactly 0 for a column with none), then G[j, p] itself when
 * accumulating: the same whichever part a call covers.
 */
export function sparseGradient(
  G: usize, n: i32, k: i32, D: usize, transposed: usize,
  columnStart: usize, rowOf: usize, columnValue: usize, accumulate: bool, unpack: bool, p0: i32, p1: i32, j0: i32, j1: i32,
): void {
  const rowB = <usize>n << 2;
  let j = j0;
  for (; j + 32 <= j1; j += 32) {
    const d = D + (<usize>j << 2);
    let t = transposed + <usize>p0 * rowB + (<usize>j << 2);
    for (let p = p0; p < p1; p++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
      const end = i32At(columnStart, p + 1);
      for (let q = i32At(columnStart, p); q < end; q++) {
        const v = v128.load32_splat(columnValue + (<usize>q << 2));
        const at = d + <usize>i32At(rowOf, q) * rowB;
        s0 = madd(s0, v, v128.load(at));
        s1 = madd(s1, v, v128.load(at, 16));
        s2 = madd(s2, v, v128.load(at, 32));
        s3 = madd(s3, v, v128.load(at, 48));
        s4 = madd(s4, v, v128.load(at, 64));
        s5 = madd(s5, v, v128.load(at, 80));
        s6 = madd(s6, v, v128.load(at, 96));
        s7 = madd(s7, v, v128.load(at, 112));
      }
      v128.store(t, s0);
      v128.store(t, s1, 16);
      v128.store(t, s2, 32);
      v128.store(t, s3, 48);
      v128.store(t, s4, 64);
      v128.store(t, s5, 80);
      v128.store(t, s6, 96);
      v128.store(t, s7, 112);
      t += rowB;
    }
  }
  for (; j + 16 <= j1; j += 16) {
    const d = D + (<usize>j << 2);
    let t = transposed + <usize>p0 * rowB + (<usize>j << 2);
    for (let p = p0; p < p1; p++) {
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
      const end = i32At(columnStart, p + 1);
      for (let q = i32At(columnStart, p); q < end; q++) {
        const v = v128.load32_splat(columnValue + (<usize>q << 2));
        const at = d + <usize>i32At(rowOf, q) * rowB;
        s0 = madd(s0, v, v128.load(at));
        s1 = madd(s1, v, v128.load(at, 16));
        s2 = madd(s2, v, v128.load(at, 32));
        s3 = madd(s3, v, v128.load(at, 48));
      }
      v128.store(t, s0);
      v128.store(t, s1, 16);
      v128.store(t, s2, 32);
      v128.store(t, s3, 48);
      t += rowB;
    }
  }
  for (; j < j1; j += 4) {
    const lanes = min(4, j1 - j);
    const d = D + (<usize>j << 2);
    let t = transposed + <usize>p0 * rowB + (<usize>j << 2);
    for (let p = p0; p < p1; p++) {
      let s = f32x4.splat(0);
      const end = i32At(columnStart, p + 1);
      for (let q = i32At(columnStart, p); q < end; q++) {
        s = madd(s, v128.load32_splat(columnValue + (<usize>q << 2)), v128.load(d + <usize>i32At(rowOf, q) * rowB));
      }
      // Only this call's columns: the next ones may be another thread's.
      storeLanes(t, s, lanes);
      t += rowB;
    }
  }
  if (unpack) unpackTransposed(G, k, transposed, n, accumulate, j0, j1);
}

/**
 * The weight gradient of `sparseGradient` (G (+)= Dᵀ·X for the whole of G,
 * n × k) on one thread, from the list by row, so the list by column is never
 * made: Gᵀ is zeroed, then row by row each non-zero x[i, p] adds x[i, p] ·
 * D[i, :] to Gᵀ[p, :], then Gᵀ is turned back. Each Gᵀ[p, j] gets the same
 * products added in the same order (column p's non-zeros, rows in order, onto
 * 0) as `sparseGradient` adds them: the same bits. For n a multiple of 4.
 */
export function sparseGradientRows(
  G: usize, n: i32, k: i32, D: usize, transposed: usize, rows: i32, rowStart: usize, column: usize, value: usize, accumulate: bool,
): void {
  const rowB = <usize>n << 2;
  memory.fill(transposed, 0, <usize>k * rowB);
  if (n == 16) {
    for (let i = 0; i < rows; i++) {
      const d = D + <usize>i * rowB;
      const d0 = v128.load(d), d1 = v128.load(d, 16), d2 = v128.load(d, 32), d3 = v128.load(d, 48);
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        const v = v128.load32_splat(value + (<usize>q << 2));
        const t = transposed + <usize>i32At(column, q) * rowB;
        v128.store(t, madd(v128.load(t), v, d0));
        v128.store(t, madd(v128.load(t, 16), v, d1), 16);
        v128.store(t, madd(v128.load(t, 32), v, d2), 32);
        v128.store(t, madd(v128.load(t, 48), v, d3), 48);
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const d = D + <usize>i * rowB;
      const end = i32At(rowStart, i + 1);
      for (let q = i32At(rowStart, i); q < end; q++) {
        const v = v128.load32_splat(value + (<usize>q << 2));
        const t = transposed + <usize>i32At(column, q) * rowB;
        for (let j: usize = 0; j < rowB; j += 16) v128.store(t + j, madd(v128.load(t + j), v, v128.load(d + j)));
      }
    }
  }
  unpackTransposed(G, k, transposed, n, accumulate, 0, n);
}

/**
 * G[j, p] (+)= T[p, j] for the rows j0 ≤ j < j1 of G (n × k, row length k),
 * T being k × n: turns the gradient made transposed back, 4 × 4 blocks at a time.
 */
export function unpackTransposed(G: usize, k: i32, T: usize, n: i32, accumulate: bool, j0: i32, j1: i32): void {
  const gRowB = <usize>k << 2, tRowB = <usize>n << 2;
  const k4 = k & ~3;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const g = G + <usize>j * gRowB;
    // T's rows p … p+3 at columns j … j+3, transposed, are G's rows j … j+3 at columns p … p+3.
    let t = T + (<usize>j << 2);
    for (let p = 0; p < k4; p += 4) {
      const at = g + (<usize>p << 2);
      if (accumulate) {
        const a0 = v128.load(at), a1 = v128.load(at + gRowB), a2 = v128.load(at + 2 * gRowB), a3 = v128.load(at + 3 * gRowB);
        transpose4x4(at, gRowB, t, tRowB);
        v128.store(at, f32x4.add(a0, v128.load(at)));
        v128.store(at + gRowB, f32x4.add(a1, v128.load(at + gRowB)));
        v128.store(at + 2 * gRowB, f32x4.add(a2, v128.load(at + 2 * gRowB)));
        v128.store(at + 3 * gRowB, f32x4.add(a3, v128.load(at + 3 * gRowB)));
      } else {
        transpose4x4(at, gRowB, t, tRowB);
      }
      t += tRowB << 2;
    }
  }
  // What the blocks left: the last k mod 4 columns of those rows, and the last j1 − j rows.
  for (let jj = j0; jj < j1; jj++) {
    const g = G + <usize>jj * gRowB;
    for (let p = jj < j ? k4 : 0; p < k; p++) {
      const x = f32At(T + (<usize>jj << 2), p * n);
      setF32(g, p, accumulate ? f32At(g, p) + x : x);
    }
  }
}
