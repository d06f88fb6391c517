import type { Hyperparameters } from './define.js';
import { InvalidHyperparameterError } from './errors.js';
import { type Optimizer, withStep } from './optimizer.js';

/**
 * The optimizer fed gradients clipped to global L2 norm `maxNorm`
 * (Pascanu et al. 2013): g ← g · maxNorm / ‖g‖ when ‖g‖ > maxNorm.
 * The caller's gradient is never changed: the clipped copy goes into one
 * scratch buffer allocated here, once.
 */
export function withGradientClipping<H extends Hyperparameters>(optimizer: Optimizer<H>, { maxNorm }: { maxNorm: number }): Optimizer<H> {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0 && maxNorm < Infinity)) {
    throw new InvalidHyperparameterError('withGradientClipping', 'maxNorm', 'a finite number > 0', maxNorm);
  }
  const scratch = new Float32Array(optimizer.size);
  return withStep(optimizer, (params, grads, info) => {
    if (grads.length !== scratch.length) return optimizer.step(params, grads, info); // which throws, naming the lengths
    let sumOfSquares = 0;
    for (let i = 0; i < grads.length; i++) sumOfSquares += grads[i]! * grads[i]!;
    const norm = Math.sqrt(sumOfSquares);
    // A NaN or infinite norm goes through unclipped, so the optimizer's check names the bad element.
    if (norm > maxNorm && norm < Infinity) {
      const k = maxNorm / norm;
      for (let i = 0; i < grads.length; i++) scratch[i] = grads[i]! * k;
      optimizer.step(params, scratch, info);
    } else {
      optimizer.step(params, grads, info);
    }
  });
}
