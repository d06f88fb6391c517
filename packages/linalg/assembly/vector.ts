// Whole-vector maps over the network's parameter and gradient vectors and its
// input batches: y += α·x (an SGD step), "is every number finite?" (the
// optimizer's check of a gradient), and image bytes scaled to [0, 1].

/** Y[i] += α·X[i] for the four numbers at byte offset `at`: in float64 (two lanes at a time), rounded to float32 once. */
@inline function axpy4(a: v128, X: usize, Y: usize, at: usize): void {
  const x = v128.load(X + at), y = v128.load(Y + at);
  const lo = f64x2.add(f64x2.promote_low_f32x4(y), f64x2.mul(a, f64x2.promote_low_f32x4(x)));
  const hi = f64x2.add(
    f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1)),
    f64x2.mul(a, f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1))),
  );
  v128.store(Y + at, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/**
 * Y[i] = Y[i] + α·X[i] for i < n, each element computed in float64 and rounded
 * to float32 once, exactly as JavaScript computes `y[i] += alpha * x[i]` on
 * Float32Arrays: the same bits as the reference, two lanes at a time.
 *
 * For α < 0 an x of +0 gives α·x = −0, and y + (−0) is y for every y (+0 and
 * −0 included): sixteen such x (a cache line) leave their y as they are, and
 * are skipped: a first layer's zero gradients, where no image of the batch has
 * ink. (Tested sixteen at a time, not four: a branch per vector mispredicts
 * more than it saves on a real gradient.)
 */
export function axpy(alpha: f64, X: usize, Y: usize, n: i32): void {
  const a = f64x2.splat(alpha);
  const skipZeros = alpha < 0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const at = <usize>i << 2;
    if (skipZeros && !v128.any_true(v128.or(v128.or(v128.load(X + at), v128.load(X + at, 16)), v128.or(v128.load(X + at, 32), v128.load(X + at, 48))))) {
      continue;
    }
    axpy4(a, X, Y, at);
    axpy4(a, X, Y, at + 16);
    axpy4(a, X, Y, at + 32);
    axpy4(a, X, Y, at + 48);
  }
  for (; i + 4 <= n; i += 4) axpy4(a, X, Y, <usize>i << 2);
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(Y + at, <f32>(<f64>load<f32>(Y + at) + alpha * <f64>load<f32>(X + at)));
  }
}

/**
 * 1 when every X[i] (i < n) is finite, else 0: a float is ±∞ or NaN exactly
 * when its exponent bits are all ones. Bitwise tests, so no chain of adds
 * holds the loop up (four vectors at a time).
 */
export function allFinite(X: usize, n: i32): i32 {
  const e = i32x4.splat(0x7f800000);
  let bad = i32x4.splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const at = X + (<usize>i << 2);
    const b0 = i32x4.eq(v128.and(v128.load(at), e), e), b1 = i32x4.eq(v128.and(v128.load(at, 16), e), e);
    const b2 = i32x4.eq(v128.and(v128.load(at, 32), e), e), b3 = i32x4.eq(v128.and(v128.load(at, 48), e), e);
    bad = v128.or(bad, v128.or(v128.or(b0, b1), v128.or(b2, b3)));
  }
  for (; i + 4 <= n; i += 4) bad = v128.or(bad, i32x4.eq(v128.and(v128.load(X + (<usize>i << 2)), e), e));
  let tail = 0;
  for (; i < n; i++) tail |= i32((load<i32>(X + (<usize>i << 2)) & 0x7f800000) == 0x7f800000);
  return v128.any_true(bad) || tail != 0 ? 0 : 1;
}

/**
 * X[i] = B[i] / 255 for n bytes at B (a pixel's 0–255 as 0–1), sixteen at a
 * time; the float32 division is correctly rounded, so it gives the same bits
 * as JavaScript's Math.fround(b / 255) (checked for all 256 bytes in a test).
 */
export function unitBytes(B: usize, X: usize, n: i32): void {
  const d = f32x4.splat(255);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const b = v128.load(B + <usize>i);
    const lo = i16x8.extend_low_i8x16_u(b), hi = i16x8.extend_high_i8x16_u(b);
    const at = X + (<usize>i << 2);
    v128.store(at, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), d));
    v128.store(at + 16, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), d));
    v128.store(at + 32, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), d));
    v128.store(at + 48, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), d));
  }
  for (; i < n; i++) store<f32>(X + (<usize>i << 2), <f32>load<u8>(B + <usize>i) / 255);
}
