import { momentum } from './momentum.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: v ← 0.9v + g, w ← w − 0.01v on goldenProblem, in float64 (Python).
optimizerConformance(momentum, {
  goldenSteps: [
    [0.995, -1.91, 0.49625],
    [0.98555, -1.7426, 0.489134375],
    [0.9721895, -1.512236, 0.479007476563],
  ],
  rosenbrock: { hyper: { learningRate: 1e-3 } },
});
