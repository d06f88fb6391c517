import { getLandscape, LEARNING_RATE_SWEEP } from '@downhill/landscapes';
import { describe, expect, it } from 'vitest';
import { parseRace, race } from './race.js';

describe('landscape races', () => {
  it('parses optimizers with optional learning rates, and refuses what is not one', () => {
    const runners = parseRace('sgd, momentum:0.001,adam');
    expect(runners.map((r) => [r.definition.name, r.learningRate])).toEqual([['sgd', undefined], ['momentum', 0.001], ['adam', undefined]]);
    expect(() => parseRace('sgd:fast')).toThrow(/sgd: expected a positive learning rate after the colon, found "fast"/);
    expect(() => parseRace('sgd:0.1:2')).toThrow(/expected optimizers like/);
    expect(() => parseRace('nope')).toThrow(/nope/);
  });

  it('races each runner as a fresh @downhill/optim optimizer: a given rate as it is, else the best of the sweep', () => {
    const bowl = getLandscape('bowl');
    const [given, swept] = race(bowl, parseRace('sgd:0.01,adam'), [-4, 2], 50);
    expect(given).toMatchObject({ name: 'sgd', learningRate: 0.01, swept: false });
    // sgd with η = 0.01 and no momentum is the lesson's rule: (−4, 2) − 0.01 · (2x, 20y) = (−3.92, 1.6).
    expect(given!.path.points[1]).toEqual([expect.closeTo(-3.92, 5), expect.closeTo(1.6, 5)]);
    expect(swept).toMatchObject({ name: 'adam', swept: true });
    expect(LEARNING_RATE_SWEEP).toContain(swept!.learningRate);
    expect(swept!.path.diverged).toBe(false);
  });
});
