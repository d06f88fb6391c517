import { describe, expect, it } from 'vitest';
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
  expect(sgd.defaults).toEqual({ learningRate: 0.1, momentum: 0, nesterov: 0, weightDecay: 0, decayBiases: 1 });
});

it('refuses Nesterov without momentum, and nesterov other than 0 or 1', () => {
  expect(() => createOptimizer(sgd, 3, { nesterov: 1 })).toThrow(InvalidHyperparameterError);
  expect(() => createOptimizer(sgd, 3, { nesterov: 1 })).toThrow(/momentum > 0 when nesterov = 1.*found 0/);
  expect(() => createOptimizer(sgd, 3, { momentum: 0.9, nesterov: 0.5 })).toThrow(/nesterov in \{0, 1\}, found 0.5/);
});

describe('decayBiases = 0 leaves the biases out of the weight decay', () => {
  // A 2 → 1 layer: weight [1, 2] then bias [1]; zero gradient, so only the decay moves anything.
  const groups = [
    { name: 'layers.0.weight', shape: [1, 2] },
    { name: 'layers.0.bias', shape: [1] },
  ];
  const decayed = (hyper: Record<string, number>, withGroups = true) => {
    const opt = createOptimizer(sgd, 3, { learningRate: 0.1, weightDecay: 0.5, ...hyper }, withGroups ? { groups } : {});
    const w = Float32Array.of(2, -4, 1);
    opt.step(w, new Float32Array(3));
    return [...w];
  };

  it('decays every parameter by default, as torch.optim.SGD does: θ ← θ − ηλθ', () => {
    expect(decayed({})).toEqual([2 * 0.95, -4 * 0.95, 0.95].map(Math.fround));
  });

  it('with decayBiases = 0, the bias keeps its value while the weights decay, with momentum too', () => {
    expect(decayed({ decayBiases: 0 })).toEqual([2 * 0.95, -4 * 0.95, 1].map(Math.fround));
    expect(decayed({ decayBiases: 0, momentum: 0.9 })).toEqual([2 * 0.95, -4 * 0.95, 1].map(Math.fround));
  });

  it('without groups nothing is known to be a bias: the whole vector decays', () => {
    expect(decayed({ decayBiases: 0 }, false)).toEqual([2 * 0.95, -4 * 0.95, 0.95].map(Math.fround));
  });

  it('takes only 0 or 1', () => {
    expect(() => createOptimizer(sgd, 3, { decayBiases: 0.5 })).toThrow('sgd: expected decayBiases in {0, 1}, found 0.5');
  });
});
