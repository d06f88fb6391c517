// The maps of a dense layer that sit between the products: the bias and the
// activation fused into one pass (z += b, a = σ(z)), and the backward
// δ ⊙= σ'(z). Activation codes: 0 identity, 1 relu, 2 sigmoid (the others,
// tanh and the row-wise softmax, stay in JavaScript).
import { loadLanes, storeLanes } from './memory';

export const IDENTITY = 0;
export const RELU = 1;
export const SIGMOID = 2;

/**
 * eˣ for four float32 lanes (Cephes' expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2
 * (ln 2 in two parts, so r is exact), eʳ by a degree-7 polynomial, then 2ⁿ
 * applied as two exact powers of two (so n = 128 does not overflow early).
 * Maximum error about 2 ulp (measured in elementwise-wasm.test.ts); NaN in,
 * NaN out; overflows to Infinity past 88.72, and to 0 below −103.9.
 */
@inline function exp4(x: v128): v128 {
  // Past these the result is Infinity or 0 anyway; clamping keeps n in range. min/max let NaN through.
  x = f32x4.min(f32x4.max(x, f32x4.splat(-104)), f32x4.splat(89.5));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2ⁿ = 2^h · 2^(n−h), h = n/2 rounded toward zero: each factor a normal float32.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const h = i32x4.shr_s(ni, 1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(h, bias), 23), s2 = i32x4.shl(i32x4.add(i32x4.sub(ni, h), bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/**
 * 1 / (1 + e⁻ᶻ), as 1 / (1 + t) for z ≥ 0 and t / (1 + t) for z < 0, with
 * t = e^−|z| ≤ 1: no overflow, and tiny outputs (z < −87) keep their digits.
 */
@inline function sigmoid4(z: v128): v128 {
  const one = f32x4.splat(1);
  const t = exp4(f32x4.neg(f32x4.abs(z)));
  const numerator = v128.bitselect(one, t, f32x4.ge(z, f32x4.splat(0)));
  return f32x4.div(numerator, f32x4.add(one, t));
}

@inline function activate(z: v128, kind: i32): v128 {
  if (kind == RELU) return f32x4.max(z, f32x4.splat(0)); // wasm's max lets NaN through and gives +0 for −0, as Math.max
  if (kind == SIGMOID) return sigmoid4(z);
  return z;
}

/**
 * For rows r0 ≤ i < r1 of Z (rows × cols): Z[i, :] += bias, then
 * A[i, :] = σ(Z[i, :]). A may be Z itself.
 */
export function biasActivate(Z: usize, A: usize, bias: usize, cols: i32, kind: i32, r0: i32, r1: i32): void {
  const rowB = <usize>cols << 2;
  for (let i = r0; i < r1; i++) {
    const z = Z + <usize>i * rowB, a = A + <usize>i * rowB;
    for (let j = 0; j < cols; j += 4) {
      const lanes = min(4, cols - j);
      const at = <usize>j << 2;
      const v = f32x4.add(loadLanes(z + at, lanes), loadLanes(bias + at, lanes));
      storeLanes(z + at, v, lanes);
      storeLanes(a + at, activate(v, kind), lanes);
    }
  }
}

/** The same without a bias: A = σ(Z) over `count` numbers. */
export function activateInPlace(Z: usize, A: usize, count: i32, kind: i32): void {
  for (let i = 0; i < count; i += 4) {
    const lanes = min(4, count - i);
    const at = <usize>i << 2;
    storeLanes(A + at, activate(loadLanes(Z + at, lanes), kind), lanes);
  }
}

/**
 * δ[i] *= σ'(z[i]) over `count` numbers, given z and a = σ(z). Bit for bit
 * what the JavaScript activations' `derivative` followed by `hadamard` give:
 * relu's σ' is 1 or 0 (so NaN · 0 stays NaN), the sigmoid's a(1 − a) is
 * computed in float64 and rounded once, as JavaScript does.
 */
export function scaleByDerivative(D: usize, Z: usize, A: usize, count: i32, kind: i32): void {
  if (kind == IDENTITY) return;
  for (let i = 0; i < count; i += 4) {
    const lanes = min(4, count - i);
    const at = <usize>i << 2;
    const d = loadLanes(D + at, lanes);
    let s: v128;
    if (kind == RELU) {
      s = v128.and(f32x4.gt(loadLanes(Z + at, lanes), f32x4.splat(0)), f32x4.splat(1));
    } else {
      const a = loadLanes(A + at, lanes);
      const one = f64x2.splat(1);
      const lo = f64x2.promote_low_f32x4(a), hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
      const plo = f32x4.demote_f64x2_zero(f64x2.mul(lo, f64x2.sub(one, lo)));
      const phi = f32x4.demote_f64x2_zero(f64x2.mul(hi, f64x2.sub(one, hi)));
      s = v128.shuffle<f32>(plo, phi, 0, 1, 4, 5);
    }
    storeLanes(D + at, f32x4.mul(d, s), lanes);
  }
}

/** out[j] = (out[j] if accumulating, else 0) + Σ_i M[i, j], the rows added in order. */
export function sumRows(out: usize, M: usize, rows: i32, cols: i32, accumulate: bool): void {
  const rowB = <usize>cols << 2;
  for (let j = 0; j < cols; j += 4) {
    const lanes = min(4, cols - j);
    const at = <usize>j << 2;
    let s = accumulate ? loadLanes(out + at, lanes) : f32x4.splat(0);
    let m = M + at;
    for (let i = 0; i < rows; i++) {
      s = f32x4.add(s, loadLanes(m, lanes));
      m += rowB;
    }
    storeLanes(out + at, s, lanes);
  }
}
