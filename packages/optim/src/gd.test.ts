import { expect, it } from 'vitest';
import { gd } from './gd.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: w ← w − 0.1·∇f on goldenProblem, in float64 (Python), e.g. w₁ = (1 − 0.1·0.5, −2 − 0.1·(−9), 0.5 − 0.1·0.375).
optimizerConformance(gd, {
  goldenSteps: [
    [0.95, -1.1, 0.4625],
    [0.905, -0.56, 0.4259375],
    [0.8645, -0.236, 0.3902890625],
  ],
  bowl: { hyper: { learningRate: 0.03 } }, // the bowl's curvature 50 needs η < 2/50
  rosenbrock: { hyper: { learningRate: 1e-3 } },
});

it('asks the trainer for the full-batch gradient', () => {
  expect(gd.fullBatch).toBe(true);
});
