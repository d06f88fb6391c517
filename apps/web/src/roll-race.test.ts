import { describe, expect, it } from 'vitest';
import { TYPED } from './roll-form.js';
import { runRoll } from './roll-race.js';
import { rollOf as roll } from './roll.test-util.js';

describe('the race', () => {
  it("rolls the lesson's ball: (w - 2)^2 from 4 with η = 0.3 is at 2.0002 after 10 steps", () => {
    const [ball] = runRoll(roll({ surface: TYPED, formula: '(w-2)^2', start: '4', steps: '10', racers: [{ name: 'sgd', learningRate: '0.3' }] }));
    expect(ball).toMatchObject({ name: 'sgd', learningRate: 0.3, swept: false });
    expect(ball!.path.points.map(([w]) => w!.toFixed(4))).toEqual([
      '4.0000',
      '2.8000',
      '2.3200',
      '2.1280',
      '2.0512',
      '2.0205',
      '2.0082',
      '2.0033',
      '2.0013',
      '2.0005',
      '2.0002',
    ]);
  });

  it('races each ticked optimizer from the same start, sweeping the learning rate of those given none', () => {
    const results = runRoll(
      roll({
        surface: 'bowl',
        formula: '',
        start: '-4, 2',
        steps: '200',
        racers: [
          { name: 'sgd', learningRate: '' },
          { name: 'adam', learningRate: '0.05' },
        ],
      }),
    );
    expect(results.map((r) => [r.name, r.swept])).toEqual([
      ['sgd', true],
      ['adam', false],
    ]);
    for (const r of results) expect(r.path.points[0]).toEqual([-4, 2]);
    // The sweep keeps plain descent below η = 0.1, where x² + 10y² starts to blow up.
    expect(results[0]!.learningRate).toBeLessThan(0.1);
    expect(results[0]!.path.stepsToMinimum).toBeGreaterThan(0);
  });
});
