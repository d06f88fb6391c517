// The safetensors file format (Hugging Face), bytes only so it runs in the browser:
//
//   8 bytes   N, the header length, unsigned 64-bit little-endian
//   N bytes   UTF-8 JSON: { "__metadata__": {string: string}, "<name>":
//             { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] }, ... }
//             padded with spaces so the data starts 8-byte aligned
//   rest      the tensors' raw little-endian bytes; offsets are relative to here
//
// Decoding checks what the reference implementation checks: a header that fits
// the file, no key twice, sizes that match shapes, and offsets that tile the
// data section exactly, with no overlap and no gap. All of it is checked
// before any tensor is decoded, so what is allocated is what the data section
// holds (at most twice its size, for F16 and BF16).

import { brief, cut, quoted } from './errors.js';
import { DownhillError } from './errors.js';

/** The element types decoded; every one becomes a Float32Array. Only F32 is written. */
export type SafetensorsDtype = 'F32' | 'F64' | 'F16' | 'BF16';

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/** The reference implementation's limit; a longer header means a corrupt or hostile file. */
export const MAX_HEADER_LENGTH = 100_000_000;

/** A tensor for `encodeSafetensors` to write. */
export interface TensorToEncode {
  /** Its name in the file, e.g. `layers.0.weight`. */
  name: string;
  /** The dtype written: float32. */
  dtype: 'F32';
  /** Its shape, e.g. `[16, 784]`; the product is `data.length`. */
  shape: readonly number[];
  /** Its numbers, row-major. */
  data: Float32Array;
}

/** A tensor `decodeSafetensors` read. */
export interface DecodedTensor {
  /** The dtype in the file; `data` is converted to float32 whatever it was. */
  dtype: SafetensorsDtype;
  /** Its shape, as the file gives it. */
  shape: number[];
  /** Its numbers, row-major, as float32. */
  data: Float32Array;
}

/** What `decodeSafetensors` read: the tensors by name and the header's metadata. */
export interface DecodedSafetensors {
  /** Every tensor, by name, in the file's order. */
  tensors: Map<string, DecodedTensor>;
  /** The header's `__metadata__` (string to string). */
  metadata: Record<string, string>;
}

