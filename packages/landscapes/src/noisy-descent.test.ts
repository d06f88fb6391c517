import { Rng } from '@downhill/linalg';
import { cosineDecay, createOptimizer, withSchedule } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { descendOnExamples, descendWithNoise, tiltedDoubleWell } from './noisy-descent.js';
import { judgeDescent } from './verdict.js';

const epochs = 300,
  batch = 5,
  eta = 0.05;
const annealed = (steps: number) => withSchedule(createOptimizer('sgd', 2, { learningRate: eta }), cosineDecay({ initial: eta, minimum: 0, steps }));

describe('the tilted double well', () => {
  const well = tiltedDoubleWell({ rng: new Rng(1) });

  it('has a saddle between a deep and a shallow valley, and its examples average to it', () => {
    expect(well.saddle[0]).toBeCloseTo(0.2386, 4);
    expect(well.deep[0]).toBeCloseTo(-1.098, 3);
    expect(well.shallow[0]).toBeCloseTo(0.859, 3);
    const f = (p: number[]) => well.landscape.value(p);
    expect(f(well.deep)).toBeLessThan(f(well.shallow));
    expect(f(well.shallow)).toBeLessThan(f(well.saddle));
    // The mean of all the examples' gradients is the landscape's gradient.
    const all = Uint32Array.from({ length: well.count }, (_, i) => i);
    const p = [0.3, -0.7],
      mean = new Float64Array(2),
      exact = new Float64Array(2);
    well.gradientOn(all, 0, well.count, p, mean);
    well.landscape.gradient(p, exact);
    expect(mean[0]).toBeCloseTo(exact[0]!, 12);
    expect(mean[1]).toBeCloseTo(exact[1]!, 12);
  });

  it("full-batch descent from the saddle's ridge comes to rest on the saddle; from the shallow side it stays in the shallow valley", () => {
    const fromRidge = descendOnExamples(well, annealed(epochs), [well.saddle[0]!, 1], { epochs, batch: well.count, rng: new Rng(1) });
    expect(fromRidge.final.point[0]).toBeCloseTo(well.saddle[0]!, 3);
    expect(judgeDescent(well.landscape, fromRidge)).toMatchObject({ kind: 'resting', stationary: 'saddle' });
    const fromRight = descendOnExamples(well, annealed(epochs), [2, 1], { epochs, batch: well.count, rng: new Rng(1) });
    expect(fromRight.final.point[0]).toBeCloseTo(well.shallow[0]!, 2);
  });

  it('mini-batch descent, from the same two starts, ends in the deep valley in most seeded runs', () => {
    for (const start of [
      [well.saddle[0]!, 1],
      [2, 1],
    ]) {
      let deep = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const steps = epochs * (well.count / batch);
        const path = descendOnExamples(well, annealed(steps), start, { epochs, batch, rng: new Rng(seed) });
        if (path.final.point[0]! < well.saddle[0]!) deep++;
      }
      expect(deep, `from (${start})`).toBeGreaterThanOrEqual(14);
    }
  });
});

it('descendWithNoise adds Gaussian noise of the stated size to every gradient, and with none is plain descent', () => {
  const well = tiltedDoubleWell({ rng: new Rng(1) });
  const plain = descendWithNoise(well.landscape, createOptimizer('gd', 2, { learningRate: 0.01 }), [2, 1], 200, { noise: 0, rng: new Rng(3) });
  expect(plain.final.point[0]).toBeCloseTo(well.shallow[0]!, 2);
  const noisy = descendWithNoise(well.landscape, createOptimizer('gd', 2, { learningRate: 0.01 }), [2, 1], 200, { noise: 5, rng: new Rng(3) });
  expect(noisy.points[1]).not.toEqual(plain.points[1]);
  expect(() => descendWithNoise(well.landscape, createOptimizer('gd', 2), [0, 0], 1, { noise: -1, rng: new Rng(3) })).toThrow(
    /noise: expected a standard deviation ≥ 0/,
  );
});
