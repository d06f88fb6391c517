// Dense products in the outer-product form (as XNNPACK's f32 "splat" gemm
// microkernels): a tile of C stays in registers while p runs over the inner
// dimension, each step adding A(i, p) · B[p, j … j+7] to four rows at once.
//
//   C[i, j] (+)= Σ_p A(i, p) · B[p, j],   A(i, p) at A + 4·(i·aRow + p·aCol)
//
// gemm (A row-major: aRow = k, aCol = 1) and gemmAtB (A is stored transposed:
// aRow = 1, aCol = m) are this one loop; gemmABt first packs Bᵀ (see below).
//
// Every element of C is the same sum in the same order whichever tile it falls
// in, ((C or 0) + a₀b₀) + a₁b₁ + …, so splitting C's columns or rows between
// threads cannot change a bit of the result.
import { madd, storeLanes, loadLanes } from './memory';

/** One row of C: columns j … j+lanes−1 (lanes ≤ 8, a multiple-of-4 strip or a tail). */
@inline function row8(c: usize, a: usize, aColB: usize, b: usize, ldbB: usize, k: i32, accumulate: bool): void {
  let x0 = f32x4.splat(0), x1 = x0;
  if (accumulate) {
    x0 = v128.load(c);
    x1 = v128.load(c, 16);
  }
  for (let p = 0; p < k; p++) {
    const s = v128.load32_splat(a);
    x0 = madd(x0, s, v128.load(b));
    x1 = madd(x1, s, v128.load(b, 16));
    a += aColB;
    b += ldbB;
  }
  v128.store(c, x0);
  v128.store(c, x1, 16);
}

@inline function row4(c: usize, a: usize, aColB: usize, b: usize, ldbB: usize, k: i32, accumulate: bool, lanes: i32): void {
  let x0 = accumulate ? loadLanes(c, lanes) : f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    x0 = madd(x0, v128.load32_splat(a), v128.load(b));
    a += aColB;
    b += ldbB;
  }
  storeLanes(c, x0, lanes);
}

/** Four rows of C by eight columns: 2 loads of B and 4 of A feed 8 multiply-adds. */
@inline function tile4x8(c: usize, ldcB: usize, a: usize, aRowB: usize, aColB: usize, b: usize, ldbB: usize, k: i32, accumulate: bool): void {
  const c1 = c + ldcB, c2 = c1 + ldcB, c3 = c2 + ldcB;
  let x00 = f32x4.splat(0), x01 = x00, x10 = x00, x11 = x00, x20 = x00, x21 = x00, x30 = x00, x31 = x00;
  if (accumulate) {
    x00 = v128.load(c);
    x01 = v128.load(c, 16);
    x10 = v128.load(c1);
    x11 = v128.load(c1, 16);
    x20 = v128.load(c2);
    x21 = v128.load(c2, 16);
    x30 = v128.load(c3);
    x31 = v128.load(c3, 16);
  }
  const a2B = aRowB << 1, a3B = a2B + aRowB;
  for (let p = 0; p < k; p++) {
    const u = v128.load(b), v = v128.load(b, 16);
    const s0 = v128.load32_splat(a), s1 = v128.load32_splat(a + aRowB);
    const s2 = v128.load32_splat(a + a2B), s3 = v128.load32_splat(a + a3B);
    x00 = madd(x00, s0, u);
    x01 = madd(x01, s0, v);
    x10 = madd(x10, s1, u);
    x11 = madd(x11, s1, v);
    x20 = madd(x20, s2, u);
    x21 = madd(x21, s2, v);
    x30 = madd(x30, s3, u);
    x31 = madd(x31, s3, v);
    a += aColB;
    b += ldbB;
  }
  v128.store(c, x00);
  v128.store(c, x01, 16);
  v128.store(c1, x10);
  v128.store(c1, x11, 16);
  v128.store(c2, x20);
  v128.store(c2, x21, 16);
  v128.store(c3, x30);
  v128.store(c3, x31, 16);
}

/** Four rows of C by one vector of columns (the last `lanes` ≤ 4 of a row when fewer). */
@inline function tile4x4(c: usize, ldcB: usize, a: usize, aRowB: usize, aColB: usize, b: usize, ldbB: usize, k: i32, accumulate: bool, lanes: i32): void {
  const c1 = c + ldcB, c2 = c1 + ldcB, c3 = c2 + ldcB;
  let x0 = f32x4.splat(0), x1 = x0, x2 = x0, x3 = x0;
  if (accumulate) {
    x0 = loadLanes(c, lanes);
    x1 = loadLanes(c1, lanes);
    x2 = loadLanes(c2, lanes);
    x3 = loadLanes(c3, lanes);
  }
  const a2B = aRowB << 1, a3B = a2B + aRowB;
  for (let p = 0; p < k; p++) {
    const u = v128.load(b);
    x0 = madd(x0, v128.load32_splat(a), u);
    x1 = madd(x1, v128.load32_splat(a + aRowB), u);
    x2 = madd(x2, v128.load32_splat(a + a2B), u);
    x3 = madd(x3, v128.load32_splat(a + a3B), u);
    a += aColB;
    b += ldbB;
  }
  storeLanes(c, x0, lanes);
  storeLanes(c1, x1, lanes);
  storeLanes(c2, x2, lanes);
  storeLanes(c3, x3, lanes);
}

