import { wasm } from './backend.js';
import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';
import { activateWasm, activationBackwardWasm, activationCodes, biasActivateWasm } from './wasm/ops.js';

// A dense layer's elementwise steps, fused so that each is one pass:
//   forward:  z = z + b (every row), a = σ(z)
//   backward: δ = δ ⊙ σ'(z)   (BP1 and BP2's Hadamard product)
// The JavaScript below is the reference, the same arithmetic as
// @downhill/network's activations; the wasm kernels compute identity, relu
// and the backward steps bit for bit alike, and the sigmoid with a float32
// polynomial exp within a few ulp (tanh stays in JavaScript).

/** The elementwise activations with fused kernels. */
export type ElementwiseActivation = 'identity' | 'relu' | 'sigmoid' | 'tanh';

function checkSame(operation: string, like: Matrix, m: Matrix, name: string): void {
  if (m.rows !== like.rows || m.cols !== like.cols) {
    throw new ShapeMismatchError(operation, `${name} of ${like.rows} × ${like.cols}`, `${m.rows} × ${m.cols}`);
  }
}

/** σ(z) for one number, as the JavaScript reference computes it. */
function apply(activation: ElementwiseActivation, z: number): number {
  switch (activation) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      // Math.max lets a NaN through (a diverging run must show up in the cost), where z > 0 ? z : 0 would hide it.
      return Math.max(z, 0);
    case 'identity':
      return z;
  }
}

function codeOf(activation: ElementwiseActivation, operation: string): number | undefined {
  if (activation === 'tanh') return undefined;
  const code = activationCodes[activation];
  if (code === undefined) throw new RangeError(`${operation}: expected identity, relu, sigmoid or tanh, found '${String(activation)}'`);
  return code;
}

/**
 * z += bias on every row (the weighted input zˡ = aˡ⁻¹Wˡᵀ + bˡ), then a = σ(z),
 * in one pass. `a` may be `z` itself. Returns `a`.
 */
export function biasActivate(z: Matrix, bias: Float32Array, activation: ElementwiseActivation, a: Matrix): Matrix {
  if (bias.length !== z.cols) throw new ShapeMismatchError('biasActivate', `bias of length ${z.cols}`, `${bias.length}`);
  checkSame('biasActivate', z, a, 'a');
  const code = codeOf(activation, 'biasActivate');
  const rt = wasm();
  if (rt && code !== undefined) {
    biasActivateWasm(rt, z, bias, code, a);
    return a;
  }
  const Z = z.data,
    A = a.data,
    n = z.cols;
  for (let i = 0; i < z.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      Z[o + j]! += bias[j]!;
      // σ of z as stored (rounded to float32), not of the float64 sum.
      A[o + j] = apply(activation, Z[o + j]!);
    }
  }
  return a;
}

/** a = σ(z), elementwise; `a` may be `z`. Returns `a`. */
export function activate(z: Matrix, activation: ElementwiseActivation, a: Matrix): Matrix {
  checkSame('activate', z, a, 'a');
  const code = codeOf(activation, 'activate');
  const rt = wasm();
  if (rt && code !== undefined) {
    activateWasm(rt, z, code, a);
    return a;
  }
  const Z = z.data,
    A = a.data,
    size = z.rows * z.cols;
  for (let i = 0; i < size; i++) A[i] = apply(activation, Z[i]!);
  return a;
}

/**
 * δ ⊙= σ'(z), given z and a = σ(z) (each σ' uses whichever is cheaper:
 * a(1 − a) for the sigmoid, 1 − a² for tanh, z > 0 for relu). Returns δ.
 */
export function activationBackward(delta: Matrix, z: Matrix, a: Matrix, activation: ElementwiseActivation): Matrix {
  checkSame('activationBackward', delta, z, 'z');
  checkSame('activationBackward', delta, a, 'a');
  const code = codeOf(activation, 'activationBackward');
  const rt = wasm();
  if (rt && code !== undefined) {
    activationBackwardWasm(rt, delta, z, a, code);
    return delta;
  }
  const D = delta.data,
    Z = z.data,
    A = a.data,
    size = delta.rows * delta.cols;
  switch (activation) {
    case 'sigmoid':
      // σ' rounded to float32 first, as a σ'(z) matrix would hold it.
      for (let i = 0; i < size; i++) D[i]! *= Math.fround(A[i]! * (1 - A[i]!));
      break;
    case 'tanh':
      for (let i = 0; i < size; i++) D[i]! *= Math.fround(1 - A[i]! * A[i]!);
      break;
    case 'relu':
      // The kink at 0 takes the subgradient 0, as PyTorch does.
      for (let i = 0; i < size; i++) D[i]! *= Z[i]! > 0 ? 1 : 0;
      break;
    case 'identity':
      break;
  }
  return delta;
}
