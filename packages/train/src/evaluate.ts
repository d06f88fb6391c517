import type { Cost } from '@downhill/cost';
import { allocFloat32, argmaxRows, type Matrix, matrix, rowSlice } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import type { Examples } from './examples.js';

/** How a network does on a set of examples. */
export interface Evaluation {
  /** Fraction of examples whose largest output is the true class. */
  readonly accuracy: number;
  /** Examples whose largest output is the true class. */
  readonly correct: number;
  /** Examples evaluated. */
  readonly count: number;
  /** Mean cost over the set, when a cost was given. */
  readonly cost?: number;
  /** confusion[true][predicted] counts. */
  readonly confusion: number[][];
  /** The predicted class of each example, in order. */
  readonly predictions: Uint8Array;
}

/** Run the network on every example (in batches) and count what it gets right. */
export function evaluate(network: Network, examples: Examples, options: { batchSize?: number; cost?: Cost; limit?: number } = {}): Evaluation {
  const count = Math.min(options.limit ?? examples.count, examples.count);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, count));
  const { x, y } = batchBuffers(batchSize, examples.inputSize, examples.classes);
  const order = identity(count);
  const predicted = new Int32Array(batchSize);
  const predictions = new Uint8Array(count);
  const confusion = Array.from({ length: examples.classes }, () => new Array<number>(examples.classes).fill(0));
  let correct = 0,
    costSum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const xb = size === batchSize ? x : rowSlice(x, 0, size);
    const yb = size === batchSize ? y : rowSlice(y, 0, size);
    examples.batch(order, start, size, xb, yb);
    const output = network.forward(xb);
    if (options.cost) costSum += options.cost.value(output, yb) * size;
    argmaxRows(output, predicted);
    for (let i = 0; i < size; i++) {
      const truth = examples.label(start + i),
        guess = predicted[i]!;
      predictions[start + i] = guess;
      confusion[truth]![guess]!++;
      if (truth === guess) correct++;
    }
  }
  return {
    accuracy: count === 0 ? 0 : correct / count,
    correct,
    count,
    ...(options.cost ? { cost: costSum / count } : {}),
    confusion,
    predictions,
  };
}

// Evaluation runs after every epoch, on the training set too: its batch
// buffers (in the kernels' memory, so the products read them in place) and
// the identity order are made once per shape and kept, not made afresh each
// time (megabytes of garbage an epoch, which a long run's memory would show).
const buffers = new Map<string, { x: Matrix; y: Matrix }>();
function batchBuffers(rows: number, inputs: number, classes: number): { x: Matrix; y: Matrix } {
  const key = `${rows} ${inputs} ${classes}`;
  let found = buffers.get(key);
  if (found === undefined) {
    // A handful of shapes at most in a run; a program evaluating many shapes keeps only the last few.
    if (buffers.size >= 4) buffers.delete(buffers.keys().next().value!);
    found = { x: matrix(rows, inputs, allocFloat32(rows * inputs)), y: matrix(rows, classes, allocFloat32(rows * classes)) };
    buffers.set(key, found);
  }
  return found;
}

let identityOrder = new Uint32Array(0);
function identity(count: number): Uint32Array {
  if (identityOrder.length < count) identityOrder = Uint32Array.from({ length: count }, (_, i) => i);
  return identityOrder;
}
