// Fuzzing the safetensors reader and loadModel (issue #8): random bytes, real
// model files mutated, and the same files with only their JSON header mutated
// (and its length mended, so the damage reaches the checks behind it).
// Whatever the input, the reader returns or throws its own error type with a
// one-line message, and allocates no more than the bounds below.
// `pnpm test` runs a few hundred cases; `pnpm fuzz` many more.
import { Rng } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationOf, fuzzParameters, mutated } from '../../../shared/fuzz.test-util.js';
import { rawSafetensors } from '../test/hostile-models.js';
import { CHECKPOINT_METADATA, ModelFormatError, loadModel, saveModel } from './model-file.js';
import { Network } from './network.js';
import { SafetensorsFormatError, decodeSafetensors } from './safetensors.js';
import { sequentialSpec } from './spec.js';

const small = Network.create(sequentialSpec([4, 3, 2], 'relu', 'softmax'), { rng: new Rng(1), init: 'he' });
const mnistLike = Network.create(sequentialSpec([49, 16, 10], 'sigmoid'), { rng: new Rng(2), init: 'lecun' });
const state = (n: number) => [
  { name: 'optimizer.m', dtype: 'F32' as const, shape: [n], data: new Float32Array(n).fill(0.25) },
  { name: 'average.params', dtype: 'F32' as const, shape: [n], data: new Float32Array(n).fill(-1) },
];
const files = [
  saveModel(small, { cost: 'cross-entropy' }),
  saveModel(mnistLike, { cost: 'quadratic', note: 'fuzz' }),
  saveModel(small, { [CHECKPOINT_METADATA]: '{"epoch":3}' }, state(small.params.length)),
  // Files another tool wrote (issue #12): nn.Sequential's names and fcN, F32 and F16, no architecture.
  rawSafetensors(
    '{"__metadata__":{"format":"pt"},"0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"0.bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},' +
      '"2.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[24,32]},"2.bias":{"dtype":"F32","shape":[1],"data_offsets":[32,36]}}',
    new Uint8Array(Float32Array.from([0.5, -1, 2, 0.25, 0, 1, -0.5, 1.5, 0.125]).buffer), // the machine's float32 bytes: any bytes do for fuzzing
  ),
  rawSafetensors(
    '{"fc1.weight":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]},"fc1.bias":{"dtype":"F16","shape":[2],"data_offsets":[12,16]},' +
      '"fc2.weight":{"dtype":"BF16","shape":[2,2],"data_offsets":[16,24]},"fc2.bias":{"dtype":"F64","shape":[2],"data_offsets":[24,40]}}',
    Uint8Array.from({ length: 40 }, (_, i) => (i % 2 === 1 && i < 24 ? 0x3c : 0)),
  ),
  // Every dtype the reader converts.
  rawSafetensors(
    '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"bf":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},' +
      '"d":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]},"s":{"dtype":"F32","shape":[],"data_offsets":[16,20]}}',
    Uint8Array.from([0, 0x3c, 0, 0xc0, 1, 0, 0xc0, 0x3f, 0, 0, 0, 0, 0, 0, 0xd0, 0x3f, 0, 0, 0xe0, 0x40]),
  ),
];

/** A file's JSON header mutated as text, then framed again with its true length and the original data. */
function headerMutated(): fc.Arbitrary<Uint8Array> {
  const parts = files.map((bytes) => {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    return { header: bytes.subarray(8, 8 + length), data: bytes.subarray(8 + length) };
  });
  return fc.nat({ max: parts.length - 1 }).chain((i) =>
    mutated([parts[i]!.header]).map((header) => {
      const out = new Uint8Array(8 + header.length + parts[i]!.data.length);
      new DataView(out.buffer).setUint32(0, header.length, true);
      out.set(header, 8);
      out.set(parts[i]!.data, 8 + header.length);
      return out;
    }),
  );
}

const edgeNumbers = [0, 1, 2, 3, 4, 8, 12, 16, 49, 784, 1e9, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 1e300, -1, 1.5, Number.NaN];
const edge = fc.oneof(fc.constantFrom<unknown>(...edgeNumbers, null, '3', [], {}), fc.integer({ min: 0, max: 200 }));

/** One change to a parsed header: a field of a tensor, the architecture, a tensor's name, or a tensor more or less. */
const headerChange = fc.record({
  kind: fc.constantFrom('offsets', 'shape', 'dtype', 'units', 'inputSize', 'activation', 'rename', 'remove', 'alias', 'marker', 'duplicate'),
  pick: fc.nat(),
  values: fc.array(edge, { minLength: 1, maxLength: 3 }),
  name: fc.constantFrom(
    'layers.0.weight',
    'layers.1.bias',
    'layers.2.weight',
    '1.weight',
    '4.bias',
    'fc1.weight',
    'fc0.bias',
    'optimizer.v',
    'average.params',
    'stray',
    '__proto__',
    '',
  ),
  dtype: fc.constantFrom<unknown>('F32', 'F16', 'BF16', 'F64', 'I8', '', null, 'toString'),
  activation: fc.constantFrom<unknown>('relu', 'softmax', 'sigmoid', 'swish', null, 7),
});

type HeaderChange = typeof headerChange extends fc.Arbitrary<infer T> ? T : never;

