import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('same seed, same draws; different seeds, different draws', () => {
    const a = new Rng(1),
      b = new Rng(1),
      c = new Rng(2);
    const da = Array.from({ length: 20 }, () => a.nextUint32());
    const db = Array.from({ length: 20 }, () => b.nextUint32());
    const dc = Array.from({ length: 20 }, () => c.nextUint32());
    expect(da).toEqual(db);
    expect(da).not.toEqual(dc);
  });

  it('uniform draws lie in [0, 1) with mean about 1/2', () => {
    const r = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) throw new Error(`uniform draw ${u} outside [0, 1)`);
      sum += u;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('normal draws have mean 0 and variance 1', () => {
    const r = new Rng(3);
    const n = 200_000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(s / n).toBeCloseTo(0, 1);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1, 1);
  });

  it('int(n) covers 0..n-1 evenly and shuffle is a permutation', () => {
    const r = new Rng(11);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    r.shuffle(a);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('saves and restores its state mid-stream', () => {
    const r = new Rng(5);
    r.normal();
    const state = r.getState();
    const next = [r.normal(), r.uniform(), r.int(1000)];
    const s = new Rng(99);
    s.setState(state);
    expect([s.normal(), s.uniform(), s.int(1000)]).toEqual(next);
  });

  it('gives every safe integer seed its own stream: 1 and 2³² + 1, -1 and 2³² − 1 differ', () => {
    const first = (seed: number) => new Rng(seed).nextUint32();
    expect(first(1)).not.toBe(first(2 ** 32 + 1));
    expect(first(-1)).not.toBe(first(2 ** 32 - 1));
    expect(first(2 ** 53 - 1)).not.toBe(first(2 ** 21 - 1));
    // Seeds below 2³² are unchanged by the fold (hi = 0): the same first draws as before it was added.
    expect([first(1), first(4294967295)]).toEqual([2442144158, 835879718]);
    expect(() => new Rng(2 ** 53)).toThrow(/integer seed below 2\^53/);
    expect(() => new Rng(1e300)).toThrow(/integer seed/);
  });

  it('rejects a non-integer seed', () => {
    expect(() => new Rng(1.5)).toThrow(/integer seed/);
  });
});
