import { rmsprop } from './rmsprop.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: v ← 0.99v + 0.01g², w ← w − 0.001g/(√v + 1e-8) on goldenProblem, in float64 (Python).
optimizerConformance(rmsprop, {
  goldenSteps: [
    [0.990000002, -1.99000000011, 0.490000002667],
    [0.982982796901, -1.9829269145, 0.482934821125],
    [0.977274898998, -1.97714514469, 0.47716347648],
  ],
});
