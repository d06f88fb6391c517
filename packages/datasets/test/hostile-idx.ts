// Hostile IDX files, plain and gzipped, for the tests and for measuring by hand:
// `node --conditions=source --import tsx test/hostile-idx.ts [folder]` writes the
// big ones (the 1 MB and 5 MB gzip bombs) to a folder (default /tmp/hostile).
// Not a test.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { concat } from '../../../shared/bytes.test-util.js';

/** An IDX header: magic 00 00 <type> <rank>, then each dimension as a big-endian uint32. */
export function idxHeader(type: number, dims: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  for (let i = 0; i < dims.length; i++) view.setUint32(4 + 4 * i, dims[i]!, false);
  return bytes;
}

export { concat } from '../../../shared/bytes.test-util.js';

/** One gzip member of `data`, with its trailer's CRC32 and/or ISIZE overwritten if asked. */
export function gzipMember(data: Uint8Array, lie: { crc?: number; isize?: number } = {}): Uint8Array {
  const gz = new Uint8Array(gzipSync(data, { level: 9 }));
  const view = new DataView(gz.buffer, gz.byteOffset, gz.byteLength);
  if (lie.crc !== undefined) view.setUint32(gz.length - 8, lie.crc >>> 0, true);
  if (lie.isize !== undefined) view.setUint32(gz.length - 4, lie.isize >>> 0, true);
  return gz;
}

/** `header` followed by `zeros` zero bytes, gzipped in one member, streaming (never holding the zeros). */
export async function zeroBomb(path: string, header: Uint8Array, zeros: number): Promise<void> {
  const chunk = Buffer.alloc(1 << 24);
  async function* source() {
    yield Buffer.from(header);
    for (let left = zeros; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
  await pipeline(Readable.from(source()), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(path));
}

/** `header` followed by `zeros` zero bytes, gzipped in memory: for test-sized bombs. */
export function smallZeroBomb(header: Uint8Array, zeros: number): Uint8Array {
  return gzipMember(concat(header, new Uint8Array(zeros)));
}

async function main(folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const write = (name: string, bytes: Uint8Array) => writeFileSync(join(folder, name), bytes);
  // Bombs whose IDX header is honest about their size (1e9 and 5e9 uint8 zeros)...
  await zeroBomb(join(folder, 'idx-bomb-1gb.gz'), idxHeader(0x08, [1_000_000_000]), 1_000_000_000);
  await zeroBomb(join(folder, 'idx-bomb-5gb.gz'), idxHeader(0x08, [5, 1_000_000_000]), 5_000_000_000);
  // ...and one whose header says 10 bytes, followed by a gigabyte anyway.
  await zeroBomb(join(folder, 'idx-bomb-lying.gz'), idxHeader(0x08, [10]), 1_000_000_000);
  // The worst a file under 2 MB may do: 240 MB, just within 128 times its size (1.7 MB of noise, then zeros).
  let x = 2463534242;
  const noise = Uint8Array.from({ length: 1_700_000 }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 255;
  });
  const worst = concat(idxHeader(0x08, [240, 1_000_000]), noise, new Uint8Array(240_000_000 - noise.length));
  write('idx-ratio-limit.gz', gzipMember(worst));

  const labels = concat(
    idxHeader(0x08, [1000]),
    Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10),
  );
  const good = gzipMember(labels);
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  write('idx-bad-crc.gz', gzipMember(labels, { crc: view.getUint32(good.length - 8, true) ^ 1 }));
  write('idx-false-isize.gz', gzipMember(labels, { isize: 500 }));
  write('idx-concatenated.gz', concat(gzipMember(labels.subarray(0, 600)), gzipMember(labels.subarray(600))));
  write('idx-2e64-elements.idx', concat(idxHeader(0x08, [2 ** 32 - 1, 2 ** 32 - 1]), new Uint8Array(16)));
  write('idx-255-dims.idx', idxHeader(0x08, new Array(255).fill(0xffffffff)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2] ?? '/tmp/hostile');
