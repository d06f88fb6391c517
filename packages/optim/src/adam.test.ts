import { adam } from './adam.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: Kingma & Ba's Algorithm 1 with the defaults on goldenProblem, in float64 (Python).
optimizerConformance(adam, {
  goldenSteps: [
    [0.99900000002, -1.999, 0.499000000027],
    [0.998000052725, -1.99800001161, 0.498000017492],
    [0.997000193245, -1.99700004256, 0.497000063993],
  ],
});
