import { describe, expect, it } from 'vitest';
import { softmaxCrossEntropy } from './cross-entropy.js';
import { quadraticCost } from './quadratic.js';
import { UnknownCostError, costs, getCost } from './registry.js';

describe('cost registry', () => {
  it('finds each cost by name and alias', () => {
    expect(getCost('quadratic')).toBe(quadraticCost);
    expect(getCost('mse')).toBe(quadraticCost);
    expect(getCost('cross-entropy')).toBe(softmaxCrossEntropy);
    expect(getCost('ce')).toBe(softmaxCrossEntropy);
    for (const [key, cost] of costs) expect(cost.summary.length, key).toBeGreaterThan(0);
  });

  it('names the valid choices when a name is unknown', () => {
    expect(() => getCost('hinge')).toThrow(UnknownCostError);
    expect(() => getCost('hinge')).toThrow("getCost: expected one of quadratic, mse, cross-entropy, ce, found 'hinge'");
  });
});
