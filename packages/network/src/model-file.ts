import { NetworkSpecError, cut, quoted } from './errors.js';
import { Network } from './network.js';
import { type DecodedTensor, decodeSafetensors, encodeSafetensors, type TensorToEncode } from './safetensors.js';
import { type NetworkSpec, validateSpec } from './spec.js';

// A model file is a safetensors file any safetensors reader can open:
// tensors `layers.<l>.weight` (F32, [out, in], PyTorch's nn.Linear layout) and
// `layers.<l>.bias` (F32, [out]), and in `__metadata__` the keys below plus
// whatever the caller adds.

/** `__metadata__.format` of every downhill model file. */
export const MODEL_FORMAT = 'downhill';
const RESERVED = ['format', 'architecture'];

/**
 * A checkpoint (written by `saveCheckpoint` in @downhill/train) is a model
 * file whose `__metadata__` has this entry, carrying beside the layers its
 * run's state in tensors named with one of `CHECKPOINT_TENSOR_PREFIXES`.
 */
export const CHECKPOINT_METADATA = 'checkpoint';
/** The optimizer's state slots (`optimizer.<slot>`) and the weight average (`average.params`). */
export const CHECKPOINT_TENSOR_PREFIXES: readonly string[] = Object.freeze(['optimizer.', 'average.']);

/** Thrown when a safetensors file is not a downhill model, or does not match its own architecture. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${source}: ${problem} (expected ${expected}, found ${found})`);
  }
}

/** The spec as JSON with a fixed key order, so the same network always gives the same bytes. */
function architectureJson(spec: NetworkSpec): string {
  return JSON.stringify({ inputSize: spec.inputSize, layers: spec.layers.map((l) => ({ units: l.units, activation: l.activation })) });
}

/**
 * The network's weights and biases as safetensors bytes, with its architecture
 * and `metadata` (string → string; 'format' and 'architecture' are reserved).
 */
export function saveModel(
  network: Network,
  metadata: Record<string, string> = {},
  /** More tensors to store beside the layers (a checkpoint's optimizer state); their names must not start with 'layers.'. */
  extraTensors: readonly TensorToEncode[] = [],
): Uint8Array {
  for (const key of RESERVED) {
    if (Object.hasOwn(metadata, key)) {
      throw new ModelFormatError('saveModel', `metadata key '${key}' is reserved`, `keys other than ${RESERVED.join(', ')}`, `'${key}'`);
    }
  }
  const tensors: TensorToEncode[] = [];
  network.layers.forEach((layer, l) => {
    tensors.push({ name: `layers.${l}.weight`, dtype: 'F32', shape: [layer.outputSize, layer.inputSize], data: layer.weight });
    tensors.push({ name: `layers.${l}.bias`, dtype: 'F32', shape: [layer.outputSize], data: layer.bias });
  });
  for (const extra of extraTensors) {
    if (extra.name.startsWith('layers.')) {
      throw new ModelFormatError('saveModel', `extra tensor '${extra.name}' clashes with the layers`, "a name not starting with 'layers.'", `'${extra.name}'`);
    }
    tensors.push(extra);
  }
  return encodeSafetensors(tensors, { ...metadata, format: MODEL_FORMAT, architecture: architectureJson(network.spec) });
}

/**
 * The network in a model file, and the metadata the saver added (without
 * 'format' and 'architecture', so it can be passed straight back to `saveModel`).
 * `source` (e.g. the file name) prefixes every error.
 *
 * A checkpoint is a model file too: its network loads, and the tensors of its
 * run's state (`CHECKPOINT_TENSOR_PREFIXES`, allowed only when the metadata
 * says it is a checkpoint) are left out. Any other tensor is refused.
 *
 * The architecture must match the tensors' shapes before anything is
 * allocated, so a network is never larger than what the file holds.
 */
