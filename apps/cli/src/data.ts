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
  return {
    train: limited(train, options.limit, '--limit'),
    test: limited(test, options.testLimit, '--test-limit'),
    name: options.data ?? 'MNIST',
  };
}

function limited(set: LabeledImages, limit: number | undefined, flag: string): LabeledImages {
  if (limit === undefined) return set;
  if (limit < 1) throw new UsageError(`${flag}: expected a positive number of examples, found ${limit}`);
  return limit >= set.count ? set : subset(set, limit);
}