/**
 * C[i, j] (+)= Σ_p A(i, p) · B[p, j] for rows i0 ≤ i < i1 and columns
 * j0 ≤ j < j1 of C (j0 a multiple of 4). C and B are row-major with leading
 * dimensions ldc and ldb (in numbers); A(i, p) is at A + 4·(i·aRow + p·aCol).
 * The last vector of a row may read up to 3 numbers past B's row (never
 * stored anywhere): every buffer the JavaScript side passes has 16 spare bytes.
 */
export function gemmOuter(
  C: usize, ldc: i32, A: usize, aRow: i32, aCol: i32, B: usize, ldb: i32, k: i32, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const ldcB = <usize>ldc << 2, ldbB = <usize>ldb << 2, aRowB = <usize>aRow << 2, aColB = <usize>aCol << 2;
  // Column strips of 8 outermost: the strip of B (k × 8) stays in the L1 cache while the rows of A pass by.
  for (let j = j0; j < j1; j += 8) {
    const width = min(8, j1 - j);
    const b = B + (<usize>j << 2);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const c = C + <usize>i * ldcB + (<usize>j << 2), a = A + <usize>i * aRowB;
      if (width == 8) {
        tile4x8(c, ldcB, a, aRowB, aColB, b, ldbB, k, accumulate);
      } else {
        tile4x4(c, ldcB, a, aRowB, aColB, b, ldbB, k, accumulate, min(4, width));
        if (width > 4) tile4x4(c + 16, ldcB, a, aRowB, aColB, b + 16, ldbB, k, accumulate, width - 4);
      }
    }
    for (; i < i1; i++) {
      const c = C + <usize>i * ldcB + (<usize>j << 2), a = A + <usize>i * aRowB;
      if (width == 8) {
        row8(c, a, aColB, b, ldbB, k, accumulate);
      } else {
        row4(c, a, aColB, b, ldbB, k, accumulate, min(4, width));
        if (width > 4) row4(c + 16, a, aColB, b + 16, ldbB, k, accumulate, width - 4);
      }
    }
  }
}

/** dst[p … p+3, j … j+3] = the 4 × 4 block B[j … j+3, p … p+3] transposed (rows of B in, rows of Bᵀ out). */
@inline export function transpose4x4(dst: usize, lddB: usize, b0: usize, kB: usize): void {
  const r0 = v128.load(b0), r1 = v128.load(b0 + kB), r2 = v128.load(b0 + 2 * kB), r3 = v128.load(b0 + 3 * kB);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f64>(t0, t1, 0, 2));
  v128.store(dst + lddB, v128.shuffle<f64>(t0, t1, 1, 3));
  v128.store(dst + 2 * lddB, v128.shuffle<f64>(t2, t3, 0, 2));
  v128.store(dst + 3 * lddB, v128.shuffle<f64>(t2, t3, 1, 3));
}

/**
 * Bᵀ's columns j0 ≤ j < j1 from B (n × k): dst[p, j] = B[j, p], dst k × ldd.
 * gemmABt packs the rows of B it needs, then runs gemmOuter on the copy, so
 * each thread packs only its own columns. Sixteen rows of B at a time, so
 * that each cache line of dst is written whole, in one go.
 */
export function packTransposed(dst: usize, ldd: i32, B: usize, k: i32, j0: i32, j1: i32): void {
  const lddB = <usize>ldd << 2, kB = <usize>k << 2;
  const k4 = k & ~3;
  let j = j0;
  for (; j + 16 <= j1; j += 16) {
    const b = B + <usize>j * kB;
    let d = dst + (<usize>j << 2);
    for (let p = 0; p < k4; p += 4) {
      const at = b + (<usize>p << 2);
      transpose4x4(d, lddB, at, kB);
      transpose4x4(d + 16, lddB, at + 4 * kB, kB);
      transpose4x4(d + 32, lddB, at + 8 * kB, kB);
      transpose4x4(d + 48, lddB, at + 12 * kB, kB);
      d += lddB << 2;
    }
  }
  for (; j + 4 <= j1; j += 4) {
    const b = B + <usize>j * kB;
    let d = dst + (<usize>j << 2);
    for (let p = 0; p < k4; p += 4) {
      transpose4x4(d, lddB, b + (<usize>p << 2), kB);
      d += lddB << 2;
    }
  }
  // What the 4 × 4 blocks left: the last k mod 4 columns of every row, and the last j1 − j rows.
  for (let jj = j0; jj < j1; jj++) {
    const b = B + <usize>jj * kB;
    for (let p = jj < j ? k4 : 0; p < k; p++) store<f32>(dst + <usize>p * lddB + (<usize>jj << 2), load<f32>(b + (<usize>p << 2)));
  }
}

/** C = A·Bᵀ for C's columns j0 … j1: pack those rows of B transposed into `scratch` (k × n), then the outer-product loop. */
export function gemmABtDense(
  C: usize, A: usize, B: usize, scratch: usize, m: i32, n: i32, k: i32, accumulate: bool, j0: i32, j1: i32,
): void {
  packTransposed(scratch, n, B, k, j0, j1);
  gemmOuter(C, n, A, k, 1, scratch, n, k, accumulate, 0, m, j0, j1);
}