export function loadModel(
  bytes: Uint8Array,
  source = 'model',
  /** Tensors whose names start with one of these prefixes are returned in `extraTensors` instead of refused. */
  options: { extraTensorPrefix?: string | readonly string[] } = {},
): { network: Network; metadata: Record<string, string>; extraTensors: Map<string, DecodedTensor> } {
  const fail = (problem: string, expected: string, found: string): never => {
    throw new ModelFormatError(source, problem, expected, found);
  };
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const { format, architecture, ...extra } = metadata;
  // A file without `format` is accepted if its architecture checks out (e.g. written by hand or another tool).
  if (format !== undefined && format !== MODEL_FORMAT) fail('not a downhill model', `__metadata__.format '${MODEL_FORMAT}'`, quoted(format));
  if (architecture === undefined) fail('no architecture', '__metadata__.architecture (a JSON NetworkSpec)', 'none');

  let spec: NetworkSpec;
  try {
    spec = validateSpec(JSON.parse(architecture!));
  } catch (e) {
    if (e instanceof SyntaxError) fail('architecture is not JSON', 'a JSON NetworkSpec', cut(e.message, 120));
    if (e instanceof NetworkSpecError) fail(`architecture is not a valid network (${e.where})`, e.expected, e.found);
    throw e;
  }

  // Every layer's tensors, checked against the architecture before anything is allocated.
  const layerTensors: Float32Array[] = [];
  const expectedNames = new Set<string>();
  let inputs = spec!.inputSize;
  spec!.layers.forEach(({ units }, l) => {
    for (const [name, shape] of [
      [`layers.${l}.weight`, [units, inputs]],
      [`layers.${l}.bias`, [units]],
    ] as const) {
      expectedNames.add(name);
      const tensor = tensors.get(name);
      if (tensor === undefined) fail(`missing tensor '${name}'`, `shape [${shape.join(', ')}]`, 'no such tensor');
      if (tensor!.shape.length !== shape.length || tensor!.shape.some((d, i) => d !== shape[i])) {
        fail(`tensor '${name}' does not match the architecture`, `shape [${shape.join(', ')}]`, `[${cut(tensor!.shape.join(', '), 80)}]`);
      }
      // A NaN or infinite weight would silently poison every answer: refuse it here.
      const bad = tensor!.data.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) fail(`tensor '${name}' holds a number that is not finite at index ${bad}`, 'finite weights', String(tensor!.data[bad]));
      layerTensors.push(tensor!.data);
    }
    inputs = units;
  });

  const isCheckpoint = Object.hasOwn(metadata, CHECKPOINT_METADATA);
  const asked = options.extraTensorPrefix === undefined ? [] : typeof options.extraTensorPrefix === 'string' ? [options.extraTensorPrefix] : options.extraTensorPrefix;
  const extraTensors = new Map<string, DecodedTensor>();
  for (const [name, tensor] of tensors) {
    if (expectedNames.has(name)) continue;
    if (asked.some((prefix) => name.startsWith(prefix))) extraTensors.set(name, tensor);
    else if (!(isCheckpoint && CHECKPOINT_TENSOR_PREFIXES.some((prefix) => name.startsWith(prefix)))) {
      const names = [...expectedNames];
      const layers = names.length <= 6 ? names.join(', ') : `${names.slice(0, 2).join(', ')} … ${names.slice(-2).join(', ')}`;
      const state = isCheckpoint ? ` and a checkpoint's ${CHECKPOINT_TENSOR_PREFIXES.map((p) => `${p}*`).join(', ')}` : '';
      fail(`extra tensor ${quoted(name)}`, `only ${layers}${state}`, quoted(name));
    }
  }

  const params = new Float32Array(layerTensors.reduce((n, t) => n + t.length, 0));
  let offset = 0;
  for (const data of layerTensors) {
    params.set(data, offset);
    offset += data.length;
  }
  return { network: Network.fromParams(spec!, params), metadata: extra, extraTensors };
}
