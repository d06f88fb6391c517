import { Rng, matrix } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { allocationOf } from '../../../shared/fuzz.test-util.js';
import { hugeArchitecture } from '../test/hostile-models.js';
import { CHECKPOINT_METADATA, CHECKPOINT_TENSOR_PREFIXES, ModelFormatError, loadModel, saveModel } from './model-file.js';
import { Network } from './network.js';
import { SafetensorsFormatError, decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { sequentialSpec } from './spec.js';

const spec = sequentialSpec([4, 3, 2], 'relu', 'softmax');
const network = () => Network.create(spec, { rng: new Rng(7), init: 'he' });

/** A file with the right metadata but hand-picked tensors. */
function withTensors(tensors: { name: string; shape: number[] }[], architecture = JSON.stringify(spec)): Uint8Array {
  return encodeSafetensors(
    tensors.map(({ name, shape }) => ({ name, dtype: 'F32', shape, data: new Float32Array(shape.reduce((p, d) => p * d, 1)) })),
    { format: 'downhill', architecture },
  );
}
const goodTensors = [
  { name: 'layers.0.weight', shape: [3, 4] },
  { name: 'layers.0.bias', shape: [3] },
  { name: 'layers.1.weight', shape: [2, 3] },
  { name: 'layers.1.bias', shape: [2] },
];

describe('saveModel / loadModel', () => {
  it('round-trips the network bit for bit, with the caller metadata', () => {
    const net = network();
    const bytes = saveModel(net, { optimizer: 'sgd', epochs: '30' });
    const { network: loaded, metadata } = loadModel(bytes, 'model.safetensors');
    expect(metadata).toEqual({ optimizer: 'sgd', epochs: '30' });
    expect(loaded.spec).toEqual(net.spec);
    // The bits of the parameters alone (params may be a view into the kernels' memory).
    const bits = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);
    expect(bits(loaded.params)).toEqual(bits(net.params));
    const x = matrix(2, 4, Float32Array.from([1, 0, -1, 2, 0.5, 0.5, 0, 3]));
    expect(loaded.forward(x).data).toEqual(net.forward(x).data);
    // and the loaded metadata can go straight back in: the same bytes
    expect(saveModel(loaded, metadata)).toEqual(bytes);
  });

  it('writes the same bytes for the same network and metadata', () => {
    expect(saveModel(network(), { b: '1', a: '2' })).toEqual(saveModel(network(), { a: '2', b: '1' }));
  });

  it("writes PyTorch-style tensors any safetensors reader understands, and downhill's metadata", () => {
    const net = network();
    const { tensors, metadata } = decodeSafetensors(saveModel(net));
    expect([...tensors.keys()]).toEqual(goodTensors.map((t) => t.name));
    expect(tensors.get('layers.0.weight')!.shape).toEqual([3, 4]);
    expect(tensors.get('layers.1.bias')!.data).toEqual(net.layers[1]!.bias);
    expect(metadata.format).toBe('downhill');
    expect(JSON.parse(metadata.architecture!)).toEqual({
      inputSize: 4,
      layers: [
        { units: 3, activation: 'relu' },
        { units: 2, activation: 'softmax' },
      ],
    });
  });

  it('refuses to let caller metadata overwrite format or architecture', () => {
    expect(() => saveModel(network(), { format: 'mine' })).toThrow(ModelFormatError);
    expect(() => saveModel(network(), { architecture: '{}' })).toThrow("saveModel: metadata key 'architecture' is reserved");
  });
});

