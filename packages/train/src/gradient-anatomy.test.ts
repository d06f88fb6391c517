import { getCost } from '@downhill/cost';
import { matrix, Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { expect, it } from 'vitest';
import { bangForBuck, costAfterNudge, gradientAnatomy } from './gradient-anatomy.js';

it('measures a gradient: its length, its zeros, and how much of its length the largest components carry', () => {
  const a = gradientAnatomy([3, 0, -4, 0, 0, 0, 0, 0, 0, 0], 0.1);
  expect(a.norm).toBe(5);
  expect(a.zeros).toBe(8);
  // The signs: ∂C/∂θ > 0 asks θ to go down, < 0 up.
  expect([a.positive, a.negative]).toEqual([1, 1]);
  expect(gradientAnatomy([1, 2, -3, 0]).positive).toBe(2);
  expect(Array.from(a.magnitudes.subarray(0, 3))).toEqual([4, 3, 0]);
  expect(a.top).toBe(1);
  expect(a.topShare).toBeCloseTo(0.8, 12);
  // Spread evenly, the top tenth carries √0.1 of the length.
  expect(gradientAnatomy(new Float64Array(100).fill(2), 0.1).topShare).toBeCloseTo(Math.sqrt(0.1), 12);
  expect(() => gradientAnatomy([1], 0)).toThrow(/top fraction in \(0, 1\]/);
});

it('nudging the largest components downhill lowers the cost more than as many random ones, by the same step length', () => {
  const rng = new Rng(2);
  const network = Network.create(sequentialSpec([20, 8, 4], 'sigmoid'), { rng, init: 'lecun' });
  const x = matrix(6, 20),
    y = matrix(6, 4);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform() < 0.5 ? 0 : rng.uniform();
  for (let r = 0; r < 6; r++) y.data[r * 4 + (r % 4)] = 1;
  const cost = getCost('quadratic');
  const c0 = network.computeGradients(x, y, cost);
  const g = Float64Array.from(network.grads);
  const before = network.params.slice();
  const batch = { x, y, cost };
  // A small step along the whole gradient lowers the cost by about length · ‖g‖.
  const all = Uint32Array.from({ length: g.length }, (_, i) => i);
  const length = 1e-3;
  expect((c0 - costAfterNudge(network, g, all, length, batch)) / length).toBeCloseTo(gradientAnatomy(g).norm, 3);
  expect(Array.from(network.params)).toEqual(Array.from(before));
  const results = bangForBuck(network, g, batch, { ks: [3, 30], length: 0.05, rng: new Rng(9) });
  expect(results.map((r) => r.k)).toEqual([3, 30]);
  for (const r of results) {
    expect(r.top).toBeGreaterThan(0);
    expect(r.top).toBeGreaterThan(r.random);
  }
  expect(Array.from(network.params)).toEqual(Array.from(before));
});
