// loadModel on safetensors files written by other tools (issue #12): a
// PyTorch state_dict has only tensors, named after its modules, and often
// {"format": "pt"} as metadata. Layer sizes come from the shapes; the
// activations, which no tensor says, from the options.
import { Rng, fromRows } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { rawSafetensors } from '../test/hostile-models.js';
import { UnknownNameError } from './errors.js';
import { ActivationsUnknownError, ModelFormatError, loadModel, saveModel } from './model-file.js';
import { Network } from './network.js';
import { SafetensorsFormatError, decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { sequentialSpec } from './spec.js';

type Dtype = 'F32' | 'F64' | 'F16' | 'BF16';

/** Every weight and bias k/8 for small k: exact in F16 and BF16 too. */
function lessonLike(sizes: number[], hidden: 'sigmoid' | 'relu' | 'tanh', output: 'sigmoid' | 'softmax' | 'identity'): Network {
  const net = Network.create(sequentialSpec(sizes, hidden, output), { rng: new Rng(3) });
  net.params.forEach((_, i) => {
    net.params[i] = ((i * 7) % 17) / 8 - 1;
  });
  return net;
}

/** IEEE 754 binary16 bits of a number that has an exact half (k/8 for small k). */
function halfBits(x: number): number {
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  const sign = x < 0 ? 0x8000 : 0;
  const exponent = Math.floor(Math.log2(Math.abs(x)));
  const fraction = Math.round((Math.abs(x) / 2 ** exponent - 1) * 1024);
  return sign | ((exponent + 15) << 10) | fraction;
}

/** A safetensors file as another tool writes it: the network's tensors under `name(l, 'weight' | 'bias')`, in `dtype`. */
function foreignFile(
  net: Network,
  name: (l: number, kind: 'weight' | 'bias') => string,
  { dtype = 'F32', metadata = { format: 'pt' } as Record<string, string> | null }: { dtype?: Dtype; metadata?: Record<string, string> | null } = {},
): Uint8Array {
  const size = { F32: 4, F64: 8, F16: 2, BF16: 2 }[dtype];
  const tensors = net.layers.flatMap((layer, l) => [
    { name: name(l, 'weight'), shape: [layer.outputSize, layer.inputSize], data: layer.weight },
    { name: name(l, 'bias'), shape: [layer.outputSize], data: layer.bias },
  ]);
  const total = tensors.reduce((n, t) => n + t.data.length * size, 0);
  const data = new Uint8Array(total);
  const view = new DataView(data.buffer);
  let at = 0;
  const entries = tensors.map((t) => {
    const begin = at;
    for (const x of t.data) {
      if (dtype === 'F32') view.setFloat32(at, x, true);
      else if (dtype === 'F64') view.setFloat64(at, x, true);
      else if (dtype === 'F16') view.setUint16(at, halfBits(x), true);
      else view.setUint16(at, new Uint32Array(Float32Array.of(x).buffer)[0]! >>> 16, true);
      at += size;
    }
    return `${JSON.stringify(t.name)}:{"dtype":"${dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${begin},${at}]}`;
  });
  const meta = metadata === null ? [] : [`"__metadata__":${JSON.stringify(metadata)}`];
  return rawSafetensors(`{${[...meta, ...entries].join(',')}}`, data);
}

const ownNames = (l: number, kind: string) => `layers.${l}.${kind}`;
/** nn.Sequential(Linear, Sigmoid, Linear, Sigmoid, Linear, Softmax): the activations take the odd numbers. */
const sequentialNames = (l: number, kind: string) => `${2 * l}.${kind}`;
/** self.fc1, self.fc2, ... */
const fcNames = (l: number, kind: string) => `fc${l + 1}.${kind}`;

const x = fromRows([
  [0, 0.25, 0.5, 1],
  [1, 0, -1, 0.5],
]);

function sameNetwork(loaded: Network, net: Network): void {
  expect(loaded.spec).toEqual(net.spec);
  expect(loaded.params).toEqual(net.params);
  expect(loaded.forward(x).data).toEqual(net.forward(x).data);
}

function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    const { message } = error as Error;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an error');
}

