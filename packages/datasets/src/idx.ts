// The IDX format of LeCun's MNIST files: a 4-byte magic number (two zero
// bytes, a type code, the number of dimensions), each dimension as a
// big-endian uint32, then the elements, big-endian, last dimension fastest.
import { DatasetError, IdxFormatError } from './errors.js';
import { gunzip } from './gunzip.js';

/** The element types an IDX file can hold (its type codes 0x08, 0x09, 0x0b, 0x0c, 0x0d and 0x0e). */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds an IdxDtype's elements. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX file's contents: an n-dimensional array of one element type. */
export interface IdxTensor {
  /** The element type. */
  dtype: IdxDtype;
  /** The size of each dimension, the first one slowest (MNIST's training images: `[60000, 28, 28]`). */
  shape: number[];
  /** The elements, the last dimension fastest; for uint8, a view of the bytes read, not a copy. */
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

/** Options of `readIdx` and `readIdxFile`. */
export interface ReadIdxOptions {
  /**
   * How many times its own size a gzipped file may grow when gunzipped
   * (default 128). Real IDX files shrink 2–10× in gzip (MNIST's images 4.7×);
   * a header that claims far more is a gzip bomb, refused before anything is
   * allocated. (DEFLATE itself cannot exceed about 1032×.)
   */
  maxGzipRatio?: number;
}

/** `ReadIdxOptions.maxGzipRatio` unless given. */
export const DEFAULT_MAX_GZIP_RATIO = 128;

/** The largest typed array this reader will allocate (V8's limit for a Uint8Array is 2³²). */
const MAX_BYTES = 2 ** 32 - 1;

interface Header {
  info: DtypeInfo;
  shape: number[];
  headerLength: number;
  /** Exact, so a header of 255 dimensions of 2³²−1 cannot overflow into a plausible number. */
  dataBytes: bigint;
}

/**
 * Parse IDX bytes (plain, or gzipped as the files are usually served) into a
 * typed array in the platform's byte order. `source` (a file name, say) goes
 * into every error message. uint8 data, which is what MNIST holds, comes back
 * as a view into `bytes` (or into the gunzipped bytes) without a copy.
 *
 * Nothing is allocated beyond what the header declares, and the header must
 * fit the bytes: plain files must hold exactly the declared data; gzipped ones
 * are gunzipped into a buffer of the declared size, no larger than
 * `maxGzipRatio` times the file, with every member's CRC32 and length checked.
 */
export function readIdx(bytes: Uint8Array, source = 'IDX data', options: ReadIdxOptions = {}): IdxTensor {
  const ratio = options.maxGzipRatio ?? DEFAULT_MAX_GZIP_RATIO;
  if (typeof ratio !== 'number' || !(ratio > 0) || ratio === Number.POSITIVE_INFINITY) {
    throw new DatasetError('readIdx', 'options.maxGzipRatio as a positive number', String(ratio));
  }
  if (isGzip(bytes)) {
    const gz = bytes;
    const inner = `${source} (gunzipped)`;
    bytes = gunzip(gz, source, (head) => {
      const { info, shape, headerLength, dataBytes } = readHeader(head, inner);
      const total = BigInt(headerLength) + dataBytes;
      const allowed = Math.min(MAX_BYTES, Math.floor(ratio * gz.length));
      const declared = `${describeShape(shape)} ${info.dtype} (${describeSize(dataBytes)} bytes) after its ${headerLength}-byte header`;
      if (total > BigInt(allowed)) {
        const why = allowed === MAX_BYTES ? 'the most one array can hold' : `maxGzipRatio ${ratio} × the file's ${gz.length} bytes`;
        throw new IdxFormatError(source, `at most ${allowed} bytes once gunzipped (${why})`, `an IDX header declaring ${declared}`);
      }
      return { bytes: Number(total), why: `what the IDX header declares: ${declared}` };
    });
    source = inner;
  }
  const { info, shape, headerLength, dataBytes } = readHeader(bytes, source);
  const foundBytes = bytes.length - headerLength;
  if (BigInt(foundBytes) !== dataBytes) {
    const what = foundBytes < dataBytes ? 'truncated file' : 'trailing bytes';
    throw new IdxFormatError(source, `${describeSize(dataBytes)} data bytes for ${describeShape(shape)} ${info.dtype}`, `${foundBytes} (${what})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { dtype: info.dtype, shape, data: decode(info, view, headerLength, foundBytes / info.size, bytes) };
}

/** The magic number and dimensions; errors if they are not IDX or not all present. */
function readHeader(bytes: Uint8Array, source: string): Header {
  if (bytes.length < 4) {
    throw new IdxFormatError(source, 'at least 4 bytes (the IDX magic number)', `${bytes.length} bytes`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxFormatError(source, 'an IDX magic number starting with two zero bytes (00 00 <type> <dims>)', `${hexBytes(bytes.subarray(0, 4))}`);
  }
  const info = DTYPES.find((d) => d.code === bytes[2]);
  if (info === undefined) {
    throw new IdxFormatError(source, `an IDX type code, one of ${KNOWN_CODES}`, hex(bytes[2]!));
  }
  const rank = bytes[3]!;
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxFormatError(source, `a header of ${headerLength} bytes for ${rank} dimensions`, `only ${bytes.length} bytes (truncated header)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1n;
  for (let d = 0; d < rank; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    shape.push(n);
    count *= BigInt(n);
  }
  return { info, shape, headerLength, dataBytes: count * BigInt(info.size) };
}

/** A shape for a one-line message: every dimension if there are few, else the first and last few. */
function describeShape(shape: readonly number[]): string {
  if (shape.length === 0) return 'a scalar';
  if (shape.length <= 6) return shape.join(' × ');
  return `${shape.length} dimensions ${shape.slice(0, 3).join(' × ')} × … × ${shape.slice(-2).join(' × ')}`;
}

/** A byte count, exact unless it has more digits than anyone reads. */
function describeSize(n: bigint): string {
  const digits = n.toString();
  return digits.length <= 21 ? digits : `about 10^${digits.length - 1}`;
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
