// Helpers for the decoder packages' *.fuzz.test.ts (datasets, network, train,
// viz), shared as error-codes.test-util.ts is: how long to fuzz, mutated bytes
// from a real file, and how much memory one call allocated.
import fc from 'fast-check';
import { concat } from './bytes.test-util.js';

/** `pnpm fuzz` runs vitest with `--mode fuzz`: the same properties, a hundred times as many runs. */
export const fuzzing = (import.meta as { env?: { MODE?: string } }).env?.MODE === 'fuzz';

/**
 * fast-check parameters: `runs` runs in `pnpm test`, stopped after 4 seconds
 * whatever the count; under `pnpm fuzz`, 100 × `runs` (or FUZZ_RUNS), stopped after 5 minutes.
 */
export function fuzzParameters(runs: number): fc.Parameters<unknown> {
  const many = Number(process.env.FUZZ_RUNS) || 100 * runs;
  return { numRuns: fuzzing ? many : runs, interruptAfterTimeLimit: fuzzing ? 5 * 60_000 : 4_000, markInterruptAsFailure: false };
}

/** Values that make length and count fields interesting. */
const edgeWords = [0, 1, 2, 3, 4, 7, 8, 255, 256, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'word'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('word' as const), at: fc.nat(), value: fc.constantFrom(...edgeWords) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
      times: fc.integer({ min: 1, max: 8 }),
    }),
  },
);

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const at = n === 0 ? 0 : m.at % n;
  switch (m.kind) {
    case 'set': {
      const out = bytes.slice();
      if (n > 0) out[at] = m.value;
      return out;
    }
    case 'word': {
      const out = bytes.slice();
      // Either byte order: IDX and PNG are big-endian, gzip and safetensors little-endian.
      for (let i = 0; i < 4 && at + i < n; i++) out[at + i] = (m.value >>> (m.at % 2 ? 8 * i : 24 - 8 * i)) & 255;
      return out;
    }
    case 'cut':
      return bytes.slice(0, at);
    case 'insert':
      return concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
    case 'repeat': {
      const piece = bytes.subarray(at, at + m.length);
      return concat(bytes.subarray(0, at), ...Array.from({ length: m.times + 1 }, () => piece), bytes.subarray(at + m.length));
    }
  }
}

/** One of `files`, with one to eight mutations: changed bytes and words, cuts, insertions, deletions, repeats. */
export function mutated(files: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .record({ file: fc.constantFrom(...files), mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }) })
    .map(({ file, mutations }) => mutations.reduce(apply, file));
}

const CONSTRUCTORS = [
  'ArrayBuffer',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
] as const;

/**
 * Run `fn` and count the bytes it allocated: every ArrayBuffer and typed
 * array made with `new` or `from` while it runs (views of existing buffers
 * cost nothing), or the growth of `process.memoryUsage().arrayBuffers` if
 * that is more (it also sees what libraries allocate through aliases they
 * took at import time).
 */
export function allocationOf<T>(fn: () => T): { bytes: number; result?: T; error?: unknown } {
  const g = globalThis as unknown as Record<string, unknown>;
  const originals = CONSTRUCTORS.map((name) => g[name] as { BYTES_PER_ELEMENT?: number } & (new (...args: unknown[]) => object));
  const OriginalArrayBuffer = ArrayBuffer;
  let counted = 0;
  CONSTRUCTORS.forEach((name, i) => {
    const original = originals[i]!;
    const perElement = original.BYTES_PER_ELEMENT ?? 1;
    g[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        const [first] = args as unknown[];
        if (typeof first === 'number') counted += first * perElement;
        else if (first !== null && typeof first === 'object' && !(first instanceof OriginalArrayBuffer) && 'length' in first) {
          counted += Number((first as { length: number }).length) * perElement;
        }
        return Reflect.construct(target, args, newTarget);
      },
    });
  });
  const before = process.memoryUsage().arrayBuffers;
  let outcome: { result?: T; error?: unknown };
  try {
    outcome = { result: fn() };
  } catch (error) {
    outcome = { error };
  } finally {
    CONSTRUCTORS.forEach((name, i) => {
      g[name] = originals[i];
    });
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  return { bytes: Math.max(counted, grown), ...outcome };
}
