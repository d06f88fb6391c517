import type { Matrix } from '@downhill/linalg';
import type { Activation } from './activation.js';
import { assertSameShape } from './same-shape.js';

/** The hyperbolic tangent, a sigmoid rescaled to (−1, 1) and centred on 0. */
export const tanh: Activation = {
  name: 'tanh',
  summary: 'hyperbolic tangent, squashes to (-1, 1)',
  elementwise: true,
  apply(z: Matrix, out: Matrix): Matrix {
    assertSameShape('tanh.apply', z, out);
    const Z = z.data,
      O = out.data;
    for (let i = 0; i < Z.length; i++) O[i] = Math.tanh(Z[i]!);
    return out;
  },
  derivative(_z: Matrix, a: Matrix, out: Matrix): Matrix {
    assertSameShape('tanh.derivative', a, out);
    // tanh'(z) = 1 − tanh²(z)
    const A = a.data,
      O = out.data;
    for (let i = 0; i < A.length; i++) O[i] = 1 - A[i]! * A[i]!;
    return out;
  },
};
