// An independent float64 network for the tests: plain loops straight from the
// definitions, sharing no code with src/ beyond the parameter layout (weight
// (out × in) row-major, then bias, layer by layer). Finite differences of its
// cost are the yardstick the float32 backprop is measured against.
import type { Matrix } from '@downhill/linalg';
import type { NetworkSpec } from '../src/spec.js';

export type CostName = 'quadratic' | 'cross-entropy';

const sigma: Record<string, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  identity: (z) => z,
};

/** Output activations (rows = examples) for parameters `p`. */
export function forward64(spec: NetworkSpec, p: Float64Array, x: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < x.rows; r++) {
    let a = Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols), Number);
    let offset = 0;
    for (const { units, activation } of spec.layers) {
      const inputs = a.length;
      const z: number[] = [];
      for (let j = 0; j < units; j++) {
        let s = p[offset + units * inputs + j]!; // bias b_j
        for (let k = 0; k < inputs; k++) s += p[offset + j * inputs + k]! * a[k]!; // w_jk a_k
        z.push(s);
      }
      offset += units * inputs + units;
      if (activation === 'softmax') {
        const max = Math.max(...z);
        const e = z.map((v) => Math.exp(v - max));
        const sum = e.reduce((s, v) => s + v, 0);
        a = e.map((v) => v / sum);
      } else {
        a = z.map(sigma[activation]!);
      }
    }
    out.push(a);
  }
  return out;
}

/** The batch-mean cost in float64. */
export function cost64(spec: NetworkSpec, p: Float64Array, x: Matrix, y: Matrix, cost: CostName): number {
  const a = forward64(spec, p, x);
  let sum = 0;
  a.forEach((row, r) => {
    row.forEach((aj, j) => {
      const yj = y.data[r * y.cols + j]!;
      sum += cost === 'quadratic' ? 0.5 * (aj - yj) ** 2 : -yj * Math.log(aj);
    });
  });
  return sum / x.rows;
}

/** ∂C/∂p by central differences in float64, for every parameter. */
export function numericalGradient(spec: NetworkSpec, params: Float32Array, x: Matrix, y: Matrix, cost: CostName, h = 1e-6): Float64Array {
  const p = Float64Array.from(params);
  const grad = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const original = p[i]!;
    p[i] = original + h;
    const plus = cost64(spec, p, x, y, cost);
    p[i] = original - h;
    const minus = cost64(spec, p, x, y, cost);
    p[i] = original;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/**
 * The entry where `analytic` and `numeric` disagree most, measured as
 * |analytic − numeric| / (1e-3 · |numeric| + 1e-5 · max|numeric| + 1e-7):
 * ≤ 1 means agreement to float32 accuracy.
 */
export function worstMismatch(analytic: Float32Array, numeric: Float64Array): { index: number; ratio: number } {
  let scale = 0;
  for (const g of numeric) scale = Math.max(scale, Math.abs(g));
  let index = -1,
    ratio = 0;
  for (let i = 0; i < numeric.length; i++) {
    const tolerance = 1e-3 * Math.abs(numeric[i]!) + 1e-5 * scale + 1e-7;
    const r = Math.abs(analytic[i]! - numeric[i]!) / tolerance;
    if (r > ratio) {
      ratio = r;
      index = i;
    }
  }
  return { index, ratio };
}
