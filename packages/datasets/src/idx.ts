// The IDX format of LeCun's MNIST files: a 4-byte magic number (two zero
// bytes, a type code, the number of dimensions), each dimension as a
// big-endian uint32, then the elements, big-endian, last dimension fastest.
import { gunzipSync } from 'fflate';
import { IdxFormatError } from './errors.js';

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxTensor {
  dtype: IdxDtype;
  shape: number[];
  data: IdxData;
}

interface DtypeInfo {
  dtype: IdxDtype;
  code: number;
  size: number;
  array: { new (length: number): IdxData; readonly name: string };
}

const DTYPES: readonly DtypeInfo[] = [
  { dtype: 'uint8', code: 0x08, size: 1, array: Uint8Array },
  { dtype: 'int8', code: 0x09, size: 1, array: Int8Array },
  { dtype: 'int16', code: 0x0b, size: 2, array: Int16Array },
  { dtype: 'int32', code: 0x0c, size: 4, array: Int32Array },
  { dtype: 'float32', code: 0x0d, size: 4, array: Float32Array },
  { dtype: 'float64', code: 0x0e, size: 8, array: Float64Array },
];

const KNOWN_CODES = DTYPES.map((d) => `${hex(d.code)} (${d.dtype})`).join(', ');

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parse IDX bytes (plain, or gzipped as the files are usually served) into a
 * typed array in the platform's byte order. `source` (a file name, say) goes
 * into every error message. uint8 data, which is what MNIST holds, comes back
 * as a view into `bytes` without a copy.
 */
export function readIdx(bytes: Uint8Array, source = 'IDX data'): IdxTensor {
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new IdxFormatError(source, 'valid gzip data (it starts with the gzip magic 1f 8b)', `corrupt gzip: ${reason}`);
    }
    source = `${source} (gunzipped)`;
  }
  if (bytes.length < 4) {
    throw new IdxFormatError(source, 'at least 4 bytes (the IDX magic number)', `${bytes.length} bytes`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxFormatError(
      source,
      'an IDX magic number starting with two zero bytes (00 00 <type> <dims>)',
      `${hexBytes(bytes.subarray(0, 4))}`,
    );
  }
  const info = DTYPES.find((d) => d.code === bytes[2]);
  if (info === undefined) {
    throw new IdxFormatError(source, `an IDX type code, one of ${KNOWN_CODES}`, hex(bytes[2]!));
  }
  const rank = bytes[3]!;
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxFormatError(
      source,
      `a header of ${headerLength} bytes for ${rank} dimensions`,
      `only ${bytes.length} bytes (truncated header)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    shape.push(n);
    count *= n;
  }
  const expectedBytes = count * info.size;
  const foundBytes = bytes.length - headerLength;
  if (foundBytes !== expectedBytes) {
    const what = foundBytes < expectedBytes ? 'truncated file' : 'trailing bytes';
    const dims = rank === 0 ? 'a scalar' : shape.join(' × ');
    throw new IdxFormatError(
      source,
      `${expectedBytes} data bytes for ${dims} ${info.dtype}`,
      `${foundBytes} (${what})`,
    );
  }
  return { dtype: info.dtype, shape, data: decode(info, view, headerLength, count, bytes) };
}

function decode(info: DtypeInfo, view: DataView, offset: number, count: number, bytes: Uint8Array): IdxData {
  switch (info.dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      // One byte has no byte order, so this too can be a view.
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * The IDX bytes of `tensor` (uncompressed; gzip them with fflate's `gzipSync`
 * if you like): the inverse of `readIdx`.
 */
export function encodeIdx(tensor: IdxTensor, source = 'encodeIdx'): Uint8Array {
  const info = DTYPES.find((d) => d.dtype === tensor.dtype);
  if (info === undefined) {
    throw new IdxFormatError(source, `a dtype, one of ${DTYPES.map((d) => d.dtype).join(', ')}`, `'${tensor.dtype}'`);
  }
  if (!(tensor.data instanceof info.array)) {
    throw new IdxFormatError(source, `${info.array.name} data for dtype ${info.dtype}`, tensor.data.constructor.name);
  }
  const { shape, data } = tensor;
  if (shape.length > 255) {
    throw new IdxFormatError(source, 'at most 255 dimensions (the count is one byte)', `${shape.length}`);
  }
  let count = 1;
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      throw new IdxFormatError(source, 'dimensions that are integers in 0 .. 2³²−1', `[${shape.join(', ')}]`);
    }
    count *= n;
  }
  if (count !== data.length) {
    throw new IdxFormatError(source, `${count} elements for shape [${shape.join(', ')}]`, `${data.length}`);
  }
  const headerLength = 4 + 4 * shape.length;
  const bytes = new Uint8Array(headerLength + count * info.size);
  const view = new DataView(bytes.buffer);
  bytes[2] = info.code;
  bytes[3] = shape.length;
  for (let d = 0; d < shape.length; d++) view.setUint32(4 + 4 * d, shape[d]!, false);
  const o = headerLength;
  switch (info.dtype) {
    case 'uint8':
    case 'int8':
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, count), o);
      break;
    case 'int16':
      for (let i = 0; i < count; i++) view.setInt16(o + 2 * i, data[i]!, false);
      break;
    case 'int32':
      for (let i = 0; i < count; i++) view.setInt32(o + 4 * i, data[i]!, false);
      break;
    case 'float32':
      for (let i = 0; i < count; i++) view.setFloat32(o + 4 * i, data[i]!, false);
      break;
    case 'float64':
      for (let i = 0; i < count; i++) view.setFloat64(o + 8 * i, data[i]!, false);
      break;
  }
  return bytes;
}
