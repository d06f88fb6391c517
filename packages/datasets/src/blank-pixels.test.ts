import { describe, expect, it } from 'vitest';
import { blankPixels } from './blank-pixels.js';
import { type LabeledImages, subset } from './labeled-images.js';

/** 2 × 3 images from their pixels, all labelled 0. */
function images(...pixels: number[][]): LabeledImages {
  return { count: pixels.length, rows: 2, cols: 3, pixels: Uint8Array.from(pixels.flat()), labels: new Uint8Array(pixels.length), classes: 10 };
}

describe('blankPixels', () => {
  it('marks the pixels that are 0 in every image, one entry per pixel', () => {
    const set = images([0, 5, 0, 0, 0, 0], [0, 0, 0, 0, 0, 255], [0, 1, 0, 0, 0, 0]);
    expect(Array.from(blankPixels(set))).toEqual([1, 0, 1, 1, 1, 0]);
  });

  it('looks only at the images of the set, not the storage beyond a subset', () => {
    const set = images([0, 0, 0, 9, 0, 0], [7, 7, 7, 7, 7, 7]);
    expect(Array.from(blankPixels(subset(set, 1)))).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from(blankPixels(subset(set, 1, 1)))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('finds every pixel blank in a set of no images', () => {
    expect(Array.from(blankPixels(images()))).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