describe('loadModel on a PyTorch state_dict saved as safetensors', () => {
  const net = lessonLike([4, 3, 3, 2], 'sigmoid', 'softmax');

  for (const [scheme, name] of [
    ["a module's layers.N (format 'pt')", ownNames],
    ["nn.Sequential's numbering, with the activations' gaps (0, 2, 4)", sequentialNames],
    ['fcN attributes', fcNames],
  ] as const) {
    it(`reads ${scheme}, taking the activations from the options`, () => {
      const loaded = loadModel(foreignFile(net, name), { source: 'torch.safetensors', activation: 'sigmoid', output: 'softmax' });
      sameNetwork(loaded.network, net);
      expect(loaded.metadata).toEqual({});
      expect(loaded.notes).toEqual([]);
    });
  }

  it('reads a layers.N nn.Sequential attribute with gaps, and fc1 … fc11 in the order of their numbers', () => {
    const deep = lessonLike([4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2], 'relu', 'identity');
    const gappy = foreignFile(deep, (l, kind) => `layers.${3 * l}.${kind}`);
    sameNetwork(loadModel(gappy, { activation: 'relu', output: 'identity' }).network, deep);
    sameNetwork(loadModel(foreignFile(deep, fcNames), { activation: 'relu', output: 'identity' }).network, deep);
  });

  it('reads a file with no metadata at all; the output activation defaults to the hidden one', () => {
    const sigmoid = lessonLike([4, 3, 2], 'sigmoid', 'sigmoid');
    sameNetwork(loadModel(foreignFile(sigmoid, sequentialNames, { metadata: null }), { activation: 'sigmoid' }).network, sigmoid);
    // One layer has no hidden activation: the output's is enough.
    const one = lessonLike([4, 2], 'sigmoid', 'softmax');
    sameNetwork(loadModel(foreignFile(one, fcNames), { output: 'softmax' }).network, one);
  });

  it("keeps the file's other metadata, and takes the source as a string too", () => {
    const bytes = foreignFile(net, fcNames, { metadata: { format: 'pt', epochs: '3' } });
    expect(loadModel(bytes, 'm.safetensors', { activation: 'sigmoid', output: 'softmax' }).metadata).toEqual({ epochs: '3' });
  });

  for (const dtype of ['F64', 'F16', 'BF16'] as const) {
    it(`converts ${dtype} tensors to float32, with a note`, () => {
      const { network, notes } = loadModel(foreignFile(net, sequentialNames, { dtype }), { activation: 'sigmoid', output: 'softmax' });
      sameNetwork(network, net);
      expect(notes).toEqual([
        `${dtype} tensors converted to float32 (${dtype === 'F64' ? 'rounded to the nearest float32' : 'exactly'}): '0.weight', '0.bias', '2.weight', …, '4.bias' (6 tensors)`,
      ]);
    });
  }

  it('refuses an F64 weight that float32 cannot hold, saying so', () => {
    const big = lessonLike([4, 2], 'sigmoid', 'sigmoid');
    const bytes = foreignFile(big, fcNames, { dtype: 'F64' });
    // The first weight, 1e300: Infinity as float32.
    new DataView(bytes.buffer).setFloat64(bytes.length - big.params.length * 8, 1e300, true);
    expect(messageOf(() => loadModel(bytes, { source: 'f64.safetensors', output: 'sigmoid' }))).toBe(
      "f64.safetensors: tensor 'fc1.weight' holds a number that is not finite as float32 (from F64) at index 0 (expected finite weights, found Infinity)",
    );
  });
});

