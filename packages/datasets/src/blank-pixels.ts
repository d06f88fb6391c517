import type { LabeledImages } from './labeled-images.js';

/**
 * A mask of the pixels that are 0 in every image of the set (1 = blank): the
 * border of MNIST. A first-layer weight from a blank pixel never gets a
 * gradient, so training leaves it where initialisation put it.
 */
export function blankPixels(set: LabeledImages): Uint8Array {
  const size = set.rows * set.cols;
  const blank = new Uint8Array(size).fill(1);
  for (let i = 0; i < set.count; i++) {
    const offset = i * size;
    for (let p = 0; p < size; p++) if (set.pixels[offset + p] !== 0) blank[p] = 0;
  }
  return blank;
}
