import type { Matrix } from '@downhill/linalg';
import type { Activation } from './activation.js';
import { assertSameShape } from './same-shape.js';

/** The rectified linear unit max(0, z). */
export const relu: Activation = {
  name: 'relu',
  summary: 'rectified linear unit max(0, z)',
  elementwise: true,
  apply(z: Matrix, out: Matrix): Matrix {
    assertSameShape('relu.apply', z, out);
    const Z = z.data,
      O = out.data;
    // Math.max lets a NaN through (a diverging run must show up in the cost), where z > 0 ? z : 0 would hide it.
    for (let i = 0; i < Z.length; i++) O[i] = Math.max(Z[i]!, 0);
    return out;
  },
  derivative(z: Matrix, _a: Matrix, out: Matrix): Matrix {
    assertSameShape('relu.derivative', z, out);
    // 1 where z > 0, else 0 (the kink at 0 takes the subgradient 0, as PyTorch does).
    const Z = z.data,
      O = out.data;
    for (let i = 0; i < Z.length; i++) O[i] = Z[i]! > 0 ? 1 : 0;
    return out;
  },
};