describe('loadModel rejects files that do not match their architecture', () => {
  const cases: [string, Uint8Array, string][] = [
    ['a missing tensor', withTensors(goodTensors.slice(0, 3)), "missing tensor 'layers.1.bias' (expected shape [2], found no such tensor)"],
    [
      'an extra tensor',
      withTensors([...goodTensors, { name: 'layers.2.weight', shape: [1, 2] }]),
      "extra tensor 'layers.2.weight' (expected only layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias, found 'layers.2.weight')",
    ],
    [
      'a wrong shape',
      withTensors([{ name: 'layers.0.weight', shape: [4, 3] }, ...goodTensors.slice(1)]),
      "tensor 'layers.0.weight' does not match the architecture (expected shape [3, 4], found [4, 3])",
    ],
    ['an architecture that is not JSON', withTensors(goodTensors, '{inputSize: 4'), 'architecture is not JSON (expected a JSON NetworkSpec, found '],
    [
      'an architecture that is not a network',
      withTensors(goodTensors, '{"inputSize":4,"layers":[{"units":3,"activation":"swish"}]}'),
      'architecture is not a valid network (spec.layers[0].activation) (expected one of sigmoid, tanh, relu, identity, softmax, found "swish")',
    ],
    [
      'a file with neither an architecture nor tensors',
      encodeSafetensors([], { format: 'downhill' }),
      "no layers (expected tensors named layers.N.weight/bias, N.weight/bias (nn.Sequential's numbering) or fcN.weight/bias, found no tensors)",
    ],
    ['a missing layer', withTensors(goodTensors.slice(0, 2)), "missing tensor 'layers.1.weight' (expected shape [2, 3], found no such tensor)"],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => loadModel(bytes, 'model.safetensors')).toThrow(ModelFormatError);
      expect(() => loadModel(bytes, 'model.safetensors')).toThrow(`model.safetensors: ${message}`);
    });
  }

  it('rejects a weight that is NaN or infinite, naming the tensor and the index', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const net = network();
      net.layers[1]!.bias[1] = bad;
      expect(() => loadModel(saveModel(net), 'model.safetensors')).toThrow(
        `model.safetensors: tensor 'layers.1.bias' holds a number that is not finite at index 1 (expected finite weights, found ${bad})`,
      );
    }
  });

  it('passes on safetensors errors (e.g. a truncated file) with the source', () => {
    const bytes = saveModel(network());
    expect(() => loadModel(bytes.subarray(0, bytes.length - 4), 'm.safetensors')).toThrow(SafetensorsFormatError);
    expect(() => loadModel(bytes.subarray(0, bytes.length - 4), 'm.safetensors')).toThrow(/^m\.safetensors: /);
  });

  it('accepts a hand-made file without a format key if its architecture fits', () => {
    const bytes = encodeSafetensors(
      goodTensors.map(({ name, shape }) => ({ name, dtype: 'F32', shape, data: new Float32Array(shape.reduce((p, d) => p * d, 1)).fill(0.5) })),
      { architecture: JSON.stringify(spec) },
    );
    const { network: net } = loadModel(bytes);
    expect(net.params.every((p) => p === 0.5)).toBe(true);
  });
});

// Issue #8, "Trust at the edges".
describe('loadModel on hostile files', () => {
  function errorOf(bytes: Uint8Array): string {
    const { bytes: allocated, error } = allocationOf(() => loadModel(bytes, 'h.safetensors'));
    expect(error).toBeInstanceOf(ModelFormatError);
    expect(allocated).toBeLessThan(4 * bytes.length + 4096);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(300);
    return message;
  }

  it('checks an architecture of 1e9 units against the tensors before allocating, and names the file', () => {
    expect(errorOf(hugeArchitecture(1e9))).toBe(
      'h.safetensors: architecture is not a valid network (spec.layers[0].units) (expected at most 4294967295 weights and biases in all (one Float32Array), found 1000000000 units, making 785000000000)',
    );
    expect(errorOf(hugeArchitecture(1e6))).toBe(
      "h.safetensors: tensor 'layers.0.weight' does not match the architecture (expected shape [1000000, 784], found [1, 784])",
    );
  });

  it('keeps architecture errors to one short line', () => {
    const deep = `{"inputSize":${'['.repeat(100_000)}${']'.repeat(100_000)},"layers":[]}`;
    expect(errorOf(withTensors(goodTensors, deep))).toBe(
      'h.safetensors: architecture is not a valid network (spec.inputSize) (expected a positive integer, found [[[… (nested too deep to show))',
    );
    expect(errorOf(withTensors(goodTensors, `{"inputSize":"${'x'.repeat(10_000)}"}`))).toMatch(/found "x{59}…"\)$/);
  });

  it("loads a checkpoint's network, leaving out its optimizer state and weight average", () => {
    const net = network();
    const state = [
      { name: 'optimizer.m', dtype: 'F32' as const, shape: [net.params.length], data: new Float32Array(net.params.length) },
      { name: 'average.params', dtype: 'F32' as const, shape: [net.params.length], data: net.params.slice() },
    ];
    const checkpoint = saveModel(net, { [CHECKPOINT_METADATA]: '{"epoch":1}', cost: 'quadratic' }, state);
    const loaded = loadModel(checkpoint, 'ckpt.safetensors');
    expect(loaded.network.params).toEqual(net.params);
    expect(loaded.metadata.cost).toBe('quadratic');
    expect(loaded.extraTensors.size).toBe(0);
    expect(CHECKPOINT_TENSOR_PREFIXES).toEqual(['optimizer.', 'average.']);
    // The same tensors in a file that does not say it is a checkpoint are strays...
    expect(() => loadModel(saveModel(net, {}, state), 'model.safetensors')).toThrow(
      "model.safetensors: extra tensor 'optimizer.m' (expected only layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias, found 'optimizer.m')",
    );
    // ...and so is any other tensor in a checkpoint.
    const stray = saveModel(net, { [CHECKPOINT_METADATA]: '{}' }, [...state, { name: 'momentum', dtype: 'F32', shape: [1], data: new Float32Array(1) }]);
    expect(() => loadModel(stray, 'ckpt.safetensors')).toThrow(
      "ckpt.safetensors: extra tensor 'momentum' (expected only layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias and a checkpoint's optimizer.*, average.*, found 'momentum')",
    );
  });
});
