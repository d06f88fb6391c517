// A set of labelled images, as MNIST is: pixels kept as bytes (all of MNIST is
// about 55 MB this way, four times less than as floats) and scaled to [0, 1]
// only when a mini-batch is built.
import type { Rng } from '@downhill/linalg';
import { DatasetError } from './errors.js';
import type { IdxTensor } from './idx.js';
import { shuffledIndices } from './shuffle.js';

/**
 * A set of labeled images, as MNIST is: pixels kept as bytes and scaled to [0, 1] only when a mini-batch is
 * built.
 */
export interface LabeledImages {
  /** Number of examples. */
  count: number;
  /** Height of each image, in pixels. */
  rows: number;
  /** Width of each image, in pixels. */
  cols: number;
  /** count × rows × cols bytes, 0 (background) .. 255 (ink), row-major, one image after another. */
  pixels: Uint8Array;
  /** One label per image, each below `classes`. */
  labels: Uint8Array;
  /** Number of classes: the length of a one-hot target. */
  classes: number;
}

function describe(t: IdxTensor): string {
  return `${t.dtype} of shape [${t.shape.join(', ')}]`;
}

/**
 * Pair an images tensor (uint8, count × rows × cols) with a labels tensor
 * (uint8, count) into a set, checking that they belong together. `classes`
 * defaults to 10 (digits); a label at or beyond it is an error.
 */
export function labeledImages(images: IdxTensor, labels: IdxTensor, source = 'labeled images', classes = 10): LabeledImages {
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new DatasetError(source, 'a class count that is an integer in 1 .. 256 (labels are bytes)', `${classes}`);
  }
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new DatasetError(source, 'images as uint8 of shape [count, rows, cols]', describe(images));
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DatasetError(source, 'labels as uint8 of shape [count]', describe(labels));
  }
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new DatasetError(source, `as many labels as images (${count})`, `${labels.shape[0]} labels`);
  }
  const labelBytes = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (labelBytes[i]! >= classes) {
      throw new DatasetError(source, `labels below ${classes} (the class count)`, `label ${labelBytes[i]} at index ${i}`);
    }
  }
  return { count, rows, cols, pixels: images.data as Uint8Array, labels: labelBytes, classes };
}

/**
 * Examples `offset .. offset + count` as a new set sharing `set`'s storage
 * (no copy): for instance MNIST's usual split, `subset(train, 50_000)` and
 * `subset(train, 10_000, 50_000)`.
 */
export function subset(set: LabeledImages, count: number, offset = 0): LabeledImages {
  if (!Number.isInteger(count) || !Number.isInteger(offset) || count < 0 || offset < 0 || offset + count > set.count) {
    throw new DatasetError(
      'subset',
      `a count and offset that are non-negative integers with offset + count ≤ ${set.count}`,
      `count ${count}, offset ${offset}`,
    );
  }
  const size = set.rows * set.cols;
  return {
    ...set,
    count,
    pixels: set.pixels.subarray(offset * size, (offset + count) * size),
    labels: set.labels.subarray(offset, offset + count),
  };
}

/** The examples at `indices`, in that order, copied into a new set. */
function gather(set: LabeledImages, indices: ArrayLike<number>): LabeledImages {
  const size = set.rows * set.cols;
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    pixels.set(set.pixels.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = set.labels[i]!;
  }
  return { ...set, count: indices.length, pixels, labels };
}

/**
 * Hold out `validationCount` examples chosen at random (by `rng`) as a
 * validation set; the rest are the training set. Both are copies, and each
 * keeps the examples in their original relative order.
 */
export function trainValidationSplit(set: LabeledImages, validationCount: number, rng: Rng): { train: LabeledImages; validation: LabeledImages } {
  if (!Number.isInteger(validationCount) || validationCount < 0 || validationCount > set.count) {
    throw new DatasetError('trainValidationSplit', `a validation count that is an integer in 0 .. ${set.count}`, `${validationCount}`);
  }
  const order = shuffledIndices(set.count, rng);
  const validation = order.subarray(0, validationCount).sort();
  const train = order.subarray(validationCount).sort();
  return { train: gather(set, train), validation: gather(set, validation) };
}
