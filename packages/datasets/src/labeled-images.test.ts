import { Rng } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import type { IdxTensor } from './idx.js';
import { type LabeledImages, labeledImages, subset, trainValidationSplit } from './labeled-images.js';

/** `count` 2 × 3 images whose every pixel is the image's index, labelled index mod 10. */
function numbered(count: number): { images: IdxTensor; labels: IdxTensor } {
  const pixels = new Uint8Array(count * 6);
  for (let i = 0; i < count; i++) pixels.fill(i, i * 6, (i + 1) * 6);
  return {
    images: { dtype: 'uint8', shape: [count, 2, 3], data: pixels },
    labels: { dtype: 'uint8', shape: [count], data: Uint8Array.from({ length: count }, (_, i) => i % 10) },
  };
}

function idsOf(set: LabeledImages): number[] {
  return Array.from({ length: set.count }, (_, k) => set.pixels[k * set.rows * set.cols]!);
}

describe('labeledImages', () => {
  it('pairs images with labels, sharing their storage', () => {
    const { images, labels } = numbered(12);
    const set = labeledImages(images, labels);
    expect(set).toMatchObject({ count: 12, rows: 2, cols: 3, classes: 10 });
    expect(set.pixels).toBe(images.data);
    expect(set.labels).toBe(labels.data);
  });

  it('rejects images that are not uint8 of rank 3', () => {
    const { labels } = numbered(2);
    const flat: IdxTensor = { dtype: 'uint8', shape: [2, 6], data: new Uint8Array(12) };
    expect(() => labeledImages(flat, labels, 'flat.idx')).toThrow(
      'flat.idx: expected images as uint8 of shape [count, rows, cols], found uint8 of shape [2, 6]',
    );
    const floats: IdxTensor = { dtype: 'float32', shape: [2, 2, 3], data: new Float32Array(12) };
    expect(() => labeledImages(floats, labels)).toThrow(DatasetError);
  });

  it('rejects labels that are not uint8 of rank 1', () => {
    const { images } = numbered(2);
    const wide: IdxTensor = { dtype: 'int32', shape: [2], data: new Int32Array(2) };
    expect(() => labeledImages(images, wide)).toThrow('labeled images: expected labels as uint8 of shape [count], found int32 of shape [2]');
  });

  it('rejects a different number of labels and images', () => {
    const { images } = numbered(3);
    const { labels } = numbered(2);
    expect(() => labeledImages(images, labels, 'pair')).toThrow('pair: expected as many labels as images (3), found 2 labels');
  });

  it('rejects a label at or beyond the class count, and accepts it with more classes', () => {
    const { images, labels } = numbered(3);
    (labels.data as Uint8Array)[1] = 12;
    expect(() => labeledImages(images, labels, 'letters')).toThrow('letters: expected labels below 10 (the class count), found label 12 at index 1');
    expect(labeledImages(images, labels, 'letters', 13).classes).toBe(13);
    expect(() => labeledImages(images, labels, 'x', 0)).toThrow(/class count that is an integer in 1 \.\. 256/);
  });
});

describe('subset', () => {
  it('is a view of consecutive examples', () => {
    const { images, labels } = numbered(10);
    const set = labeledImages(images, labels);
    const part = subset(set, 3, 4);
    expect(part.count).toBe(3);
    expect(idsOf(part)).toEqual([4, 5, 6]);
    expect(Array.from(part.labels)).toEqual([4, 5, 6]);
    expect(part.pixels.buffer).toBe(set.pixels.buffer);
    expect(part.pixels.length).toBe(18);
    expect(idsOf(subset(set, 2))).toEqual([0, 1]);
  });

  it('rejects a range outside the set', () => {
    const set = labeledImages(numbered(10).images, numbered(10).labels);
    expect(() => subset(set, 5, 6)).toThrow(
      'subset: expected a count and offset that are non-negative integers with offset + count ≤ 10, found count 5, offset 6',
    );
    expect(() => subset(set, -1)).toThrow(DatasetError);
  });
});

describe('trainValidationSplit', () => {
  const { images, labels } = numbered(100);
  const set = labeledImages(images, labels);

  it('splits into disjoint parts that together are the whole set', () => {
    const { train, validation } = trainValidationSplit(set, 30, new Rng(1));
    expect(train.count).toBe(70);
    expect(validation.count).toBe(30);
    expect(train.pixels.length).toBe(70 * 6);
    const t = idsOf(train),
      v = idsOf(validation);
    expect(new Set([...t, ...v]).size).toBe(100);
    // Each keeps the original order, and labels travel with their images.
    expect(t).toEqual([...t].sort((a, b) => a - b));
    expect(Array.from(validation.labels)).toEqual(v.map((i) => i % 10));
    // Every pixel of a copied image came along, not just the first.
    for (let k = 0; k < train.count; k++) {
      expect(Array.from(train.pixels.subarray(k * 6, k * 6 + 6))).toEqual(new Array(6).fill(t[k]));
    }
  });

  it('is seeded: same seed same split, another seed another', () => {
    const a = idsOf(trainValidationSplit(set, 10, new Rng(5)).validation);
    const b = idsOf(trainValidationSplit(set, 10, new Rng(5)).validation);
    const c = idsOf(trainValidationSplit(set, 10, new Rng(6)).validation);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('copies, so changing a part leaves the set alone', () => {
    const { train } = trainValidationSplit(set, 10, new Rng(2));
    const before = Array.from(set.pixels);
    train.pixels.fill(255);
    expect(Array.from(set.pixels)).toEqual(before);
  });

  it('rejects a validation count larger than the set', () => {
    expect(() => trainValidationSplit(set, 101, new Rng(1))).toThrow(
      'trainValidationSplit: expected a validation count that is an integer in 0 .. 100, found 101',
    );
  });
});
