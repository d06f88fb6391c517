import { Rng } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { tiltedDoubleWell } from './noisy-descent.js';
import { descendWell, tallyWellRuns, wellSide } from './saddle-escape.js';

const rngFor = (seed: number) => new Rng(seed);

describe('the saddle experiment on the tilted double well', () => {
  const well = tiltedDoubleWell({ rng: new Rng(1) });
  const ridge = [well.saddle[0]!, 1];
  const options = { epochs: 300, learningRate: 0.05, rngFor };

  it('names the side of the saddle a point is on', () => {
    expect(wellSide(well, well.deep)).toBe('deep');
    expect(wellSide(well, well.shallow)).toBe('shallow');
    expect(wellSide(well, [well.saddle[0]! + 1e-4, 0])).toBe('saddle');
  });

  it('full-batch descent from the ridge stays on the saddle; batches of 5 mostly escape to the deep valley, batches of 50 less often', () => {
    expect(wellSide(well, descendWell(well, ridge, well.count, 1, options).final.point)).toBe('saddle');
    const noisy = tallyWellRuns(well, ridge, 5, { ...options, runs: 10, seed: 1 });
    expect(noisy.count.deep + noisy.count.shallow + noisy.count.saddle).toBe(10);
    expect(noisy.deepShare).toBeGreaterThan(0.5);
    expect(noisy.paths).toHaveLength(3);
    const calm = tallyWellRuns(well, [2, 1], 50, { ...options, runs: 10, seed: 1 });
    expect(calm.deepShare).toBeLessThan(noisy.deepShare);
  });
});
