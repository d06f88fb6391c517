import { describeVerdict, judgeDescent, type Landscape, type RaceResult } from '@downhill/landscapes';
import { getLandscape, landscapeFromText } from '@downhill/landscapes/text';
import { describe, expect, it } from 'vitest';
import { TYPED } from './roll-form.js';
import { rollOf as roll } from './roll.test-util.js';
import { describeRoll, formatCoordinate, resultRows } from './roll-table.js';

/** A race result for a path given by hand, judged as the race judges its own. */
const result = (landscape: Landscape, name: string, points: number[][], extra: Partial<RaceResult['path']> = {}, swept = false): RaceResult => {
  const values = points.map((p) => landscape.value(p));
  const path = { points, values, final: { point: points.at(-1)!, value: values.at(-1)! }, diverged: false, ...extra };
  const verdict = judgeDescent(landscape, path);
  return { name, learningRate: 0.001, swept, path, verdict, says: describeVerdict(landscape, verdict, points.length - 1) };
};

describe('the line above the picture', () => {
  it('says what is raced, from where and for how long, naming a built-in', () => {
    expect(describeRoll(roll({ surface: 'rosenbrock', formula: '', start: '-1.2, 1', steps: '500', racers: [{ name: 'sgd', learningRate: '' }] }))).toEqual({
      text: 'rosenbrock: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, from (-1.2, 1), 500 steps',
      warning: false,
    });
    expect(describeRoll(roll({ surface: TYPED, formula: '(w-2)^2', start: '4', steps: '10', racers: [{ name: 'sgd', learningRate: '0.3' }] })).text).toBe(
      'f(w) = (w-2)^2, from w = 4, 10 steps',
    );
  });

  it('warns when the surface has no minimum, with one ball or several', () => {
    const saddle = describeRoll(
      roll({
        surface: 'saddle',
        formula: '',
        start: '1.5, 0.01',
        steps: '50',
        racers: [
          { name: 'sgd', learningRate: '' },
          { name: 'adam', learningRate: '' },
        ],
      }),
    );
    expect(saddle.warning).toBe(true);
    expect(saddle.text).toMatch(/^f\(x, y\) = x\^2 - y\^2 has no minimum: .*: the balls roll on for ever\.$/);
    const line = describeRoll(roll({ surface: TYPED, formula: '-w^2', start: '1', steps: '5', racers: [{ name: 'sgd', learningRate: '' }] }));
    expect(line.text).toMatch(/^f\(w\) = -w\^2 has no minimum: .*: the ball rolls on for ever\.$/);
  });
});

describe('the results table', () => {
  it("says how each run went, in the race verdict's own words: reached a minimum, diverged, still moving, or at rest", () => {
    const himmelblau = getLandscape('himmelblau');
    const rows = resultRows([
      result(
        himmelblau,
        'adam',
        [
          [0, 0],
          [3.5844, -1.8481],
        ],
        {},
        true,
      ),
      result(
        himmelblau,
        'sgd',
        [
          [0, 0],
          [1e40, 2],
        ],
        { diverged: true, divergedAt: 1 },
      ),
      result(himmelblau, 'momentum', [
        [0, 0],
        [1, 1],
        [1.5, 1.25],
      ]),
      result(landscapeFromText('x^2 - y^2 + y^4'), 'lion', [
        [0.5, 0],
        [0, 0],
        [0, 0],
      ]),
    ]);
    expect(rows.map((r) => [r.name, r.outcome, r.says])).toEqual([
      // The nearest of Himmelblau's four minima, written as people write numbers.
      ['adam', 'reached', 'reached the minimum (3.58443, -1.84813) at step 1'],
      ['sgd', 'diverged', 'diverged at step 1: the learning rate is too large here'],
      ['momentum', 'moving', expect.stringMatching(/^still moving after 2 steps, [\d.]+ from the minimum \(3, 2\)$/)],
      ['lion', 'resting', 'came to rest at a saddle point (0, 0), not a minimum'],
    ]);
    expect(rows.map((r) => [r.learningRate, r.swept])).toEqual([
      ['0.001', true],
      ['0.001', false],
      ['0.001', false],
      ['0.001', false],
    ]);
    expect(rows[2]).toMatchObject({ finalPoint: '(1.5000, 1.2500)', finalValue: '71.7539' });
    expect(rows[1]!.finalPoint).toBe('(1e40, 2.0000)');
  });

  it("writes coordinates as the lesson's notebook does, to 4 decimals, and far-away ones in exponent form", () => {
    expect(formatCoordinate(2.0002097152)).toBe('2.0002');
    expect(formatCoordinate(0.03125)).toBe('0.0312'); // Python rounds the tie to even; toFixed would say 0.0313
    expect(formatCoordinate(-0.5)).toBe('-0.5000');
    expect(formatCoordinate(3.9e37)).toBe('3.9e37');
    expect(formatCoordinate(Number.NaN)).toBe('NaN');
  });
});