describe('loadModel says what a foreign file lacks', () => {
  const net = lessonLike([784, 16, 16, 10], 'sigmoid', 'softmax');

  it('names the activations a file without an architecture needs, and the options that give them', () => {
    const bytes = foreignFile(net, ownNames);
    let error: unknown;
    try {
      loadModel(bytes, 'torch.safetensors');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ActivationsUnknownError);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as ActivationsUnknownError).missing).toEqual(['activation', 'output']);
    expect((error as ActivationsUnknownError).sizes).toEqual([784, 16, 16, 10]);
    expect((error as Error).message).toBe(
      "torch.safetensors: the file does not say its activations (format 'pt' (PyTorch), no architecture; layers 784 → 16 → 16 → 10 from the tensors' shapes) " +
        "(expected the hidden layers' activation in option 'activation' (sigmoid, tanh, relu, identity) and the output layer's in option 'output' " +
        "(sigmoid, tanh, relu, identity, softmax; default: the hidden layers'), found neither)",
    );
    expect(messageOf(() => loadModel(foreignFile(net, ownNames, { metadata: null }), { source: 'x', output: 'softmax' }))).toBe(
      "x: the file does not say its activations (no format, no architecture; layers 784 → 16 → 16 → 10 from the tensors' shapes) " +
        "(expected the hidden layers' activation in option 'activation' (sigmoid, tanh, relu, identity), found only option 'output')",
    );
    const one = lessonLike([4, 2], 'sigmoid', 'softmax');
    expect(messageOf(() => loadModel(foreignFile(one, fcNames), 'y'))).toContain(
      "(expected the output layer's activation in option 'output' or option 'activation' (sigmoid, tanh, relu, identity, softmax), found neither)",
    );
  });

  it('lists the tensor names found when they are not a stack of layers', () => {
    const names = ['encoder.weight', 'encoder.bias', 'decoder.weight', 'decoder.bias'];
    const bytes = encodeSafetensors(
      names.map((name) => ({ name, dtype: 'F32', shape: [1], data: new Float32Array(1) })),
      { format: 'pt' },
    );
    expect(messageOf(() => loadModel(bytes, { source: 'ae.safetensors', activation: 'relu' }))).toBe(
      "ae.safetensors: tensor names not recognised (expected layers.N.weight/bias, N.weight/bias (nn.Sequential's numbering) or fcN.weight/bias, " +
        "found 'encoder.weight', 'encoder.bias', 'decoder.weight', 'decoder.bias')",
    );
    // Layers and something else: the rest is named first.
    const mixed = encodeSafetensors(
      [...decodeSafetensors(foreignFile(net, fcNames)).tensors]
        .map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape, data: t.data }))
        .concat([
          { name: 'out.weight', dtype: 'F32', shape: [1, 10], data: new Float32Array(10) },
          { name: 'out.bias', dtype: 'F32', shape: [1], data: new Float32Array(1) },
        ]),
      { format: 'pt' },
    );
    expect(messageOf(() => loadModel(mixed, { source: 'm', activation: 'relu' }))).toBe(
      "m: tensor names not recognised: 'out.weight', 'out.bias' (expected layers.N.weight/bias, N.weight/bias (nn.Sequential's numbering) or fcN.weight/bias, " +
        "found 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', …, 'out.bias' (8 tensors))",
    );
  });

  it('names the tensor whose shape does not fit, and what it should be', () => {
    const wrong = lessonLike([784, 16, 32, 10], 'sigmoid', 'softmax');
    const tensors = [...decodeSafetensors(foreignFile(net, sequentialNames)).tensors].map(([name, t]) => ({
      name,
      dtype: 'F32' as const,
      shape: t.shape,
      data: t.data,
    }));
    tensors[4] = { name: '4.weight', dtype: 'F32', shape: [10, 32], data: wrong.layers[2]!.weight };
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    expect(messageOf(() => loadModel(bytes, { source: 'torch.safetensors', activation: 'sigmoid', output: 'softmax' }))).toBe(
      "torch.safetensors: tensor '4.weight' does not fit after '2' (expected shape [*, 16] (16 inputs: the outputs of '2'), found [10, 32])",
    );
  });

  it('names a missing bias, a bias of the wrong size, and a weight that is not a matrix', () => {
    const small = lessonLike([4, 3, 2], 'relu', 'softmax');
    const tensors = () =>
      [...decodeSafetensors(foreignFile(small, fcNames)).tensors].map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape, data: t.data }));
    const without = tensors().filter((t) => t.name !== 'fc2.bias');
    const options = { source: 'f', activation: 'relu', output: 'softmax' } as const;
    expect(messageOf(() => loadModel(encodeSafetensors(without), options))).toBe(
      "f: missing tensor 'fc2.bias' (expected shape [2] (nn.Linear with bias=True), found no such tensor)",
    );
    const shortBias = tensors();
    shortBias[1] = { name: 'fc1.bias', dtype: 'F32', shape: [2], data: new Float32Array(2) };
    expect(messageOf(() => loadModel(encodeSafetensors(shortBias), options))).toBe(
      "f: tensor 'fc1.bias' does not match 'fc1.weight' (expected shape [3], found [2])",
    );
    const flat = tensors();
    flat[0] = { name: 'fc1.weight', dtype: 'F32', shape: [12], data: flat[0]!.data };
    expect(messageOf(() => loadModel(encodeSafetensors(flat), options))).toBe(
      "f: tensor 'fc1.weight' is not a weight matrix (expected shape [outputs, inputs] (nn.Linear's layout), found [12])",
    );
  });

  it('says what torch.save wrote is not safetensors', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(messageOf(() => loadModel(zip, 'model.pt'))).toBe(
      'model.pt: a zip archive (what torch.save writes), not safetensors (expected a safetensors file (in PyTorch: safetensors.torch.save_file(model.state_dict(), path)), found bytes starting PK 03 04)',
    );
  });

  it('refuses options that are not activations, or softmax in a hidden layer', () => {
    const bytes = foreignFile(net, fcNames);
    expect(() => loadModel(bytes, { activation: 'softmax' })).toThrow(UnknownNameError);
    expect(() => loadModel(bytes, { activation: 'swish' as 'relu' })).toThrow(
      'unknown hidden activation: expected one of sigmoid, tanh, relu, identity, found "swish"',
    );
    expect(() => loadModel(bytes, { activation: 'relu', output: 'gelu' as 'relu' })).toThrow(UnknownNameError);
  });

  it('still reads safetensors errors as such', () => {
    const bytes = foreignFile(net, fcNames);
    expect(() => loadModel(bytes.subarray(0, bytes.length - 1), { source: 's', activation: 'relu' })).toThrow(SafetensorsFormatError);
  });
});

