import { nesterov } from './nesterov.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: v ← 0.9v + g, w ← w − 0.01(g + 0.9v) on goldenProblem, in float64 (Python).
optimizerConformance(nesterov, {
  goldenSteps: [
    [0.9905, -1.829, 0.492875],
    [0.9771305, -1.598096, 0.48274634375],
    [0.9604469705, -1.324671104, 0.469946476742],
  ],
  rosenbrock: { hyper: { learningRate: 1e-3 } },
});
