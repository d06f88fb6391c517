import { describe, expect, it } from 'vitest';
import type { Stepper } from './descend.js';
import { landscapeFromText } from './from-text.js';
import { LEARNING_RATE_SWEEP, type Racer, race } from './race.js';
import { bowl, parabola } from './surfaces.js';

/** The lesson's w ← w − η g as a racer (the real optimizers live in @downhill/optim). */
const plain = (name: string, learningRate?: number): Racer => ({
  name,
  learningRate,
  stepper: (eta): Stepper => ({
    step: (w, g) =>
      w.forEach((wi, i) => {
        w[i] = wi - eta * g[i];
      }),
  }),
});

describe('race', () => {
  it("uses a racer's own learning rate first, then the caller's, as given", () => {
    const [own, shared] = race(bowl, [plain('own', 0.01), plain('shared')], [-4, 2], 50, 0.02);
    expect(own).toMatchObject({ name: 'own', learningRate: 0.01, swept: false });
    expect(shared).toMatchObject({ name: 'shared', learningRate: 0.02, swept: false });
    expect(own!.path.points).toHaveLength(51);
    // One step of w − η ∇f from (−4, 2), ∇f = (2x, 20y): η = 0.01 gives (−3.92, 1.6).
    expect(own!.path.points[1]![0]).toBeCloseTo(-3.92, 6);
    expect(own!.path.points[1]![1]).toBeCloseTo(1.6, 6);
  });

  it('otherwise takes the best rate of the sweep that never climbs above its start', () => {
    const [swept] = race(bowl, [plain('gd')], [-4, 2], 50);
    expect(swept!.swept).toBe(true);
    expect(LEARNING_RATE_SWEEP).toContain(swept!.learningRate);
    expect(Math.max(...swept!.path.values)).toBeLessThanOrEqual(swept!.path.values[0]!);
    // On x² + 10y², plain descent diverges once η > 2/20 = 0.1: the sweep must not pick 0.3 or 1.
    expect(swept!.learningRate).toBeLessThan(0.1);
    expect(swept!.path.diverged).toBe(false);
  });

  it("prefers the rate that reaches a known minimum in the fewest steps: the lesson's η = 0.3 on (w - 2)^2", () => {
    // η = 1 bounces between 4 and 0 without ever climbing above the start: calm, but it never arrives.
    const [lesson] = race(parabola, [plain('gd')], [4], 10);
    expect(lesson).toMatchObject({ learningRate: 0.3, swept: true });
    expect(lesson!.path.stepsToMinimum).toBe(9);
  });

  it('ends a run whose gradient is not a real number as diverged at step 1, without throwing', () => {
    // |x| has no derivative at 0, where η = 1 lands from x = 1.
    const kink = landscapeFromText('abs(x) + y^2');
    const [run] = race(kink, [plain('gd', 1)], [1, 1], 20);
    expect(run!.path).toMatchObject({
      diverged: true,
      divergedAt: 1,
      points: [
        [1, 1],
        [Number.NaN, Number.NaN],
      ],
    });
    expect(run!.path.final.value).toBeNaN();
    expect(run!.verdict).toMatchObject({ kind: 'diverged', reason: 'not-real', step: 1 });
  });

  it('marks a learning rate that blows up as diverged, and the sweep passes it over', () => {
    const [blown] = race(bowl, [plain('gd', 1)], [-4, 2], 100);
    expect(blown!.path.diverged).toBe(true);
    expect(blown!.path.divergedAt).toBeGreaterThan(1);
    const [swept] = race(bowl, [plain('gd')], [-4, 2], 100);
    expect(swept!.path.diverged).toBe(false);
  });
});