function changeHeader(text: string, changes: HeaderChange[]): string {
  const header = JSON.parse(text) as Record<string, Record<string, unknown>>;
  const meta = (header.__metadata__ ?? {}) as Record<string, string>;
  let duplicate = '';
  for (const { kind, pick, values, name, dtype, activation } of changes) {
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    const tensor = names.length > 0 ? header[names[pick % names.length]!]! : undefined;
    let spec: { inputSize?: unknown; layers?: Record<string, unknown>[] } = {};
    try {
      spec = JSON.parse(meta.architecture ?? '{}');
    } catch {}
    const layer = Array.isArray(spec.layers) && spec.layers.length > 0 ? spec.layers[pick % spec.layers.length] : undefined;
    if (kind === 'offsets' && tensor) tensor.data_offsets = values.slice(0, 2);
    if (kind === 'shape' && tensor) tensor.shape = values;
    if (kind === 'dtype' && tensor) tensor.dtype = dtype;
    if (kind === 'units' && layer) layer.units = values[0];
    if (kind === 'activation' && layer) layer.activation = activation;
    if (kind === 'inputSize') spec.inputSize = values[0];
    if (kind === 'rename' && tensor) {
      delete header[names[pick % names.length]!];
      header[name] = tensor;
    }
    if (kind === 'remove' && tensor) delete header[names[pick % names.length]!];
    if (kind === 'alias' && tensor) header[name] = { ...tensor };
    if (kind === 'marker') {
      if (CHECKPOINT_METADATA in meta) delete meta[CHECKPOINT_METADATA];
      else meta[CHECKPOINT_METADATA] = '{}';
    }
    if (kind === 'duplicate' && names.length > 0) duplicate = `,${JSON.stringify(names[pick % names.length])}:${JSON.stringify(tensor)}`;
    if (meta.architecture !== undefined && ['units', 'activation', 'inputSize'].includes(kind)) meta.architecture = JSON.stringify(spec);
  }
  if (Object.keys(meta).length > 0) header.__metadata__ = meta;
  const out = JSON.stringify(header);
  return duplicate ? `${out.slice(0, -1)}${duplicate}}` : out;
}

/** A file's header parsed, changed field by field, and written back with its true length and the original data. */
function headerChanged(): fc.Arbitrary<Uint8Array> {
  return fc.record({ file: fc.constantFrom(...files), changes: fc.array(headerChange, { minLength: 1, maxLength: 4 }) }).map(({ file, changes }) => {
    const length = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
    const text = changeHeader(new TextDecoder().decode(file.subarray(8, 8 + length)), changes);
    return rawSafetensors(text, file.subarray(8 + length));
  });
}

/** The reader converts F16 and BF16 to float32, at most doubling the data; and change. */
const readerBound = (input: Uint8Array) => 2 * input.length + (64 << 10);
/** loadModel: the decoded tensors, the parameter vector, the network's copy of it and its gradient. */
const modelBound = (input: Uint8Array) => 8 * input.length + (64 << 10);

function check(call: () => unknown, bound: number, own: (e: unknown) => boolean): void {
  const started = performance.now();
  const { bytes, error } = allocationOf(call);
  // A hang detector, not a speed test: 10 s is the reliability bound, far past any read of a few kilobytes.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(bytes).toBeLessThanOrEqual(bound);
  if (error !== undefined) {
    if (!own(error)) throw error;
    const { message } = error as Error;
    expect(message.startsWith('fuzz.safetensors: ')).toBe(true);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(400);
  }
}

const readerCheck = (input: Uint8Array) =>
  check(
    () => decodeSafetensors(input, 'fuzz.safetensors'),
    readerBound(input),
    (e) => e instanceof SafetensorsFormatError,
  );
/** Each input as it is, and with activations given for a file that does not say them (as `--activation relu --output softmax` does). */
const modelCheck = (input: Uint8Array) => {
  const own = (e: unknown) => e instanceof SafetensorsFormatError || e instanceof ModelFormatError;
  check(() => loadModel(input, 'fuzz.safetensors'), modelBound(input), own);
  check(() => loadModel(input, { source: 'fuzz.safetensors', activation: 'relu', output: 'softmax' }), modelBound(input), own);
};

describe('the safetensors reader under fuzzing', () => {
  it('random bytes, some with a plausible header length', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ maxLength: 300 }).map((text) => rawSafetensors(text)),
    );
    fc.assert(fc.property(input, readerCheck), fuzzParameters(400));
  });

  it('mutated real files', () => {
    fc.assert(fc.property(mutated(files), readerCheck), fuzzParameters(300));
  });

  it('real files with their JSON header mutated', () => {
    fc.assert(fc.property(headerMutated(), readerCheck), fuzzParameters(300));
  });

  it('real files with their header changed field by field', () => {
    fc.assert(fc.property(headerChanged(), readerCheck), fuzzParameters(300));
  });
});

describe('loadModel under fuzzing', () => {
  it('mutated real model files and checkpoints', () => {
    fc.assert(fc.property(mutated(files), modelCheck), fuzzParameters(300));
  });

  it('real model files and checkpoints with their JSON header mutated', () => {
    fc.assert(fc.property(headerMutated(), modelCheck), fuzzParameters(300));
  });

  it('real model files and checkpoints with their header and architecture changed field by field', () => {
    fc.assert(fc.property(headerChanged(), modelCheck), fuzzParameters(400));
  });
});
