import type { Rng } from '@downhill/linalg';
import { DatasetError } from './errors.js';

/**
 * 0 .. n−1 in an order drawn by `rng` (Fisher–Yates): the order of one epoch.
 * For the next epoch, reshuffle the same array in place with `rng.shuffle(order)`.
 */
export function shuffledIndices(n: number, rng: Rng): Uint32Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new DatasetError('shuffledIndices', 'a count that is a non-negative integer', `${n}`);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return rng.shuffle(order);
}
