// Decoding PNG (ISO/IEC 15948, https://www.w3.org/TR/png/) into 8-bit RGBA,
// checked at every step before anything is allocated from what the file says:
// the signature, every chunk's length and CRC, the chunk order, and an IHDR
// whose size is capped before a single pixel is decoded. The image data is
// inflated and decoded row by row as it arrives, straight into the RGBA
// result (so the only large allocation is the result itself), and one byte
// past the rows IHDR implies is an error at once: a small file cannot claim gigabytes.
import { Unzlib } from 'fflate';
import { PngFormatError, VizInputError, describeValue } from './errors.js';
import type { RgbaImage } from './png.js';

/** decodePng's default pixel cap: 4096 × 4096, far past any picture of a digit. */
export const MAX_PNG_PIXELS = 4096 * 4096;

/** Options of `decodePng`. */
export interface DecodePngOptions {
  /** Names the bytes in error messages (a file name, say); default 'decodePng'. */
  source?: string;
  /** The most pixels (width × height) accepted, checked before decoding (default `MAX_PNG_PIXELS`). */
  maxPixels?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const COLOR_TYPES: Record<number, { name: string; channels: number; depths: readonly number[] }> = {
  0: { name: 'greyscale', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', channels: 3, depths: [8, 16] },
  3: { name: 'palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { name: 'greyscale + alpha', channels: 2, depths: [8, 16] },
  6: { name: 'RGBA', channels: 4, depths: [8, 16] },
};

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
  interlaced: boolean;
}

/** What the chunks hold, once each has been checked. */
interface Chunks {
  header: Header;
  /** RGB triples. */
  palette?: Uint8Array;
  /** tRNS: one alpha per palette entry, or the one transparent grey or RGB colour (16-bit samples). */
  transparency?: Uint8Array;
  imageData: Uint8Array[];
}

/**
 * Decode any valid PNG into 8-bit RGBA: greyscale, grey + alpha, RGB, RGBA and
 * palette images at any bit depth (1, 2, 4, 8, 16), interlaced or not,
 * honouring tRNS transparency. 16-bit samples keep their high byte.
 *
 * Invalid PNGs are refused with a `PngFormatError` saying what was expected
 * and what was found: a bad signature or CRC, chunks out of order, a palette
 * image without PLTE, a size of 0 or over `maxPixels`, image data that does
 * not inflate to exactly the size IHDR implies. Ancillary chunks other than
 * tRNS are checked (length, CRC) and skipped, so no text or ICC profile is inflated.
 * Besides the result (4 bytes a pixel), decoding needs only two rows.
 */
export function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): RgbaImage {
  const source = options.source ?? 'decodePng';
  const maxPixels = options.maxPixels ?? MAX_PNG_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new VizInputError('decodePng', 'options.maxPixels as a positive integer', describeValue(maxPixels));
  }
  const fail = (expected: string, found: string): never => {
    throw new PngFormatError(source, expected, found);
  };
  if (!(bytes instanceof Uint8Array)) fail('PNG bytes as a Uint8Array', describeValue(bytes));
  const chunks = readChunks(bytes, maxPixels, fail);
  const { width, height } = chunks.header;
  return { width, height, data: decodeImageData(chunks, fail) };
}

function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A chunk type for a message: its four letters, or its bytes in hex if they are not letters. */
function typeName(bytes: Uint8Array): string {
  return /^[A-Za-z]{4}$/.test(String.fromCharCode(...bytes)) ? `'${String.fromCharCode(...bytes)}'` : `bytes ${hex(bytes)}`;
}

