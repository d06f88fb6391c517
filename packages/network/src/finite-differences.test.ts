import { getCost } from '@downhill/cost';
import { matrix, Rng } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { compareGradients, finiteDifferenceGradient, medianMilliseconds } from './finite-differences.js';
import { Network } from './network.js';
import { sequentialSpec } from './spec.js';

it('agrees with backprop on every weight and bias of a small network, and puts every parameter back', () => {
  const rng = new Rng(4);
  const network = Network.create(sequentialSpec([6, 5, 3], 'sigmoid'), { rng, init: 'lecun' });
  const x = matrix(4, 6),
    y = matrix(4, 3);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform();
  for (let r = 0; r < 4; r++) y.data[r * 3 + (r % 3)] = 1;
  const cost = getCost('quadratic');
  const before = network.params.slice();
  network.computeGradients(x, y, cost);
  const backprop = Float64Array.from(network.grads);
  const { gradient, forwardPasses } = finiteDifferenceGradient(network, x, y, cost);
  expect(forwardPasses).toBe(2 * network.parameterCount);
  expect(Array.from(network.params)).toEqual(Array.from(before));
  const largest = Math.max(...backprop.map(Math.abs));
  for (let i = 0; i < gradient.length; i++) expect(Math.abs(gradient[i]! - backprop[i]!), `parameter ${i}`).toBeLessThan(1e-3 * largest);
  // A subset by index, in the order asked.
  expect(Array.from(finiteDifferenceGradient(network, x, y, cost, { indices: [7, 2] }).gradient)).toEqual([gradient[7], gradient[2]]);
  expect(() => finiteDifferenceGradient(network, x, y, cost, { h: 0 })).toThrow(/nudge h > 0/);
});

describe('compareGradients', () => {
  it('finds the largest disagreement, where it is, and the signs that agree among the non-zero components', () => {
    const c = compareGradients([1, -2, 0, 0.5], [1.1, -2, 3, -0.5]);
    expect(c.worst).toBeCloseTo(3);
    expect(c.worstAt).toBe(2);
    expect(c.largest).toBe(2);
    expect(c.nonzero).toBe(3);
    expect(c.signsAgree).toBe(2);
    expect(() => compareGradients([1], [1, 2])).toThrow(RangeError);
    // Only components larger than the worst disagreement have a sign the estimate must match.
    expect([c.clear, c.clearSignsAgree]).toEqual([0, 0]);
    const d = compareGradients([1, -2, 1e-9, -0.5], [1.01, -1.99, -1e-9, -0.5]);
    expect(d.worst).toBeCloseTo(0.01);
    expect([d.nonzero, d.signsAgree, d.clear, d.clearSignsAgree]).toEqual([4, 3, 3, 3]);
  });
});

describe('medianMilliseconds', () => {
  it('is the median of the calls, each timed on its own, and refuses a count that is not a whole number', () => {
    let calls = 0;
    const slow = [false, true, false, true, true];
    const ms = medianMilliseconds(() => {
      const until = performance.now() + (slow[calls++] ? 20 : 0);
      while (performance.now() < until);
    }, 5);
    expect(calls).toBe(5);
    expect(ms).toBeGreaterThanOrEqual(20);
    expect(() => medianMilliseconds(() => {}, 0)).toThrow(RangeError);
    expect(() => medianMilliseconds(() => {}, 1.5)).toThrow(RangeError);
  });
});
