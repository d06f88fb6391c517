// Fuzzing loadCheckpoint (issue #8): a real checkpoint (and its tampered
// variants) mutated byte by byte, and its checkpoint metadata changed field by
// field. Whatever the input, loadCheckpoint returns a checkpoint or throws a
// ModelFormatError or SafetensorsFormatError with a one-line message naming the
// file, allocating no more than the bound below. `pnpm test` runs a few hundred
// cases; `pnpm fuzz` many more.
import { ModelFormatError, SafetensorsFormatError } from '@downhill/network';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationOf, fuzzParameters, mutated } from '../../../shared/fuzz.test-util.js';
import { hostileCheckpoints, smallCheckpoint, tamper } from '../test/hostile-checkpoints.js';
import { loadCheckpoint } from './checkpoint.js';

const good = smallCheckpoint();
const files = [good, ...Object.values(hostileCheckpoints())];

/** The decoded tensors, the network's parameters and gradient, a throwaway optimizer's slots; and change. */
const bound = (input: Uint8Array) => 12 * input.length + (64 << 10);

function check(input: Uint8Array): void {
  const started = performance.now();
  const { bytes, result, error } = allocationOf(() => loadCheckpoint(input, 'fuzz.ckpt'));
  // A hang detector, not a speed test: 10 s is the reliability bound, far past any load of a few kilobytes.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(bytes).toBeLessThanOrEqual(bound(input));
  if (error !== undefined) {
    if (!(error instanceof ModelFormatError || error instanceof SafetensorsFormatError)) throw error;
    expect(error.message.startsWith('fuzz.ckpt: ')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
  } else {
    // What loads is what a resumed run can use.
    expect(Number.isSafeInteger(result!.epoch) && result!.epoch >= 0).toBe(true);
    expect(result!.rngState).toHaveLength(5);
    for (const slot of Object.values(result!.optimizer.slots)) expect(slot.length).toBe(result!.network.params.length);
  }
}

// Copied on every use: one shared {} set at two paths would make the metadata circular.
const edge = fc
  .constantFrom<unknown>(0, 1, 2, -1, 1.5, 2 ** 32, 2 ** 53, 1e300, null, 'x', [], {}, [1, 2, 3, 4, null], [0, 0, 0, 0, null])
  .map((value) => structuredClone(value));

describe('loadCheckpoint under fuzzing', () => {
  it('real checkpoints mutated byte by byte', () => {
    fc.assert(fc.property(mutated(files), check), fuzzParameters(300));
  });

  it('a real checkpoint with its checkpoint metadata changed field by field', () => {
    const change = fc.record({
      path: fc.constantFrom(
        'epoch',
        'rng',
        'optimizer',
        'optimizer.name',
        'optimizer.t',
        'optimizer.hyper',
        'optimizer.hyper.beta1',
        'average',
        'average.from',
        'average.count',
        'extra',
      ),
      value: edge,
    });
    const input = fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) =>
      tamper(good, ({ checkpoint }) => {
        for (const { path, value } of changes) {
          const keys = path.split('.');
          let at = checkpoint as Record<string, unknown>;
          for (const key of keys.slice(0, -1)) {
            if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
            at = at[key] as Record<string, unknown>;
          }
          at[keys.at(-1)!] = value;
        }
      }),
    );
    fc.assert(fc.property(input, check), fuzzParameters(300));
  });
});