/** Walk the chunks from the signature to IEND, checking each. */
function readChunks(bytes: Uint8Array, maxPixels: number, fail: (expected: string, found: string) => never): Chunks {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    fail(`PNG bytes (starting ${hex(SIGNATURE)})`, `${bytes.length} bytes${bytes.length ? ` starting ${hex(bytes.subarray(0, 8))}` : ''}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const imageData: Uint8Array[] = [];
  let previous = '';
  for (let at = 8; ; ) {
    if (bytes.length - at < 12) fail(`a chunk at byte ${at} (length, type, data, CRC)`, `only ${bytes.length - at} bytes left (truncated file)`);
    const length = view.getUint32(at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`a chunk type of four letters at byte ${at}`, typeName(typeBytes));
    if (length > 2 ** 31 - 1) fail(`a chunk length below 2³¹ for '${type}' at byte ${at}`, `${length}`);
    if (bytes.length - at - 12 < length)
      fail(`${length} bytes of chunk '${type}' at byte ${at}`, `only ${Math.max(0, bytes.length - at - 12)} (truncated file)`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const stored = view.getUint32(at + 8 + length);
    const crc = crc32(bytes, at + 4, at + 8 + length);
    if (crc !== stored) fail(`chunk '${type}' at byte ${at} to match its CRC32 ${hex32(stored)}`, `${hex32(crc)} (the file is corrupt)`);

    if (header === undefined && type !== 'IHDR') fail('the IHDR chunk first', `'${type}'`);
    if (type === 'IHDR') {
      if (header !== undefined) fail('one IHDR chunk', `another at byte ${at}`);
      header = readHeader(data, maxPixels, fail);
    } else if (type === 'PLTE') {
      const h = header!;
      if (h.colorType === 0 || h.colorType === 4) fail(`no PLTE chunk in a ${COLOR_TYPES[h.colorType]!.name} image`, `one at byte ${at}`);
      if (palette !== undefined) fail('one PLTE chunk', `another at byte ${at}`);
      if (imageData.length > 0) fail('PLTE before the image data (IDAT)', `PLTE after it, at byte ${at}`);
      const entries = length / 3;
      const most = h.colorType === 3 ? Math.min(256, 2 ** h.depth) : 256;
      if (!Number.isInteger(entries) || entries < 1 || entries > most) fail(`a PLTE of 1 to ${most} RGB entries (3 bytes each)`, `${length} bytes`);
      palette = data;
    } else if (type === 'tRNS') {
      const h = header!;
      if (transparency !== undefined) fail('one tRNS chunk', `another at byte ${at}`);
      if (imageData.length > 0) fail('tRNS before the image data (IDAT)', `tRNS after it, at byte ${at}`);
      if (h.colorType === 4 || h.colorType === 6) fail(`no tRNS chunk in a ${COLOR_TYPES[h.colorType]!.name} image (it has alpha)`, `one at byte ${at}`);
      if (h.colorType === 3) {
        if (palette === undefined) fail('PLTE before tRNS in a palette image', `tRNS at byte ${at} first`);
        if (length > palette!.length / 3) fail(`at most ${palette!.length / 3} tRNS alphas (one per palette entry)`, `${length}`);
      } else if (length !== 2 * h.channels) {
        fail(`a tRNS chunk of ${2 * h.channels} bytes for a ${COLOR_TYPES[h.colorType]!.name} image`, `${length} bytes`);
      }
      transparency = data;
    } else if (type === 'IDAT') {
      if (imageData.length > 0 && previous !== 'IDAT') fail('the IDAT chunks one after another', `'${previous}' between them`);
      if (header!.colorType === 3 && palette === undefined) fail('a PLTE chunk before the image data of a palette image', 'none');
      imageData.push(data);
    } else if (type === 'IEND') {
      if (length !== 0) fail('an empty IEND chunk', `${length} bytes`);
      if (imageData.length === 0) fail('image data (IDAT chunks) before IEND', 'none');
      const after = bytes.length - (at + 12);
      if (after > 0) fail('nothing after the IEND chunk', `${after} more bytes`);
      return { header: header!, ...(palette ? { palette } : {}), ...(transparency ? { transparency } : {}), imageData };
    } else if (type.charCodeAt(0) < 0x61) {
      // Upper case first letter: critical, and a decoder must not skip one it does not know.
      fail('only the critical chunks IHDR, PLTE, IDAT and IEND', `'${type}' at byte ${at}`);
    }
    previous = type;
    at += 12 + length;
  }
}

function readHeader(data: Uint8Array, maxPixels: number, fail: (expected: string, found: string) => never): Header {
  if (data.length !== 13) fail('an IHDR chunk of 13 bytes', `${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [depth, colorType, compression, filter, interlace] = data.subarray(8) as unknown as number[];
  if (width < 1 || height < 1 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) {
    fail('a width and height from 1 to 2³¹−1 pixels', `${width} × ${height}`);
  }
  if (width * height > maxPixels) {
    const side = Math.sqrt(maxPixels);
    fail(`at most ${maxPixels} pixels (maxPixels${Number.isInteger(side) ? `, ${side} × ${side}` : ''})`, `${width} × ${height} = ${width * height}`);
  }
  const color = COLOR_TYPES[colorType!];
  if (color === undefined) fail('a colour type 0, 2, 3, 4 or 6', `${colorType}`);
  if (!color!.depths.includes(depth!)) fail(`a bit depth of ${color!.depths.join(', ')} for a ${color!.name} image`, `${depth}`);
  if (compression !== 0) fail('compression method 0 (deflate)', `${compression}`);
  if (filter !== 0) fail('filter method 0', `${filter}`);
  if (interlace !== 0 && interlace !== 1) fail('interlace method 0 (none) or 1 (Adam7)', `${interlace}`);
  return { width, height, depth: depth!, colorType: colorType!, channels: color!.channels, interlaced: interlace === 1 };
}

interface Pass {
  /** Where the pass's first pixel sits, and the step between its pixels. */
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The reduced images the data holds: the whole image, or Adam7's seven passes. */
function passes({ width, height, interlaced }: Header): Pass[] {
  if (!interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0,
    y0,
    dx,
    dy,
    width: width > x0 ? Math.ceil((width - x0) / dx) : 0,
    height: height > y0 ? Math.ceil((height - y0) / dy) : 0,
  }));
}

function rowBytes(width: number, h: Header): number {
  return Math.ceil((width * h.channels * h.depth) / 8);
}

/** Bytes of a pass once inflated: a filter-type byte, then the samples, per row (nothing for an empty pass). */
function passBytes(width: number, height: number, h: Header): number {
  return width === 0 || height === 0 ? 0 : height * (1 + rowBytes(width, h));
}

/**
 * Inflate the concatenated IDAT data and decode each row as soon as it is
 * complete: undo its filter against the row before, then write its pixels into
 * the RGBA result. Data past the last row, or missing before it, is an error.
 */
function decodeImageData(chunks: Chunks, fail: (expected: string, found: string) => never): Uint8ClampedArray {
  const { header, imageData } = chunks;
  const all = passes(header).filter((p) => p.width > 0 && p.height > 0);
  const expected = all.reduce((n, p) => n + passBytes(p.width, p.height, header), 0);
  const what = `${header.width} × ${header.height} ${header.depth}-bit ${COLOR_TYPES[header.colorType]!.name}${header.interlaced ? ', interlaced' : ''}`;
  const out = new Uint8ClampedArray(header.width * header.height * 4);
  const widest = Math.max(...all.map((p) => rowBytes(p.width, header)));
  // The row being filled and the one before it, each with its filter-type byte first.
  let row = new Uint8Array(widest + 1);
  let above = new Uint8Array(widest + 1);
  let pass = 0,
    y = 0,
    filled = 0,
    total = 0;
  let n = rowBytes(all[0]!.width, header);
  const adler = new Adler32();

  const take = (chunk: Uint8Array): void => {
    adler.update(chunk);
    total += chunk.length;
    for (let at = 0; at < chunk.length; ) {
      if (pass === all.length) fail(`${expected} bytes of image data once inflated (${what})`, 'more (the compressed data goes on)');
      const k = Math.min(n + 1 - filled, chunk.length - at);
      row.set(chunk.subarray(at, at + k), filled);
      filled += k;
      at += k;
      if (filled < n + 1) continue;
      unfilter(row, above, n, header, y, fail);
      toRgba(row, all[pass]!, y, chunks, out, fail);
      [row, above] = [above, row];
      filled = 0;
      if (++y === all[pass]!.height) {
        y = 0;
        if (++pass < all.length) n = rowBytes(all[pass]!.width, header);
      }
    }
  };
  const inflater = new Unzlib(take);
  // Small pieces: DEFLATE expands at most about 1032×, so no one push inflates to more than a megabyte past the last row.
  const piece = 1024;
  try {
    imageData.forEach((data, i) => {
      const last = i === imageData.length - 1;
      if (data.length === 0 && last) inflater.push(data, true);
      for (let at = 0; at < data.length; at += piece) inflater.push(data.subarray(at, at + piece), last && at + piece >= data.length);
    });
  } catch (error) {
    if (error instanceof PngFormatError) throw error;
    fail('valid zlib data in the IDAT chunks', `${(error as Error).message}`);
  }
  if (pass < all.length) fail(`${expected} bytes of image data once inflated (${what})`, `${total} (truncated image data)`);
  // fflate does not check the stream's Adler-32 trailer (its last 4 bytes); a corrupt stream can inflate to the right size.
  const tail = concatTail(imageData, 4);
  const stored = ((tail[0]! << 24) | (tail[1]! << 16) | (tail[2]! << 8) | tail[3]!) >>> 0;
  const sum = adler.value();
  if (sum !== stored) fail(`the image data to match its Adler-32 ${hex32(stored)}`, `${hex32(sum)} (the data is corrupt)`);
  return out;
}

/** The last `n` bytes of the IDAT data, which may straddle chunks. */
function concatTail(parts: readonly Uint8Array[], n: number): number[] {
  const tail: number[] = [];
  for (let i = parts.length - 1; i >= 0 && tail.length < n; i--) {
    const part = parts[i]!;
    for (let j = part.length - 1; j >= 0 && tail.length < n; j--) tail.unshift(part[j]!);
  }
  return tail;
}

/** Undo one row's filter (PNG §9) in place, given the row above (unfiltered already; none for a pass's first row). */
function unfilter(row: Uint8Array, above: Uint8Array, n: number, h: Header, y: number, fail: (expected: string, found: string) => never): void {
  const bpp = Math.max(1, (h.channels * h.depth) >> 3);
  const first = y === 0;
  // Samples start after the filter-type byte: row[1..n], above[1..n].
  switch (row[0]) {
    case 0:
      break;
    case 1:
      for (let i = 1 + bpp; i <= n; i++) row[i] = row[i]! + row[i - bpp]!;
      break;
    case 2:
      if (!first) for (let i = 1; i <= n; i++) row[i] = row[i]! + above[i]!;
      break;
    case 3:
      for (let i = 1; i <= n; i++) {
        const left = i > bpp ? row[i - bpp]! : 0;
        const up = first ? 0 : above[i]!;
        row[i] = row[i]! + ((left + up) >> 1);
      }
      break;
    case 4:
      for (let i = 1; i <= n; i++) {
        const a = i > bpp ? row[i - bpp]! : 0;
        const b = first ? 0 : above[i]!;
        const c = i > bpp && !first ? above[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        row[i] = row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      break;
    default:
      fail('a filter type 0 to 4 at the start of each row', `${row[0]} on row ${y}${h.interlaced ? ' of an Adam7 pass' : ''}`);
  }
}

/** Write one row of a pass into the RGBA image, scaling every sample to 0..255. */
function toRgba(
  row: Uint8Array,
  pass: Pass,
  y: number,
  { header: h, palette, transparency }: Chunks,
  out: Uint8ClampedArray,
  fail: (expected: string, found: string) => never,
): void {
  const { depth, channels, colorType } = h;
  const max = 2 ** depth - 1;
  // Scale any bit depth to 0..255: 1-bit 1 → 255, 4-bit 15 → 255, 16-bit keeps its high byte.
  const toByte = depth === 16 ? (v: number) => v >> 8 : depth === 8 ? (v: number) => v : (v: number) => Math.round((v * 255) / max);
  // tRNS on grey/RGB images names one colour (16-bit big-endian samples, in the image's own bit depth) that is fully transparent.
  const key = transparency && colorType !== 3 ? Array.from({ length: channels }, (_, c) => (transparency[2 * c]! << 8) | transparency[2 * c + 1]!) : undefined;
  const entries = palette ? palette.length / 3 : 0;
  // Samples start at row[1], after the filter-type byte.
  const sample = (i: number): number => {
    if (depth === 8) return row[1 + i]!;
    if (depth === 16) return (row[1 + 2 * i]! << 8) | row[2 + 2 * i]!;
    const bit = i * depth;
    return (row[1 + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
  };
  const s = [0, 0, 0, 0];
  let o = 4 * ((pass.y0 + y * pass.dy) * h.width + pass.x0);
  const step = 4 * pass.dx;
  if (depth === 8 && colorType !== 3 && key === undefined) {
    // The common case (8-bit grey, RGB, RGBA, no colour key), without a call per sample.
    for (let x = 0, i = 1; x < pass.width; x++, o += step, i += channels) {
      if (channels <= 2) {
        out[o] = out[o + 1] = out[o + 2] = row[i]!;
        out[o + 3] = channels === 2 ? row[i + 1]! : 255;
      } else {
        out[o] = row[i]!;
        out[o + 1] = row[i + 1]!;
        out[o + 2] = row[i + 2]!;
        out[o + 3] = channels === 4 ? row[i + 3]! : 255;
      }
    }
    return;
  }
  for (let x = 0; x < pass.width; x++, o += step) {
    for (let c = 0; c < channels; c++) s[c] = sample(x * channels + c);
    if (colorType === 3) {
      const index = s[0]!;
      if (index >= entries)
        fail(`palette indices below ${entries} (the PLTE entries)`, `index ${index} at pixel (${pass.x0 + x * pass.dx}, ${pass.y0 + y * pass.dy})`);
      out[o] = palette![3 * index]!;
      out[o + 1] = palette![3 * index + 1]!;
      out[o + 2] = palette![3 * index + 2]!;
      out[o + 3] = transparency && index < transparency.length ? transparency[index]! : 255;
      continue;
    }
    if (channels <= 2) {
      out[o] = out[o + 1] = out[o + 2] = toByte(s[0]!);
      out[o + 3] = channels === 2 ? toByte(s[1]!) : 255;
    } else {
      out[o] = toByte(s[0]!);
      out[o + 1] = toByte(s[1]!);
      out[o + 2] = toByte(s[2]!);
      out[o + 3] = channels === 4 ? toByte(s[3]!) : 255;
    }
    if (key?.every((k, c) => k === s[c])) out[o + 3] = 0;
  }
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG (and gzip) use it, of `bytes[from, to)`. */
function crc32(bytes: Uint8Array, from: number, to: number): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = ~0;
  for (let i = from; i < to; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** zlib's Adler-32 checksum, over data that arrives in pieces. */
class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array): void {
    let { a, b } = this;
    // Reduce every 5552 bytes, as zlib does (no float rounding either way, but smaller numbers are faster).
    for (let i = 0; i < bytes.length; ) {
      const end = Math.min(bytes.length, i + 5552);
      for (; i < end; i++) {
        a += bytes[i]!;
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.a = a;
    this.b = b;
  }

  value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}
