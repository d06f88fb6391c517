import { createOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { type DescentPath, descend } from './descend.js';
import { landscapeFromText } from './from-text.js';
import { raceOptimizers } from './race.js';
import { parabola, rastrigin, rosenbrock } from './surfaces.js';
import { describeVerdict, judgeDescent } from './verdict.js';

const gd = (dimension: number, learningRate: number) => createOptimizer('gd', dimension, { learningRate });

describe('one rule for every surface', () => {
  it("the lesson's parabola, built in or typed by hand: both reached the minimum w = 2 at step 9", () => {
    for (const landscape of [parabola, landscapeFromText('(w-2)^2')]) {
      const path = descend(landscape, gd(1, 0.3), [4], 10);
      const verdict = judgeDescent(landscape, path);
      expect(verdict).toMatchObject({ kind: 'reached', step: 9, lowest: true });
      expect(describeVerdict(landscape, verdict, 10)).toBe('reached the minimum w = 2 at step 9');
    }
  });

  it('η = 1.1 on the parabola climbs away (w = 14.4 after 10 steps): diverging, not "still moving"', () => {
    const path = descend(parabola, gd(1, 1.1), [4], 10);
    expect(path.final.point[0]).toBeCloseTo(14.38, 1);
    const verdict = judgeDescent(parabola, path);
    expect(verdict).toMatchObject({ kind: 'diverged', reason: 'growing' });
    expect(describeVerdict(parabola, verdict, 10)).toMatch(/^diverging: f grew from 4 to 153\.\d+ in 10 steps; the learning rate is too large here$/);
  });

  it('a run that passed near the minimum but ended away from it has not reached it', () => {
    // Came within 1e-4 of (1, 1) at step 2, then wandered off to f = 0.03.
    const points = [
      [-1, 1],
      [0.5, 0.5],
      [1.0001, 1],
      [1.05, 1.12],
      [1.1, 1.19],
    ];
    const path: DescentPath = {
      points,
      values: points.map((p) => rosenbrock.value(p)),
      final: { point: points[4]!, value: rosenbrock.value(points[4]!) },
      diverged: false,
      stepsToMinimum: 2,
    };
    const verdict = judgeDescent(rosenbrock, path);
    expect(verdict.kind).toBe('moving');
    expect(describeVerdict(rosenbrock, verdict, 4)).toMatch(/^still moving after 4 steps, 0\.2\d* from the minimum \(1, 1\)$/);
  });

  it('a ball on a saddle point comes to rest there and is told it is not a minimum', () => {
    const saddle = landscapeFromText('x^2 - y^2 + y^4');
    const path = descend(saddle, gd(2, 0.1), [1, 0], 400);
    expect(describeVerdict(saddle, judgeDescent(saddle, path), 400)).toBe('came to rest at a saddle point (0, 0), not a minimum');
  });

  it('on Rastrigin plain descent can stop in a local minimum, and is told it is not the lowest', () => {
    const path = descend(rastrigin, gd(2, 0.001), [2.2, -1.6], 2000);
    const verdict = judgeDescent(rastrigin, path);
    expect(verdict).toMatchObject({ kind: 'reached', lowest: false });
    expect(describeVerdict(rastrigin, verdict, 2000)).toMatch(
      /^reached a local minimum \(1\.98991, -1\.98991\) at step \d+, f = 7\.95966 \(not the lowest: f = 0 there is\)$/,
    );
  });

  it('a run that leaves the plot far behind diverged', () => {
    const path = descend(parabola, gd(1, 1.05), [4], 60);
    expect(judgeDescent(parabola, path, { window: [[-1, 5]] })).toMatchObject({ kind: 'diverged', reason: 'left-plot' });
  });
});

describe('raceOptimizers', () => {
  it('races the default runners from the default start, and names a hyperparameter no runner has', () => {
    const { start, steps, results } = raceOptimizers(rosenbrock);
    expect(start).toEqual(rosenbrock.suggestedStart);
    expect(steps).toBe(500);
    expect(results.map((r) => r.name)).toEqual(['sgd', 'momentum', 'adam']);
    for (const r of results) expect(r.says).toBe(describeVerdict(rosenbrock, r.verdict, 500));
    expect(() => raceOptimizers(rosenbrock, [{ optimizer: 'sgd' }], { hyperparameters: { beta1: 0.8 } })).toThrow(
      /beta1: none of sgd has a hyperparameter beta1/,
    );
  });
});

describe('surfaces with no minimum', () => {
  it('1/x, 1/(x - 0.5) and -1/x^2 fall without bound at a pole, and are told so; x^2 + 1/(1 + x^2) is not', async () => {
    const { checkBoundedBelow } = await import('./bounded-below.js');
    expect(checkBoundedBelow(landscapeFromText('1/x'))).toMatch(/^f\(x\) = 1\/x has no minimum: it falls without bound near x = 0 \(f\(-1e-6\) = -1e6\)$/);
    expect(checkBoundedBelow(landscapeFromText('1/(x - 0.5)'))).toMatch(/falls without bound near x = 0\.5 /);
    expect(checkBoundedBelow(landscapeFromText('-1/x^2'))).toMatch(/no minimum/);
    expect(checkBoundedBelow(landscapeFromText('1/(x^2 + y^2)'))).toBeUndefined();
    expect(checkBoundedBelow(landscapeFromText('x^2 + 1/(1 + x^2)'))).toBeUndefined();
    expect(checkBoundedBelow(landscapeFromText('x/(x^2+1) + x^2'))).toBeUndefined();
  });
});
