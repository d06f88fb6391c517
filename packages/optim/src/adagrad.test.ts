import { adagrad } from './adagrad.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: s ← s + g², w ← w − 0.01g/(√s + 1e-10) on goldenProblem, in float64 (Python).
optimizerConformance(adagrad, {
  goldenSteps: [
    [0.990000000002, -1.99, 0.490000000003],
    [0.983000714179, -1.98294469817, 0.482952620663],
    [0.977321848252, -1.97719192912, 0.477210281674],
  ],
  // Adagrad's steps shrink like 1/√t, so it needs a larger η than its default on these problems.
  bowl: { hyper: { learningRate: 0.1 } },
  rosenbrock: { hyper: { learningRate: 0.1 } },
});
