import type { ActivationName } from './activations/activation.js';
import { activations, isActivationName } from './activations/registry.js';
import { NetworkSpecError, UnknownNameError, cut, quoted } from './errors.js';
import { LAYER_NAMING, type NamedLayer, findLayerNames, layerSizes, someNames } from './layer-names.js';
import { Network } from './network.js';
import { type DecodedTensor, decodeSafetensors, encodeSafetensors, type TensorToEncode } from './safetensors.js';
import { type NetworkSpec, validateSpec } from './spec.js';
import { DownhillError } from './errors.js';

// A model file is a safetensors file any safetensors reader can open:
// tensors `layers.<l>.weight` (F32, [out, in], PyTorch's nn.Linear layout) and
// `layers.<l>.bias` (F32, [out]), and in `__metadata__` the keys below plus
// whatever the caller adds. loadModel also reads files other tools wrote
// (PyTorch's state_dict through safetensors), whose layers it finds by name
// (layer-names.ts) and whose activations the caller supplies.

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
export class ModelFormatError extends DownhillError {
  override readonly code: string = 'MODEL_FORMAT';
  override name = 'ModelFormatError';
  constructor(
    /** What was read: a file path, or the function that was called. */
    readonly source: string,
    /** What is wrong, in a phrase. */
    readonly problem: string,
    /** What the reader needed. */
    readonly expected: string,
    /** What the file holds. */
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

/** What `loadModel` takes besides the bytes. */
export interface LoadModelOptions {
  /** Prefixes every error, e.g. the file name. Default 'model'. */
  source?: string;
  /**
   * The hidden layers' activation, for a file that does not say (one saved
   * from PyTorch has only tensors). For a file that says, it must agree.
   */
  activation?: ActivationName;
  /** The output layer's activation, likewise (default, for a file that does not say: `activation`). */
  output?: ActivationName;
  /** Tensors whose names start with one of these prefixes are returned in `extraTensors` instead of refused. */
  extraTensorPrefix?: string | readonly string[];
}

/** What `loadModel` read. */
export interface LoadedModel {
  /** The network, with the file's weights and biases. */
  network: Network;
  /** The file's metadata without 'format' and 'architecture', so it can be passed straight back to `saveModel`. */
  metadata: Record<string, string>;
  /** The tensors asked for with `extraTensorPrefix`. */
  extraTensors: Map<string, DecodedTensor>;
  /** What was done that the caller may want to tell (tensors converted to float32), one sentence each. */
  notes: string[];
}

/** The names other tools write in `__metadata__.format`, for messages. */
const FORMAT_NAMES: Record<string, string> = { pt: 'PyTorch', tf: 'TensorFlow', flax: 'Flax', np: 'NumPy', mlx: 'MLX', paddle: 'PaddlePaddle' };

/** A file's `format`, for messages: "format 'pt' (PyTorch)". */
function describeFormat(format: string | undefined): string {
  if (format === undefined) return 'no format';
  return `format ${quoted(format, 30)}${Object.hasOwn(FORMAT_NAMES, format) ? ` (${FORMAT_NAMES[format]})` : ''}`;
}

/** The elementwise activations: the ones a hidden layer may have. */
const hiddenActivations = (): string[] => [...activations.values()].filter((a) => a.elementwise).map((a) => a.name);

/**
 * Thrown for a file that says nothing of its activations (one saved from
 * PyTorch holds only tensors) when they were not given as options. `missing`
 * says which options are needed; the CLI names its flags with `optionNames`.
 */
export class ActivationsUnknownError extends ModelFormatError {
  override readonly code = 'ACTIVATIONS_UNKNOWN';
  override name = 'ActivationsUnknownError';
  constructor(
    source: string,
    /** The layer sizes read from the tensors, input first. */
    readonly sizes: readonly number[],
    /** The file's `__metadata__.format`. */
    readonly format: string | undefined,
    /** `activation`: the hidden layers' is needed; `output`: the output layer's. */
    readonly missing: readonly ('activation' | 'output')[],
    optionNames: { activation: string; output: string } = { activation: "option 'activation'", output: "option 'output'" },
  ) {
    const hidden = `the hidden layers' activation in ${optionNames.activation} (${hiddenActivations().join(', ')})`;
    const output = `the output layer's in ${optionNames.output} (${[...activations.keys()].join(', ')}${sizes.length > 2 ? `; default: the hidden layers'` : ''})`;
    const expected =
      missing.length === 2
        ? `${hidden} and ${output}`
        : missing[0] === 'activation'
          ? hidden
          : `the output layer's activation in ${optionNames.output} or ${optionNames.activation} (${[...activations.keys()].join(', ')})`;
    const found = missing.length === 1 && missing[0] === 'activation' ? `only ${optionNames.output}` : 'neither';
    super(
      source,
      `the file does not say its activations (${describeFormat(format)}, no architecture; layers ${layerSizes(sizes)} from the tensors' shapes)`,
      expected,
      found,
    );
  }
}

/**
 * The network in a model file, and the metadata the saver added.
 *
 * A downhill file says its architecture; a file written by another tool (a
 * PyTorch state_dict saved with safetensors) holds only tensors: the layer
 * sizes are read from their shapes ([out, in], nn.Linear's layout), and the
 * activations, which no tensor says, come from `options.activation` and
 * `options.output`. Tensors may be named `layers.N.weight/bias`,
 * `N.weight/bias` (an nn.Sequential, with the activations' numbers missing)
 * or `fcN.weight/bias`; F16, BF16 and F64 tensors are converted to float32,
 * with a note.
 *
 * A checkpoint is a model file too: its network loads, and the tensors of its
 * run's state (`CHECKPOINT_TENSOR_PREFIXES`, allowed only when the metadata
 * says it is a checkpoint) are left out. Any other tensor is refused.
 *
 * The architecture must match the tensors' shapes before anything is
 * allocated, so a network is never larger than what the file holds.
 */
export function loadModel(bytes: Uint8Array, options?: LoadModelOptions): LoadedModel;
/** The same, with the source (e.g. the file name) that prefixes every error first. */
export function loadModel(bytes: Uint8Array, source?: string, options?: Omit<LoadModelOptions, 'source'>): LoadedModel;
export function loadModel(bytes: Uint8Array, sourceOrOptions?: string | LoadModelOptions, moreOptions: Omit<LoadModelOptions, 'source'> = {}): LoadedModel {
  const options: LoadModelOptions = typeof sourceOrOptions === 'string' ? { ...moreOptions, source: sourceOrOptions } : { ...sourceOrOptions };
  const source = options.source ?? 'model';
  const fail = (problem: string, expected: string, found: string): never => {
    throw new ModelFormatError(source, problem, expected, found);
  };
  if (options.activation !== undefined && !hiddenActivations().includes(options.activation)) {
    throw new UnknownNameError('hidden activation', options.activation, hiddenActivations());
  }
  if (options.output !== undefined && !isActivationName(options.output))
    throw new UnknownNameError('output activation', options.output, [...activations.keys()]);
  // torch.save writes a zip of pickles: say so, rather than that a header length is absurd.
  if (bytes instanceof Uint8Array && bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    fail(
      'a zip archive (what torch.save writes), not safetensors',
      'a safetensors file (in PyTorch: safetensors.torch.save_file(model.state_dict(), path))',
      'bytes starting PK 03 04',
    );
  }

  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const { format, architecture, ...extra } = metadata;

  // The tensors asked for, and a checkpoint's state: set aside before the layers are looked for.
  const isCheckpoint = Object.hasOwn(metadata, CHECKPOINT_METADATA);
  const asked =
    options.extraTensorPrefix === undefined ? [] : typeof options.extraTensorPrefix === 'string' ? [options.extraTensorPrefix] : options.extraTensorPrefix;
  const extraTensors = new Map<string, DecodedTensor>();
  const candidates: string[] = [];
  for (const [name, tensor] of tensors) {
    if (asked.some((prefix) => name.startsWith(prefix))) extraTensors.set(name, tensor);
    else if (!(isCheckpoint && CHECKPOINT_TENSOR_PREFIXES.some((prefix) => name.startsWith(prefix)))) candidates.push(name);
  }
  const { layers: named, others } = findLayerNames(candidates);

  // The spec: the file's own, or read from the tensors' shapes with the activations given.
  let spec: NetworkSpec;
  let layerNames: readonly NamedLayer[];
  if (architecture !== undefined) {
    try {
      spec = validateSpec(JSON.parse(architecture));
    } catch (e) {
      if (e instanceof SyntaxError) fail('architecture is not JSON', 'a JSON NetworkSpec', cut(e.message, 120));
      if (e instanceof NetworkSpecError) fail(`architecture is not a valid network (${e.where})`, e.expected, e.found);
      throw e;
    }
    checkOptionsAgree(spec!, options, fail);
    // The file's layers in order, one for each of the architecture's.
    const layers = spec!.layers;
    if (named.length < layers.length) {
      const n = named.length;
      if (named.every((layer, l) => layer.module === `layers.${l}`)) {
        fail(`missing tensor 'layers.${n}.weight'`, `shape [${layers[n]!.units}, ${n === 0 ? spec!.inputSize : layers[n - 1]!.units}]`, 'no such tensor');
      }
      fail(`missing layer ${n}`, `${layers.length} layers, as the architecture says`, `${n}: ${named.map((l) => quoted(l.module, 20)).join(', ')}`);
    }
    layerNames = named.slice(0, layers.length);
    const used = new Set(layerNames.flatMap((l) => [l.weight, l.bias]));
    const stray = candidates.find((name) => !used.has(name));
    if (stray !== undefined) {
      const names = [...used];
      const layers = names.length <= 6 ? names.join(', ') : `${names.slice(0, 2).join(', ')} … ${names.slice(-2).join(', ')}`;
      const state = isCheckpoint ? ` and a checkpoint's ${CHECKPOINT_TENSOR_PREFIXES.map((p) => `${p}*`).join(', ')}` : '';
      fail(`extra tensor ${quoted(stray)}`, `only ${layers}${state}`, quoted(stray));
    }
  } else {
    if (others.length > 0) {
      fail(named.length > 0 ? `tensor names not recognised: ${someNames(others, 2)}` : 'tensor names not recognised', LAYER_NAMING, someNames(candidates, 5));
    }
    if (named.length === 0) fail('no layers', `tensors named ${LAYER_NAMING}`, 'no tensors');
    spec = specFromShapes(named, tensors, format, options, source, fail);
    layerNames = named;
  }

  // Every layer's tensors, checked against the spec before anything is allocated.
  const layerTensors: Float32Array[] = [];
  const converted = new Map<string, string[]>();
  let inputs = spec!.inputSize;
  spec!.layers.forEach(({ units }, l) => {
    const { weight, bias } = layerNames[l]!;
    for (const [name, shape] of [
      [weight, [units, inputs]],
      [bias, [units]],
    ] as const) {
      const tensor = tensors.get(name);
      if (tensor === undefined) fail(`missing tensor ${quoted(name)}`, `shape [${shape.join(', ')}]`, 'no such tensor');
      if (tensor!.shape.length !== shape.length || tensor!.shape.some((d, i) => d !== shape[i])) {
        fail(`tensor ${quoted(name)} does not match the architecture`, `shape [${shape.join(', ')}]`, `[${cut(tensor!.shape.join(', '), 80)}]`);
      }
      // A NaN or infinite weight would silently poison every answer: refuse it here.
      const bad = tensor!.data.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        const what = tensor!.dtype === 'F32' ? 'a number that is not finite' : `a number that is not finite as float32 (from ${tensor!.dtype})`;
        fail(`tensor ${quoted(name)} holds ${what} at index ${bad}`, 'finite weights', String(tensor!.data[bad]));
      }
      if (tensor!.dtype !== 'F32') converted.set(tensor!.dtype, [...(converted.get(tensor!.dtype) ?? []), name]);
      layerTensors.push(tensor!.data);
    }
    inputs = units;
  });

  const notes = [...converted].map(
    ([dtype, names]) => `${dtype} tensors converted to float32 (${dtype === 'F64' ? 'rounded to the nearest float32' : 'exactly'}): ${someNames(names, 4)}`,
  );
  const params = new Float32Array(layerTensors.reduce((n, t) => n + t.length, 0));
  let offset = 0;
  for (const data of layerTensors) {
    params.set(data, offset);
    offset += data.length;
  }
  return { network: Network.fromParams(spec!, params), metadata: extra, extraTensors, notes };
}

/** Options given for a file that says its activations must say the same. */
function checkOptionsAgree(spec: NetworkSpec, options: LoadModelOptions, fail: (problem: string, expected: string, found: string) => never): void {
  const hidden = spec.layers.slice(0, -1).map((l) => l.activation);
  const output = spec.layers[spec.layers.length - 1]!.activation;
  if (options.activation !== undefined && hidden.some((a) => a !== options.activation)) {
    const says = [...new Set(hidden)].map((a) => quoted(a)).join(', ') || 'no hidden layers';
    fail(
      `option activation ${quoted(options.activation)} disagrees with the file's architecture`,
      `${says} (what the file says) or no option`,
      quoted(options.activation),
    );
  }
  if (options.output !== undefined && options.output !== output) {
    fail(
      `option output ${quoted(options.output)} disagrees with the file's architecture`,
      `${quoted(output)} (what the file says) or no option`,
      quoted(options.output),
    );
  }
}

/**
 * The spec of a file without an architecture: sizes from the tensors' shapes
 * (weight [out, in], bias [out], each layer's inputs the last one's outputs),
 * activations from the options. Checks only shapes: the caller checks the rest.
 */
function specFromShapes(
  layers: readonly NamedLayer[],
  tensors: ReadonlyMap<string, DecodedTensor>,
  format: string | undefined,
  options: LoadModelOptions,
  source: string,
  fail: (problem: string, expected: string, found: string) => never,
): NetworkSpec {
  const sizes: number[] = [];
  layers.forEach(({ module, weight, bias }, l) => {
    const w = tensors.get(weight);
    if (w === undefined) fail(`missing tensor ${quoted(weight)}`, `the weights of ${quoted(module)}, beside ${quoted(bias)}`, 'no such tensor');
    if (w!.shape.length !== 2) {
      fail(`tensor ${quoted(weight)} is not a weight matrix`, "shape [outputs, inputs] (nn.Linear's layout)", `[${cut(w!.shape.join(', '), 80)}]`);
    }
    const [outputs, inputs] = w!.shape as [number, number];
    if (l === 0) sizes.push(inputs);
    else if (inputs !== sizes[l]) {
      const before = layers[l - 1]!.module;
      fail(
        `tensor ${quoted(weight)} does not fit after ${quoted(before)}`,
        `shape [*, ${sizes[l]}] (${sizes[l]} inputs: the outputs of ${quoted(before)})`,
        `[${w!.shape.join(', ')}]`,
      );
    }
    if (outputs === 0 || inputs === 0) fail(`tensor ${quoted(weight)} is empty`, 'a layer of at least one neuron and one input', `[${w!.shape.join(', ')}]`);
    sizes.push(outputs);
    const b = tensors.get(bias);
    if (b === undefined) fail(`missing tensor ${quoted(bias)}`, `shape [${outputs}] (nn.Linear with bias=True)`, 'no such tensor');
    if (b!.shape.length !== 1 || b!.shape[0] !== outputs)
      fail(`tensor ${quoted(bias)} does not match ${quoted(weight)}`, `shape [${outputs}]`, `[${cut(b!.shape.join(', '), 80)}]`);
  });

  const hiddenCount = layers.length - 1;
  const missing: ('activation' | 'output')[] = [];
  if (options.activation === undefined) {
    if (hiddenCount > 0) missing.push('activation');
    if (options.output === undefined) missing.push('output');
  }
  if (missing.length > 0) throw new ActivationsUnknownError(source, sizes, format, missing);
  const output = options.output ?? options.activation!;
  try {
    return validateSpec({
      inputSize: sizes[0],
      layers: sizes.slice(1).map((units, l) => ({ units, activation: l < hiddenCount ? options.activation! : output })),
    });
  } catch (e) {
    if (e instanceof NetworkSpecError) fail(`the layers are not a valid network (${e.where})`, e.expected, e.found);
    throw e;
  }
}
