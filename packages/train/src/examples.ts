import { type LabeledImages, type PointSet, pointsToBatch, toBatch } from '@downhill/datasets';
import { type Matrix, matrix, type SparseRows } from '@downhill/linalg';

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
  /**
   * Fill x (size × inputSize) and y (size × classes) with examples indices[start .. start+size).
   * Given `listed`, a set may also list x's non-zeros into it (images: most pixels are 0) and
   * return true; the network then takes `listed` in x's place.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a set that lists nothing may return nothing, as before `listed` existed.
  batch(indices: ArrayLike<number>, start: number, size: number, x: Matrix, y: Matrix, listed?: SparseRows): boolean | void;
  /** The class label of example i. */
  label(i: number): number;
}

/** Images with labels (MNIST and any IDX set) as training examples. */
export function imageExamples(set: LabeledImages): Examples {
  return {
    count: set.count,
    inputSize: set.rows * set.cols,
    classes: set.classes,
    batch: (indices, start, size, x, y, listed) => {
      toBatch(set, indices, start, size, x, y, listed);
      return listed !== undefined;
    },
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

/** Examples start … start + count − 1, in order, as one mini-batch: x (count × inputSize) and the one-hot targets y. */
export function consecutiveBatch(examples: Examples, start: number, count: number): { x: Matrix; y: Matrix } {
  const x = matrix(count, examples.inputSize),
    y = matrix(count, examples.classes);
  examples.batch(
    Uint32Array.from({ length: count }, (_, i) => start + i),
    0,
    count,
    x,
    y,
  );
  return { x, y };
}
