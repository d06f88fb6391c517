// A downhill network as an ONNX model, for ONNX Runtime (or any ONNX
// runtime) to serve. Each dense layer is one Gemm and its activation:
//
//   zˡ = aˡ⁻¹ Wˡᵀ + bˡ    Gemm(aˡ⁻¹, Wˡ, bˡ, transB = 1)   W is [out, in], as downhill and nn.Linear store it
//   aˡ = σ(zˡ)           Sigmoid | Tanh | Relu | Softmax(axis = -1) | nothing, for identity
//
// The bytes are written by the protobuf code generated from ONNX's own
// onnx.proto (the `onnx-proto` package), never by hand.

import type { ActivationName, Network } from '@downhill/network';
import onnxProto from 'onnx-proto';
import { version } from '../package.json';
import { DownhillError } from './errors.js';

const { onnx } = onnxProto;

/** The operator set the graph is written for: opset 17 (ONNX 1.12), run by ONNX Runtime 1.12 and later. */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;
/** `producer_name` of every exported model. */
export const ONNX_PRODUCER = 'downhill';

/** Options of `exportOnnx`. */
export interface ExportOnnxOptions {
  /** More strings for the model's `metadata_props` (e.g. a model file's metadata); 'architecture' is reserved. */
  metadata?: Record<string, string>;
  /** The graph's input (default 'input'): a float tensor [batch, inputSize]. */
  inputName?: string;
  /** The graph's output (default 'output'): a float tensor [batch, outputSize]. */
  outputName?: string;
  /** The symbolic batch dimension's name (default 'batch'). */
  batchName?: string;
}

/** Thrown for a network or options the exporter cannot write. */
export class OnnxExportError extends DownhillError {
  override readonly code = 'ONNX_EXPORT';
  override name = 'OnnxExportError';
}

/** Each activation's ONNX operator; identity needs none. */
const OPERATORS: Record<ActivationName, { op: string; attributes?: { name: string; i: number }[] } | null> = {
  sigmoid: { op: 'Sigmoid' },
  tanh: { op: 'Tanh' },
  relu: { op: 'Relu' },
  identity: null,
  softmax: { op: 'Softmax', attributes: [{ name: 'axis', i: -1 }] },
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** float32 numbers as ONNX's raw_data: little-endian bytes. */
function rawFloats(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  if (littleEndian) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  else {
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  }
  return bytes;
}

/** The spec as JSON with a fixed key order, as downhill's model files store it. */
function architectureJson(network: Network): string {
  const { inputSize, layers } = network.spec;
  return JSON.stringify({ inputSize, layers: layers.map((l) => ({ units: l.units, activation: l.activation })) });
}

/**
 * The network as the bytes of an ONNX model (a `.onnx` file): input
 * `[batch, inputSize]` float32 (for MNIST, pixels / 255 as downhill scales
 * them), output `[batch, outputSize]`, the batch dimension symbolic; the
 * producer 'downhill' and the architecture (a JSON NetworkSpec) in
 * `metadata_props`. The same network and options always give the same bytes.
 */
export function exportOnnx(network: Network, options: ExportOnnxOptions = {}): Uint8Array {
  const { metadata = {}, inputName = 'input', outputName = 'output', batchName = 'batch' } = options;
  if (Object.hasOwn(metadata, 'architecture'))
    throw new OnnxExportError("exportOnnx: metadata key 'architecture' is reserved (expected other keys, found 'architecture')");
  for (const [what, name] of [
    ['inputName', inputName],
    ['outputName', outputName],
    ['batchName', batchName],
  ] as const) {
    if (typeof name !== 'string' || name === '' || name.startsWith('layers.')) {
      throw new OnnxExportError(`exportOnnx: bad ${what} (expected a non-empty name not starting with 'layers.', found ${JSON.stringify(name)})`);
    }
  }
  if (inputName === outputName)
    throw new OnnxExportError(`exportOnnx: the input and the output have the same name (expected two names, found ${JSON.stringify(inputName)} twice)`);

  const initializer: InstanceType<typeof onnx.TensorProto>[] = [];
  const node: InstanceType<typeof onnx.NodeProto>[] = [];
  let previous = inputName;
  network.layers.forEach((layer, l) => {
    const last = l === network.layers.length - 1;
    const activation = layer.activation.name;
    if (!Object.hasOwn(OPERATORS, activation))
      throw new OnnxExportError(`exportOnnx: no ONNX operator for activation ${JSON.stringify(activation)} in layer ${l}`);
    const operator = OPERATORS[activation];
    const weight = `layers.${l}.weight`,
      bias = `layers.${l}.bias`;
    const z = operator === null && last ? outputName : `layers.${l}.z`;
    const a = operator === null ? z : last ? outputName : `layers.${l}.a`;
    initializer.push(
      onnx.TensorProto.create({
        name: weight,
        dataType: onnx.TensorProto.DataType.FLOAT,
        dims: [layer.outputSize, layer.inputSize],
        rawData: rawFloats(layer.weight),
      }),
      onnx.TensorProto.create({ name: bias, dataType: onnx.TensorProto.DataType.FLOAT, dims: [layer.outputSize], rawData: rawFloats(layer.bias) }),
    );
    node.push(
      onnx.NodeProto.create({
        name: `layers.${l}.Gemm`,
        opType: 'Gemm',
        input: [previous, weight, bias],
        output: [z],
        attribute: [onnx.AttributeProto.create({ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
      }),
    );
    if (operator !== null) {
      node.push(
        onnx.NodeProto.create({
          name: `layers.${l}.${operator.op}`,
          opType: operator.op,
          input: [z],
          output: [a],
          attribute: (operator.attributes ?? []).map(({ name, i }) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i })),
        }),
      );
    }
    previous = a;
  });

  const floats = (name: string, size: number) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: onnx.TensorShapeProto.create({
            dim: [onnx.TensorShapeProto.Dimension.create({ dimParam: batchName }), onnx.TensorShapeProto.Dimension.create({ dimValue: size })],
          }),
        }),
      }),
    });
  const sizes = [network.inputSize, ...network.layers.map((layer) => layer.outputSize)].join('-');
  const activations = network.layers.map((layer) => layer.activation.name).join('/');
  const graph = onnx.GraphProto.create({
    name: `downhill ${sizes}`,
    docString: `A ${sizes} ${activations} network trained with downhill. Input: one example per row (for MNIST, 784 pixels / 255, row by row).`,
    node,
    initializer,
    input: [floats(inputName, network.inputSize)],
    output: [floats(outputName, network.outputSize)],
  });
  const props: Record<string, string> = { ...metadata, architecture: architectureJson(network) };
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: ONNX_OPSET })],
    producerName: ONNX_PRODUCER,
    producerVersion: version,
    graph,
    metadataProps: Object.keys(props)
      .sort()
      .map((key) => {
        const value = props[key];
        if (typeof value !== 'string')
          throw new OnnxExportError(`exportOnnx: metadata '${key}' is not a string (expected string values only, found ${typeof value})`);
        return onnx.StringStringEntryProto.create({ key, value });
      }),
  });
  return onnx.ModelProto.encode(model).finish();
}
