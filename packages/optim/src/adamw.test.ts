import { adamw } from './adamw.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: θ ← θ − 0.001·0.01·θ, then Adam's step, on goldenProblem, in float64 (Python).
optimizerConformance(adamw, {
  goldenSteps: [
    [0.99899000002, -1.99898, 0.498995000027],
    [0.997980063357, -1.99796002205, 0.497990027629],
    [0.996970225498, -1.99694007401, 0.496985094463],
  ],
});
