import type { Matrix } from '@downhill/linalg';
import type { Activation } from './activation.js';
import { assertSameShape } from './same-shape.js';

/** σ(z) = z: a linear layer, e.g. a regression output. */
export const identity: Activation = {
  name: 'identity',
  summary: 'identity z (a linear layer)',
  elementwise: true,
  apply(z: Matrix, out: Matrix): Matrix {
    assertSameShape('identity.apply', z, out);
    if (out.data !== z.data) out.data.set(z.data);
    return out;
  },
  derivative(z: Matrix, _a: Matrix, out: Matrix): Matrix {
    assertSameShape('identity.derivative', z, out);
    out.data.fill(1);
    return out;
  },
};
