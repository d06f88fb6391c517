import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidHyperparameterError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { cosineDecay, exponentialDecay, stepDecay, warmup, withSchedule } from './schedule.js';
import { bytesPerCall } from './testing/allocation.js';

const at = (schedule: (t: number) => number, ts: number[]) => ts.map((t) => schedule(t));

describe('schedules', () => {
  it('stepDecay multiplies by factor every `every` steps', () => {
    expect(at(stepDecay({ initial: 1, factor: 0.5, every: 3 }), [1, 2, 3, 4, 6, 7, 10])).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  it('exponentialDecay multiplies by rate every step', () => {
    expect(at(exponentialDecay({ initial: 2, rate: 0.5 }), [1, 2, 3, 5])).toEqual([2, 1, 0.5, 0.125]);
  });

  it('cosineDecay falls from initial to minimum over `steps` steps, then stays', () => {
    const s = cosineDecay({ initial: 1, minimum: 0.1, steps: 4 });
    const [a, b, c, d, e, f] = at(s, [1, 2, 3, 4, 5, 50]);
    expect(a).toBe(1);
    expect(b).toBeCloseTo(0.1 + 0.45 * (1 + Math.SQRT1_2), 15);
    expect(c).toBeCloseTo(0.55, 15);
    expect(d).toBeCloseTo(0.1 + 0.45 * (1 - Math.SQRT1_2), 15);
    expect(e).toBeCloseTo(0.1, 15);
    expect(f).toBeCloseTo(0.1, 15);
  });

  it('warmup rises linearly to the schedule, then runs it from its own step 1', () => {
    const s = warmup(exponentialDecay({ initial: 0.8, rate: 0.5 }), { steps: 4 });
    expect(at(s, [1, 2, 3, 4, 5, 6, 7])).toEqual([0.2, 0.4, 0.6000000000000001, 0.8, 0.8, 0.4, 0.2]);
  });

  it('every schedule stays between its bounds and never rises after warm-up', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 500 }),
        (initial, fraction, every, t) => {
          const schedules = [
            stepDecay({ initial, factor: fraction, every }),
            exponentialDecay({ initial, rate: fraction }),
            cosineDecay({ initial, minimum: initial * fraction, steps: every }),
          ];
          return schedules.every((s) => s(t + 1) <= s(t) + 1e-15 && s(t) <= initial + 1e-15 && s(t) >= 0);
        },
      ),
    );
  });

  it('reject bad settings, saying what was expected', () => {
    expect(() => stepDecay({ initial: 1, factor: 0, every: 2 })).toThrow('stepDecay: expected factor in (0, 1], found 0');
    expect(() => stepDecay({ initial: 1, factor: 0.5, every: 1.5 })).toThrow(/every a whole number of steps ≥ 1, found 1\.5/);
    expect(() => exponentialDecay({ initial: Number.NaN, rate: 0.5 })).toThrow(InvalidHyperparameterError);
    expect(() => exponentialDecay({ initial: 1, rate: 1.5 })).toThrow(/rate in \(0, 1\], found 1\.5/);
    expect(() => cosineDecay({ initial: 1, minimum: 2, steps: 10 })).toThrow(/minimum in \[0, initial = 1\], found 2/);
    expect(() => cosineDecay({ initial: 1, minimum: 0, steps: 0 })).toThrow(/steps a whole number/);
    expect(() => warmup((t) => t, { steps: -1 })).toThrow(/warmup: expected steps/);
  });
});

describe('withSchedule', () => {
  it('sets the learning rate before every step (gd: the step is η_t · g)', () => {
    const opt = withSchedule(createOptimizer('gd', 1), stepDecay({ initial: 1, factor: 0.5, every: 2 }));
    expect(opt.h.learningRate).toBe(1); // the first step's rate
    const w = Float32Array.from([0]),
      g = Float32Array.from([1]);
    const moves: number[] = [];
    for (let k = 0; k < 5; k++) {
      const before = w[0]!;
      opt.step(w, g);
      moves.push(before - w[0]!);
    }
    expect(moves).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(opt.t).toBe(5);
    expect(opt.definition.name).toBe('gd');
  });

  it('continues bit-identically after state() → restore() into a fresh scheduled optimizer', () => {
    const make = () => withSchedule(createOptimizer('adam', 2), cosineDecay({ initial: 0.1, minimum: 0.001, steps: 20 }));
    const a = make(),
      w = Float32Array.from([1, -2]);
    for (let k = 0; k < 7; k++) a.step(w, w.slice());
    const b = make();
    b.restore(a.state());
    expect(b.t).toBe(7);
    expect(b.h.learningRate).toBe(a.h.learningRate);
    const wb = w.slice();
    for (let k = 0; k < 10; k++) {
      a.step(w, w.slice());
      b.step(wb, wb.slice());
    }
    expect(wb).toEqual(w);
  });

  it('stops on a schedule that returns a bad learning rate', () => {
    const opt = withSchedule(createOptimizer('gd', 1), (t) => (t < 2 ? 0.1 : Number.NaN));
    const w = new Float32Array(1),
      g = new Float32Array(1);
    opt.step(w, g);
    expect(() => opt.step(w, g)).toThrow('schedule: expected learningRate at step 2 a finite number ≥ 0, found NaN');
    expect(opt.t).toBe(1);
  });

  it('allocates nothing per step', () => {
    const opt = withSchedule(createOptimizer('adam', 4), warmup(cosineDecay({ initial: 1e-3, minimum: 0, steps: 1000 }), { steps: 100 }));
    const w = Float32Array.from([1, 2, 3, 4]),
      g = new Float32Array(4);
    const perStep = bytesPerCall(() => {
      for (let i = 0; i < 4; i++) g[i] = w[i]!;
      opt.step(w, g);
    });
    expect(perStep).toBeLessThan(1);
  });
});
