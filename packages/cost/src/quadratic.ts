import type { Matrix } from '@downhill/linalg';
import { type Cost, checkShapes } from './cost.js';

/**
 * The quadratic cost (mean squared error), the lesson's cost:
 *
 *   C = 1/(2n) Σₓ ‖y(x) − a(x)‖²
 *
 * The ½ is there so that it cancels the 2 from differentiating the square,
 * leaving ∂C/∂a = (a − y)/n (Nielsen, eq. 6). The 1/n averages over the n
 * examples of the batch, so the size of a gradient step does not grow with the
 * batch size and one learning rate serves every batch size.
 */
export const quadraticCost: Cost = {
  name: 'quadratic',
  summary: 'quadratic cost (mean squared error): C = 1/(2n) Σ ‖y − a‖²',

  value(a: Matrix, y: Matrix): number {
    checkShapes('quadraticCost.value', a, y);
    const A = a.data,
      Y = y.data;
    let sum = 0;
    for (let i = 0; i < A.length; i++) {
      const d = A[i]! - Y[i]!;
      sum += d * d;
    }
    return sum / (2 * a.rows);
  },

  derivative(a: Matrix, y: Matrix, out: Matrix): Matrix {
    checkShapes('quadraticCost.derivative', a, y, out);
    const A = a.data,
      Y = y.data,
      O = out.data;
    const inv = 1 / a.rows;
    for (let i = 0; i < A.length; i++) O[i] = (A[i]! - Y[i]!) * inv;
    return out;
  },
};
