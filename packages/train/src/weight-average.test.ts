import { Rng } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeightAverage } from './weight-average.js';

describe('WeightAverage', () => {
  it('is the mean of the weights added from epoch `from` on, and ignores earlier epochs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(fc.float({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        (from, snapshots) => {
          const average = new WeightAverage(3, { from });
          snapshots.forEach((s, i) => {
            expect(average.add(i + 1, Float32Array.from(s))).toBe(i + 1 >= from);
          });
          const kept = snapshots.slice(from - 1).map((s) => Float32Array.from(s));
          expect(average.count).toBe(kept.length);
          for (let j = 0; j < 3; j++) {
            const mean = kept.length === 0 ? 0 : kept.reduce((sum, s) => sum + s[j]!, 0) / kept.length;
            expect(average.params[j]).toBeCloseTo(mean, 3);
          }
        },
      ),
    );
  });

  it('continues bit-identically from a restored mean and count (as a checkpoint does)', () => {
    const rng = new Rng(5);
    const snapshots = Array.from({ length: 8 }, () => rng.fillNormal(new Float32Array(50)));
    const whole = new WeightAverage(50, { from: 2 });
    for (const [i, s] of snapshots.entries()) whole.add(i + 1, s);

    const first = new WeightAverage(50, { from: 2 });
    for (const [i, s] of snapshots.slice(0, 5).entries()) first.add(i + 1, s);
    const resumed = new WeightAverage(50, { from: 2 });
    resumed.restore(first.params.slice(), first.count);
    for (const [i, s] of snapshots.slice(5).entries()) resumed.add(i + 6, s);

    expect(resumed.count).toBe(7);
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
  });

  it('lands nearer the minimum than the last step of SGD with a fixed learning rate (Polyak averaging)', () => {
    // Minimise E[(w − x)²/2] over x ~ N(μ, 1) by SGD with η = 0.5: the last
    // step wanders around μ with variance η/(2 − η) = 1/3; the mean of the
    // last 200 steps is far closer.
    const mu = 2,
      eta = 0.5,
      trials = 40;
    let lastError = 0,
      averageError = 0;
    for (let trial = 0; trial < trials; trial++) {
      const rng = new Rng(trial + 1);
      const w = new Float32Array(1);
      const average = new WeightAverage(1, { from: 201 });
      for (let step = 1; step <= 400; step++) {
        w[0] = w[0]! - eta * (w[0]! - rng.normal(mu, 1));
        average.add(step, w);
      }
      lastError += (w[0]! - mu) ** 2 / trials;
      averageError += (average.params[0]! - mu) ** 2 / trials;
    }
    expect(lastError).toBeGreaterThan(0.15);
    expect(averageError).toBeLessThan(lastError / 20);
  });

  it('refuses a first epoch below 1, and weights or a saved mean of the wrong length', () => {
    expect(() => new WeightAverage(3, { from: 0 })).toThrow(/expected the first epoch to average to be an integer ≥ 1, found 0/);
    const average = new WeightAverage(3, { from: 1 });
    expect(() => average.add(1, new Float32Array(4))).toThrow(/expected 3 parameters, found 4/);
    expect(() => average.restore(new Float32Array(2), 1)).toThrow(/expected 3 parameters, found 2/);
    expect(() => average.restore(new Float32Array(3), -1)).toThrow(/expected a count ≥ 0, found -1/);
  });
});
