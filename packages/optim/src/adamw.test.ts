import { expect, it } from 'vitest';
import { adamw } from './adamw.js';
import { createOptimizer } from './optimizer.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: θ ← θ − 0.001·0.01·θ, then Adam's step, on goldenProblem, in float64 (Python).
optimizerConformance(adamw, {
  goldenSteps: [
    [0.99899000002, -1.99898, 0.498995000027],
    [0.997980063357, -1.99796002205, 0.497990027629],
    [0.996970225498, -1.99694007401, 0.496985094463],
  ],
});

it("with decayBiases = 0 and a network's groups, shrinks the weights by 1 − ηλ and leaves the biases be", () => {
  // Zero gradient: Adam's step is 0 (m = v = 0), so only the decoupled decay θ ← (1 − ηλ)θ moves anything.
  const groups = [
    { name: 'layers.0.weight', shape: [2, 1] },
    { name: 'layers.0.bias', shape: [2] },
  ];
  const run = (hyper: Record<string, number>) => {
    const opt = createOptimizer(adamw, 4, { learningRate: 0.1, weightDecay: 0.5, ...hyper }, { groups });
    const w = Float32Array.of(2, -4, 1, 3);
    opt.step(w, new Float32Array(4));
    return [...w];
  };
  expect(run({})).toEqual([2 * 0.95, -4 * 0.95, 0.95, 3 * 0.95].map(Math.fround));
  expect(run({ decayBiases: 0 })).toEqual([2 * 0.95, -4 * 0.95, 1, 3].map(Math.fround));
});
