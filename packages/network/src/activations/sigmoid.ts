import type { Matrix } from '@downhill/linalg';
import type { Activation } from './activation.js';
import { assertSameShape } from './same-shape.js';

/** The logistic sigmoid σ(z) = 1/(1 + e⁻ᶻ), the lesson's squashing function. */
export const sigmoid: Activation = {
  name: 'sigmoid',
  summary: 'logistic sigmoid 1/(1 + e^-z), squashes to (0, 1)',
  elementwise: true,
  apply(z: Matrix, out: Matrix): Matrix {
    assertSameShape('sigmoid.apply', z, out);
    const Z = z.data,
      O = out.data;
    for (let i = 0; i < Z.length; i++) O[i] = 1 / (1 + Math.exp(-Z[i]!));
    return out;
  },
  derivative(_z: Matrix, a: Matrix, out: Matrix): Matrix {
    assertSameShape('sigmoid.derivative', a, out);
    // σ'(z) = σ(z)(1 − σ(z)): no exp needed once a is known.
    const A = a.data,
      O = out.data;
    for (let i = 0; i < A.length; i++) O[i] = A[i]! * (1 - A[i]!);
    return out;
  },
};
