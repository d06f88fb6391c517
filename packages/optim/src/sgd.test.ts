import { expect, it } from 'vitest';
import { InvalidHyperparameterError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { sgd } from './sgd.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps with every option on (plain SGD's steps are gd's), in float64
// (Python) from torch.optim.SGD's pseudo-code: g += λθ; b = μb + g; g += μb; θ −= γg.
optimizerConformance(sgd, {
  goldenHyper: { momentum: 0.9, nesterov: 1, weightDecay: 0.01 },
  goldenSteps: [
    [0.9031, -0.2862, 0.4278],
    [0.78348511, 0.85247578, 0.32838668],
    [0.657572706391, 1.22449310522, 0.207702910008],
  ],
  bowl: { hyper: { learningRate: 0.03 } },
  rosenbrock: { hyper: { learningRate: 1e-3 } },
});

it('is for mini-batches, and plain by default', () => {
  expect(sgd.fullBatch).toBe(false);
  expect(sgd.defaults).toEqual({ learningRate: 0.1, momentum: 0, nesterov: 0, weightDecay: 0 });
});

it('refuses Nesterov without momentum, and nesterov other than 0 or 1', () => {
  expect(() => createOptimizer(sgd, 3, { nesterov: 1 })).toThrow(InvalidHyperparameterError);
  expect(() => createOptimizer(sgd, 3, { nesterov: 1 })).toThrow(/momentum > 0 when nesterov = 1.*found 0/);
  expect(() => createOptimizer(sgd, 3, { momentum: 0.9, nesterov: 0.5 })).toThrow(/nesterov in \{0, 1\}, found 0.5/);
});
