import type { LabeledImages } from '@downhill/datasets';
import { describe, expect, it } from 'vitest';
import { consecutiveBatch, imageExamples } from './examples.js';

// Three 2×2 images, labels 2, 0, 1 of 3 classes.
const set: LabeledImages = {
  count: 3,
  rows: 2,
  cols: 2,
  classes: 3,
  pixels: Uint8Array.from([0, 255, 0, 0, 51, 0, 0, 0, 0, 0, 0, 255]),
  labels: Uint8Array.from([2, 0, 1]),
};

describe('consecutiveBatch', () => {
  it('is the examples asked for, in order: their pixels as x, their labels one-hot as y', () => {
    const { x, y } = consecutiveBatch(imageExamples(set), 1, 2);
    expect([x.rows, x.cols, y.rows, y.cols]).toEqual([2, 4, 2, 3]);
    expect(Array.from(x.data)).toEqual([51 / 255, 0, 0, 0, 0, 0, 0, 1].map(Math.fround));
    expect(Array.from(y.data)).toEqual([1, 0, 0, 0, 1, 0]);
  });
});
