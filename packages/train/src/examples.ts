import { type LabeledImages, type PointSet, pointsToBatch, toBatch } from '@downhill/datasets';
import type { Matrix } from '@downhill/linalg';

/**
 * What the training loop needs of a data set: how many examples, their size,
 * and a way to copy a batch of them (chosen by index) into matrices, one
 * example a row, the targets one-hot.
 */
export interface Examples {
  /** Number of examples. */
  readonly count: number;
  /** Numbers per example: the network's input size. */
  readonly inputSize: number;
  /** Number of classes: the length of a one-hot target, the network's output size. */
  readonly classes: number;
  /** Fill x (size × inputSize) and y (size × classes) with examples indices[start .. start+size). */
  batch(indices: ArrayLike<number>, start: number, size: number, x: Matrix, y: Matrix): void;
  /** The class label of example i. */
  label(i: number): number;
}

/** Images with labels (MNIST and any IDX set) as training examples. */
export function imageExamples(set: LabeledImages): Examples {
  return {
    count: set.count,
    inputSize: set.rows * set.cols,
    classes: set.classes,
    batch: (indices, start, size, x, y) => toBatch(set, indices, start, size, x, y),
    label: (i) => set.labels[i]!,
  };
}

/** Labelled points in the plane (the synthetic 2-D sets) as training examples. */
export function pointExamples(set: PointSet): Examples {
  return {
    count: set.count,
    inputSize: 2,
    classes: set.classes,
    batch: (indices, start, size, x, y) => pointsToBatch(set, indices, start, size, x, y),
    label: (i) => set.labels[i]!,
  };
}
