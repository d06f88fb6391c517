// Small statistics the experiments report about a run. The measurements of
// pictures live in @downhill/viz (neighborCorrelation, maskedNorm, ...) and
// blankPixels in @downhill/datasets.
import { argmaxRows, matrix } from '@downhill/linalg';

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length === 0 ? Number.NaN : s / values.length;
}

/** The largest output of each row and where it is: the network's confidence and answer. */
export function rowMax(outputs: Float32Array, classes: number): { max: Float32Array; argmax: Int32Array } {
  const argmax = argmaxRows(matrix(outputs.length / classes, classes, outputs));
  const max = Float32Array.from(argmax, (best, r) => outputs[r * classes + best]!);
  return { max, argmax };
}
