import { Rng } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffledIndices } from './shuffle.js';

describe('shuffledIndices', () => {
  it('is a permutation of 0 .. n−1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (n, seed) => {
        const order = shuffledIndices(n, new Rng(seed));
        expect(order).toBeInstanceOf(Uint32Array);
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('same seed, same order; different seed, different order', () => {
    const a = shuffledIndices(1000, new Rng(42));
    const b = shuffledIndices(1000, new Rng(42));
    const c = shuffledIndices(1000, new Rng(43));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects a count that is not a non-negative integer', () => {
    expect(() => shuffledIndices(-1, new Rng(1))).toThrow('shuffledIndices: expected a count that is a non-negative integer, found -1');
    expect(() => shuffledIndices(2.5, new Rng(1))).toThrow(/found 2\.5/);
  });
});
