import { getLandscape } from '@downhill/landscapes';
import { describe, expect, it } from 'vitest';
import { SWEEP, parseRace, race } from './race.js';

describe('landscape races', () => {
  it('parses optimizers with optional learning rates, and refuses what is not one', () => {
    const runners = parseRace('sgd, momentum:0.001,adam');
    expect(runners.map((r) => [r.definition.name, r.learningRate])).toEqual([['sgd', undefined], ['momentum', 0.001], ['adam', undefined]]);
    expect(() => parseRace('sgd:fast')).toThrow(/sgd: expected a positive learning rate after the colon, found "fast"/);
    expect(() => parseRace('sgd:0.1:2')).toThrow(/expected optimizers like/);
    expect(() => parseRace('nope')).toThrow(/nope/);
  });

  it('uses a given rate as it is, and otherwise the best rate of the sweep that never climbs above its start', () => {
    const bowl = getLandscape('bowl');
    const [given] = race(bowl, parseRace('sgd:0.01'), [-4, 2], 50);
    expect(given!.learningRate).toBe(0.01);
    expect(given!.swept).toBe(false);
    const [swept] = race(bowl, parseRace('sgd'), [-4, 2], 50);
    expect(swept!.swept).toBe(true);
    expect(SWEEP).toContain(swept!.learningRate);
    expect(Math.max(...swept!.path.values)).toBeLessThanOrEqual(swept!.path.values[0]!);
    // On x² + 10y², plain descent diverges once η > 2/20 = 0.1: the sweep must not pick 0.3 or 1.
    expect(swept!.learningRate).toBeLessThan(0.1);
    expect(swept!.path.diverged).toBe(false);
  });
});
