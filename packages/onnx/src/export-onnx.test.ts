// The exported graph, run in ONNX Runtime (onnxruntime-node, CPU), against
// downhill's own forward pass on real MNIST test images (issue #12).
import { getCost } from '@downhill/cost';
import { toBatch } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { Rng, matrix } from '@downhill/linalg';
import { type ActivationName, type InitName, Network, sequentialSpec } from '@downhill/network';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ONNX_IR_VERSION, ONNX_OPSET, OnnxExportError, exportOnnx } from './export-onnx.js';

const { onnx } = onnxProto;
/** The model in `bytes` as a plain object (int64 as numbers, absent fields as their defaults), for reading in tests. */
// biome-ignore lint/suspicious/noExplicitAny: protobufjs's toObject is untyped; the tests read known fields
const decode = (bytes: Uint8Array): any => onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), { longs: Number, defaults: true });
type Images = Awaited<ReturnType<typeof loadMnist>>['test'];

let train: Images;
let x100: ReturnType<typeof matrix>;
let y100: ReturnType<typeof matrix>;

beforeAll(async () => {
  const mnist = await loadMnist();
  train = mnist.train;
  // The first 100 test images, scaled as downhill scales them (pixel / 255).
  x100 = matrix(100, 784);
  y100 = matrix(100, 10);
  toBatch(
    mnist.test,
    Uint32Array.from({ length: 100 }, (_, i) => i),
    0,
    100,
    x100,
    y100,
  );
});

const initFor: Record<string, InitName> = { sigmoid: 'lecun', tanh: 'xavier', relu: 'he', identity: 'lecun' };

/** A 784-16-16-10 network, trained for two epochs of 3,000 images, so its weights are a trained network's and not only random ones. */
function trained(hidden: ActivationName, output: 'sigmoid' | 'softmax'): Network {
  const net = Network.create(sequentialSpec([784, 16, 16, 10], hidden, output), { rng: new Rng(12), init: initFor[hidden]! });
  const cost = getCost(output === 'softmax' ? 'cross-entropy' : 'quadratic');
  const x = matrix(10, 784),
    y = matrix(10, 10);
  const order = Uint32Array.from({ length: 3000 }, (_, i) => i);
  const eta = hidden === 'sigmoid' ? (output === 'softmax' ? 1 : 3) : output === 'softmax' ? 0.1 : 0.5;
  for (let epoch = 0; epoch < 2; epoch++) {
    for (let start = 0; start < order.length; start += 10) {
      toBatch(train, order, start, 10, x, y);
      net.computeGradients(x, y, cost);
      for (let i = 0; i < net.params.length; i++) net.params[i]! -= eta * net.grads[i]!;
    }
  }
  return net;
}

async function run(session: ort.InferenceSession, x: { rows: number; cols: number; data: Float32Array }): Promise<ort.Tensor> {
  const { output } = await session.run({ input: new ort.Tensor('float32', x.data, [x.rows, x.cols]) });
  return output!;
}

