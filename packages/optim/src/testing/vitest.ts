/**
 * The conformance checks as one vitest suite:
 * `optimizerConformance(definition, options)` in an optimizer's test file.
 *
 * @module @downhill/optim/testing/vitest
 */
import { describe, it } from 'vitest';
import type { OptimizerDefinition } from '../define.js';
import {
  type ConformanceOptions,
  checkConvergesOnBowl,
  checkConvergesOnRosenbrock,
  checkGoldenSteps,
  checkGradientUntouched,
  checkNoAllocation,
  checkRejectsNonFinite,
  checkStateRoundTrip,
} from './checks.js';

/**
 * The shared conformance suite, one line in an optimizer's test:
 *
 *   optimizerConformance(adam, { goldenSteps: [[...], [...], [...]] });
 *
 * Each `it` runs one of the exported check functions, which throw a
 * ConformanceError saying what was expected and what was found.
 */
export function optimizerConformance(def: OptimizerDefinition, options: ConformanceOptions): void {
  const bowl = options.bowl ?? {};
  describe(`${def.name} conforms`, () => {
    it('reaches the minimum of an ill-conditioned quadratic bowl', () => checkConvergesOnBowl(def, bowl));
    it("reaches the minimum of Rosenbrock's valley", () => checkConvergesOnRosenbrock(def, options.rosenbrock));
    it('takes the golden first steps', () => checkGoldenSteps(def, options));
    it('continues bit-identically after state() → restore()', () => checkStateRoundTrip(def, bowl));
    it('never changes the gradient', () => checkGradientUntouched(def, bowl));
    it('allocates nothing per step', () => checkNoAllocation(def, bowl));
    it('rejects NaN and infinite gradients, changing nothing', () => checkRejectsNonFinite(def, bowl));
  });
}