describe('loadModel on files that say their architecture', () => {
  const net = lessonLike([4, 3, 2], 'relu', 'softmax');
  const architecture = JSON.stringify(net.spec);

  it("loads a PyTorch file with an architecture added, whatever its format says (the issue's report)", () => {
    for (const name of [ownNames, sequentialNames, fcNames]) {
      sameNetwork(loadModel(foreignFile(net, name, { metadata: { format: 'pt', architecture } })).network, net);
    }
  });

  it('takes options that agree with the file, and refuses ones that do not', () => {
    const bytes = saveModel(net);
    sameNetwork(loadModel(bytes, { activation: 'relu', output: 'softmax' }).network, net);
    // An option the file need not be told is checked all the same; the output's default applies only to files that do not say.
    sameNetwork(loadModel(bytes, { activation: 'relu' }).network, net);
    expect(messageOf(() => loadModel(bytes, { source: 'm', activation: 'sigmoid' }))).toBe(
      "m: option activation 'sigmoid' disagrees with the file's architecture (expected 'relu' (what the file says) or no option, found 'sigmoid')",
    );
    expect(messageOf(() => loadModel(bytes, { source: 'm', output: 'sigmoid' }))).toBe(
      "m: option output 'sigmoid' disagrees with the file's architecture (expected 'softmax' (what the file says) or no option, found 'sigmoid')",
    );
  });

  it('counts the layers against the architecture whatever the names', () => {
    const deeper = JSON.stringify(lessonLike([4, 3, 2, 2], 'relu', 'softmax').spec);
    expect(messageOf(() => loadModel(foreignFile(net, sequentialNames, { metadata: { architecture: deeper } }), 'm'))).toBe(
      "m: missing layer 2 (expected 3 layers, as the architecture says, found 2: '0', '2')",
    );
    const shallower = JSON.stringify(lessonLike([4, 3], 'relu', 'softmax').spec);
    expect(messageOf(() => loadModel(foreignFile(net, fcNames, { metadata: { architecture: shallower } }), 'm'))).toBe(
      "m: extra tensor 'fc2.weight' (expected only fc1.weight, fc1.bias, found 'fc2.weight')",
    );
  });
});