/** Thrown for bytes (or tensors to write) that are not valid safetensors. */
export class SafetensorsFormatError extends DownhillError {
  override readonly code = 'SAFETENSORS_FORMAT';
  override name = 'SafetensorsFormatError';
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

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The bytes of a safetensors file holding `tensors` (in the given order, data
 * laid out in the same order) and `metadata`. The same inputs always give the
 * same bytes: metadata keys are sorted and the header is built by hand, so no
 * object key order can leak in.
 */
export function encodeSafetensors(tensors: readonly TensorToEncode[], metadata: Record<string, string> = {}): Uint8Array {
  const fail = (problem: string, expected: string, found: string): never => {
    throw new SafetensorsFormatError('encodeSafetensors', problem, expected, found);
  };
  const entries: string[] = [];
  const metaKeys = Object.keys(metadata).sort();
  if (metaKeys.length > 0) {
    const fields = metaKeys.map((key) => {
      const value = metadata[key];
      if (typeof value !== 'string') fail(`metadata '${key}' is not a string`, 'string values only', typeof value);
      return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    });
    entries.push(`"__metadata__":{${fields.join(',')}}`);
  }
  const names = new Set<string>();
  let offset = 0;
  for (const { name, dtype, shape, data } of tensors) {
    if (typeof name !== 'string' || name === '' || name === '__metadata__' || names.has(name)) {
      fail('bad tensor name', "unique, non-empty names other than '__metadata__'", JSON.stringify(name));
    }
    names.add(name);
    if (dtype !== 'F32') fail(`tensor '${name}' has an unsupported dtype`, 'F32', String(dtype));
    if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`tensor '${name}' has a bad shape`, 'non-negative integers', JSON.stringify(shape));
    if (!(data instanceof Float32Array) || data.length !== product(shape)) {
      fail(`tensor '${name}' does not fit its shape [${shape.join(', ')}]`, `${product(shape)} float32 numbers`, `${data?.length}`);
    }
    const end = offset + data.length * 4;
    entries.push(`${JSON.stringify(name)}:{"dtype":"F32","shape":[${shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength); // spaces, as the reference pads
  let at = 8 + headerLength;
  for (const { data } of tensors) {
    if (littleEndian) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i]!, true);
    at += data.byteLength;
  }
  return bytes;
}

/** The tensors and metadata of a safetensors file; `source` (e.g. a file name) prefixes every error. */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors'): DecodedSafetensors {
  const fail = (problem: string, expected: string, found: string): never => {
    throw new SafetensorsFormatError(source, problem, expected, found);
  };
  if (!(bytes instanceof Uint8Array)) fail('not bytes', 'a Uint8Array', Object.prototype.toString.call(bytes));
  if (bytes.length < 8) fail('file too short for the header length', 'at least 8 bytes', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_LENGTH) fail('header length is absurd', `at most ${MAX_HEADER_LENGTH} bytes`, `${headerLength}`);
  if (headerLength > bytes.length - 8) fail('header length runs past the end of the file', `at most ${bytes.length - 8} bytes`, `${headerLength}`);

  let header: unknown;
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    header = JSON.parse(text);
  } catch (e) {
    fail('header is not valid UTF-8 JSON', 'a JSON object', cut((e as Error).message, 120));
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('header is not a JSON object', 'a JSON object', header === null ? 'null' : Array.isArray(header) ? 'an array' : typeof header);
  }

  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) fail(`header has the key ${quoted(duplicate)} twice`, 'each key once', 'a duplicate (readers disagree on which one counts)');

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadataEntries: [string, string][] = [];
  const spans: { name: string; type: SafetensorsDtype; shape: number[]; count: number; begin: number; end: number }[] = [];

  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    const tensor = `tensor ${quoted(name)}`;
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail('__metadata__ is not an object', 'string → string', brief(entry));
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`metadata ${quoted(key)} is not a string`, 'string values only', brief(value));
        metadataEntries.push([key, value as string]);
      }
      continue;
    }
    if (typeof entry !== 'object' || entry === null) fail(`${tensor} has no description`, '{ dtype, shape, data_offsets }', brief(entry));
    const { dtype, shape, data_offsets: offsets } = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES_PER_ELEMENT, dtype)) {
      fail(`${tensor} has an unsupported dtype`, Object.keys(BYTES_PER_ELEMENT).join(', '), brief(dtype));
    }
    if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`${tensor} has a bad shape`, 'an array of non-negative integers', brief(shape));
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
      fail(`${tensor} has bad data_offsets`, '[begin, end] with 0 ≤ begin ≤ end', brief(offsets));
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) fail(`${tensor} runs past the data section`, `end ≤ ${dataLength}`, `${end}`);
    const type = dtype as SafetensorsDtype;
    const dims = shape as number[];
    const count = elementCount(dims);
    if (count === undefined || end - begin !== count * BYTES_PER_ELEMENT[type]) {
      const claimed = count === undefined ? 'more than 2⁵³ elements' : `${count * BYTES_PER_ELEMENT[type]} bytes of ${type}`;
      fail(`${tensor} size does not match its shape ${brief(dims)}`, claimed, `${end - begin} bytes`);
    }
    spans.push({ name, type, shape: dims, count: count!, begin, end });
  }

  // The tensors must tile the data section: sorted by offset, each begins where the last ended.
  // Checked before anything is decoded, so no two tensors can make the decoder read the same bytes twice.
  const byOffset = [...spans].sort((p, q) => p.begin - q.begin || p.end - q.end);
  let cursor = 0,
    previous = '(start of data)';
  for (const { name, begin, end } of byOffset) {
    if (begin < cursor) fail(`tensors ${quoted(previous)} and ${quoted(name)} overlap`, `${quoted(name)} to begin at byte ${cursor}`, `${begin}`);
    if (begin > cursor) fail(`gap in the data section before ${quoted(name)}`, `${quoted(name)} to begin at byte ${cursor}`, `${begin}`);
    cursor = end;
    previous = name;
  }
  if (cursor !== dataLength) fail('data section has bytes no tensor claims', `${cursor} data bytes`, `${dataLength}`);

  const tensors = new Map<string, DecodedTensor>();
  for (const { name, type, shape, count, begin } of spans) tensors.set(name, { dtype: type, shape, data: toFloat32(view, dataStart + begin, count, type) });
  // fromEntries defines own properties, so even a key named '__proto__' survives.
  return { tensors, metadata: Object.fromEntries(metadataEntries) };
}

/** The product of `shape`, exactly, or undefined if it passes 2⁵³ (where a float product could round to a plausible size). */
function elementCount(shape: readonly number[]): number | undefined {
  if (shape.includes(0)) return 0;
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return n;
}

/**
 * The first key that appears twice in one object of `text`, which is valid
 * JSON (JSON.parse keeps the last silently; other readers keep the first).
 */
function duplicateKey(text: string): string | undefined {
  // One entry per open bracket: the keys seen so far in an object, null in an array.
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        keyNext = false;
      }
      i = j;
    } else if (c === 0x7b) {
      open.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) {
      open.push(null);
      keyNext = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c) {
      keyNext = open[open.length - 1] != null;
    }
  }
  return undefined;
}

function toFloat32(view: DataView, at: number, count: number, dtype: SafetensorsDtype): Float32Array {
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    if (littleEndian) new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset + at, count * 4));
    else for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, true);
  } else if (dtype === 'F64') {
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true);
  } else if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(at + 2 * i, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at + 2 * i, true));
  }
  return out;
}

/** IEEE 754 binary16 → number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
