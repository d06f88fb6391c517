// Hostile PNG files for the tests and for measuring by hand:
// `node --conditions=source --import tsx test/hostile-png.ts [folder]` writes them
// to a folder (default /tmp/hostile). Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** One chunk: length, type, body, CRC (of type and body, or `crc` if given). */
export function chunk(type: string, body: Uint8Array, crc?: number): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc ?? crc32(out.subarray(4, 8 + body.length)));
  return out;
}

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Uint8Array {
  const body = new Uint8Array(13);
  const view = new DataView(body.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  body.set([depth, colorType, 0, 0, interlace], 8);
  return body;
}

/** A PNG from chunks (signature added). */
export function png(...chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set(SIGNATURE);
  let at = 8;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The zlib stream of `height` all-zero scanlines of `rowBytes` bytes each (filter byte 0 first). */
export function zeroScanlines(rowBytes: number, height: number): Uint8Array {
  return new Uint8Array(deflateSync(new Uint8Array((rowBytes + 1) * height), { level: 9 }));
}

/** A black `width` × `height` PNG of the given bit depth and colour type (grey 0 by default). */
export function blankPng(width: number, height: number, depth = 8, colorType = 0): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType]!;
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const extra = colorType === 3 ? [chunk('PLTE', new Uint8Array(3))] : [];
  return png(chunk('IHDR', ihdr(width, height, depth, colorType)), ...extra, chunk('IDAT', zeroScanlines(rowBytes, height)), chunk('IEND', new Uint8Array(0)));
}

function main(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const write = (name: string, bytes: Uint8Array) => writeFileSync(join(folder, name), bytes);
  write('png-10000x10000.png', blankPng(10_000, 10_000));
  write('png-20000x20000-1bit.png', blankPng(20_000, 20_000, 1));
  write('png-0x0.png', png(chunk('IHDR', ihdr(0, 0, 8, 0)), chunk('IDAT', zeroScanlines(0, 0)), chunk('IEND', new Uint8Array(0))));
  write('png-palette-no-plte.png', png(chunk('IHDR', ihdr(28, 28, 8, 3)), chunk('IDAT', zeroScanlines(28, 28)), chunk('IEND', new Uint8Array(0))));
  write('png-bad-ihdr-crc.png', png(chunk('IHDR', ihdr(28, 28, 8, 0), 0x12345678), chunk('IDAT', zeroScanlines(28, 28)), chunk('IEND', new Uint8Array(0))));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2] ?? '/tmp/hostile');