/** Each row's largest entry's column: the digit the network sees. */
const classes = (data: ArrayLike<number>): number[] =>
  Array.from({ length: data.length / 10 }, (_, r) => {
    let best = 0;
    for (let j = 1; j < 10; j++) if (data[10 * r + j]! > data[10 * r + best]!) best = j;
    return best;
  });

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe(`exportOnnx, run in ONNX Runtime ${ort.env.versions.node}`, () => {
  const differences: string[] = [];

  for (const hidden of ['sigmoid', 'tanh', 'relu', 'identity'] as const) {
    for (const output of ['sigmoid', 'softmax'] as const) {
      it(`gives downhill's outputs to 1e-5 on 100 MNIST test images: ${hidden} hidden layers, ${output} output`, async () => {
        const net = trained(hidden, output);
        const session = await ort.InferenceSession.create(exportOnnx(net));
        const expected = net.forward(x100).data.slice();
        const got = await run(session, x100);
        expect(got.dims).toEqual([100, 10]);
        const difference = maxDifference(got.data as Float32Array, expected);
        expect(difference).toBeLessThan(1e-5);
        expect(classes(got.data as Float32Array)).toEqual(classes(expected));
        // A trained network, not a random one: most of the 100 digits right.
        const right = classes(expected).filter((digit, i) => y100.data[10 * i + digit] === 1).length;
        expect(right).toBeGreaterThan(75);
        // The same graph runs one image at a time: the batch dimension is symbolic.
        const first = await run(session, { rows: 1, cols: 784, data: x100.data.slice(0, 784) });
        expect(first.dims).toEqual([1, 10]);
        expect(maxDifference(first.data as Float32Array, expected.subarray(0, 10))).toBeLessThan(1e-5);
        differences.push(`${hidden}/${output} ${difference.toExponential(1)} (${right}/100 right)`);
        await session.release();
      });
    }
  }

  it('declares the input [batch, 784] with a symbolic batch, the output [batch, 10], opset 17, the producer and the architecture', async () => {
    const net = trained('sigmoid', 'softmax');
    const bytes = exportOnnx(net, { metadata: { cost: 'cross-entropy' } });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['output']);
    expect(session.inputMetadata).toEqual([expect.objectContaining({ name: 'input', type: 'float32', shape: ['batch', 784] })]);
    expect(session.outputMetadata).toEqual([expect.objectContaining({ name: 'output', type: 'float32', shape: ['batch', 10] })]);
    await session.release();

    const model = decode(bytes);
    expect(model.irVersion).toBe(ONNX_IR_VERSION);
    expect(model.opsetImport).toEqual([{ domain: '', version: ONNX_OPSET }]);
    expect(ONNX_OPSET).toBeGreaterThanOrEqual(17);
    expect(model.producerName).toBe('downhill');
    expect(Object.fromEntries(model.metadataProps.map((p: { key: string; value: string }) => [p.key, p.value]))).toEqual({
      architecture: JSON.stringify(net.spec),
      cost: 'cross-entropy',
    });
    expect(model.graph.node.map((n: { opType: string }) => n.opType)).toEqual(['Gemm', 'Sigmoid', 'Gemm', 'Sigmoid', 'Gemm', 'Softmax']);
    // dim_value and dim_param are a oneof: the batch has only a name.
    expect(model.graph.input[0].type.tensorType.shape.dim).toEqual([
      { dimParam: 'batch', denotation: '' },
      { dimValue: 784, denotation: '' },
    ]);
    // 13,002 float32 weights and biases, and about a kilobyte of graph.
    expect(bytes.length).toBeGreaterThan(13_002 * 4);
    expect(bytes.length).toBeLessThan(13_002 * 4 + 2048);
    differences.push(`784-16-16-10: ${bytes.length.toLocaleString('en-US')} bytes`);
  });

  it('writes the same bytes for the same network; identity layers need no node', () => {
    const net = trained('identity', 'sigmoid');
    expect(exportOnnx(net)).toEqual(exportOnnx(net));
    const model = decode(exportOnnx(net, { inputName: 'pixels', outputName: 'digits', batchName: 'N' }));
    expect(
      model.graph.node.map((n: { opType: string; input: string[]; output: string[] }) => `${n.opType}(${n.input.join(', ')}) → ${n.output.join(', ')}`),
    ).toEqual([
      'Gemm(pixels, layers.0.weight, layers.0.bias) → layers.0.z',
      'Gemm(layers.0.z, layers.1.weight, layers.1.bias) → layers.1.z',
      'Gemm(layers.1.z, layers.2.weight, layers.2.bias) → layers.2.z',
      'Sigmoid(layers.2.z) → digits',
    ]);
    expect(model.graph.output[0].type.tensorType.shape.dim[0].dimParam).toBe('N');
  });

  it('refuses a reserved metadata key and names that would clash', () => {
    const net = trained('relu', 'softmax');
    expect(() => exportOnnx(net, { metadata: { architecture: '{}' } })).toThrow(OnnxExportError);
    expect(() => exportOnnx(net, { inputName: 'x', outputName: 'x' })).toThrow(
      'exportOnnx: the input and the output have the same name (expected two names, found "x" twice)',
    );
    expect(() => exportOnnx(net, { inputName: 'layers.0.weight' })).toThrow(/bad inputName/);
    expect(() => exportOnnx(net, { metadata: { n: 3 as unknown as string } })).toThrow("exportOnnx: metadata 'n' is not a string");
  });

  it('reports the differences measured', () => {
    // Printed so the figures are in the test log; the assertions are above.
    console.log(`ONNX Runtime ${ort.env.versions.node}, max |downhill − ONNX Runtime| on 100 MNIST test images: ${differences.join('; ')}`);
    expect(differences.length).toBe(9);
  });
});
