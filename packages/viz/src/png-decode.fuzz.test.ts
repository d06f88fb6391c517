// Fuzzing decodePng (issue #8): random bytes, real PNGs mutated (with their
// CRCs left broken, and mended so the damage reaches the decoder), and random
// headers over random image data. Whatever the input, decodePng returns an
// image or throws a PngFormatError with a one-line message, allocating no more
// than the bound below. `pnpm test` runs a few hundred cases; `pnpm fuzz` many more.
import fc from 'fast-check';
import { encode } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { allocationOf, fuzzParameters, mutated } from '../../../shared/fuzz.test-util.js';
import { chunk, crc32, ihdr, png } from '../test/hostile-png.js';
import { PngFormatError } from './errors.js';
import { encodePng } from './png.js';
import { decodePng } from './png-decode.js';

/** A small cap, so a header that claims the most still costs little: its pixels are what decodePng may allocate. */
const maxPixels = 64 * 64;

/**
 * Bytes a call may cost: the RGBA result (4 bytes a pixel), two rows (at most
 * 8 bytes a pixel each, for a one-row image), the chunks' data, and fflate's
 * working memory for one 1 KiB piece of compressed data.
 */
const bound = (input: Uint8Array) => 4 * input.length + 20 * maxPixels + (8 << 20);

const digit = { width: 28, height: 28, data: new Uint8ClampedArray(28 * 28 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7919) % 256)) };
const real = [
  encodePng(digit),
  encode({ width: 28, height: 28, data: Uint8Array.from({ length: 784 }, (_, i) => (i * 31) % 256), channels: 1, depth: 8 }),
  encode({
    width: 9,
    height: 7,
    data: new Uint8Array(Math.ceil(9 / 2) * 7).fill(0x12),
    channels: 1,
    depth: 4,
    palette: [
      [0, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
    ],
  }),
  encode({ width: 5, height: 5, data: new Uint16Array(75).map((_, i) => i * 800), channels: 3, depth: 16 }),
  png(chunk('IHDR', ihdr(9, 9, 2, 0, 1)), chunk('IDAT', zlibSync(new Uint8Array(60).map((_, i) => (i * 5) & 255))), chunk('IEND', new Uint8Array(0))),
];

/** `bytes` with every chunk's CRC recomputed where the chunk structure still holds. */
function mendCrcs(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > out.length) break;
    view.setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
  return out;
}

function check(input: Uint8Array): void {
  const started = performance.now();
  const { bytes, result, error } = allocationOf(() => decodePng(input, { source: 'fuzz.png', maxPixels }));
  // A hang detector, not a speed test: 10 s is the reliability bound, far past any decode of a few kilobytes.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(bytes).toBeLessThanOrEqual(bound(input));
  if (error !== undefined) {
    if (!(error instanceof PngFormatError)) throw error;
    expect(error.message.startsWith('fuzz.png: expected ')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
  } else {
    expect(result!.width * result!.height).toBeLessThanOrEqual(maxPixels);
    expect(result!.data.length).toBe(4 * result!.width * result!.height);
  }
}

/** Image data of the size IHDR implies (filter bytes 0 to 4, the rest from `noise`), when that is small. */
function rawOfSize(width: number, height: number, depth: number, type: number, interlace: number, noise: Uint8Array): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type] ?? 1;
  const passes =
    interlace === 1
      ? [
          [0, 0, 8, 8],
          [4, 0, 8, 8],
          [0, 4, 4, 8],
          [2, 0, 4, 4],
          [0, 2, 2, 4],
          [1, 0, 2, 2],
          [0, 1, 1, 2],
        ]
      : [[0, 0, 1, 1]];
  const sizes = passes.map(([x0, y0, dx, dy]) => {
    const w = width > x0! ? Math.ceil((width - x0!) / dx!) : 0,
      h = height > y0! ? Math.ceil((height - y0!) / dy!) : 0;
    return { rowBytes: Math.ceil((w * channels * depth) / 8), rows: w > 0 ? h : 0 };
  });
  const size = sizes.reduce((n, p) => n + p.rows * (p.rowBytes + 1), 0);
  if (size > 1 << 20) return noise;
  const rows = sizes.flatMap((p) => new Array<number>(p.rows).fill(p.rowBytes));
  const raw = new Uint8Array(size);
  let at = 0;
  for (const r of rows) {
    raw[at] = (noise[at % Math.max(1, noise.length)] ?? 0) % 5;
    for (let i = 1; i <= r; i++) raw[at + i] = noise[(at + i) % Math.max(1, noise.length)] ?? 0;
    at += r + 1;
  }
  return raw;
}

const signature = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

describe('decodePng under fuzzing', () => {
  it('random bytes, with and without the PNG signature', () => {
    const input = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 2000 })).map(([sig, bytes]) => (sig ? Uint8Array.from([...signature, ...bytes]) : bytes));
    fc.assert(fc.property(input, check), fuzzParameters(500));
  });

  it('mutated real PNGs', () => {
    fc.assert(fc.property(mutated(real), check), fuzzParameters(300));
  });

  it('mutated real PNGs with their CRCs mended, so the damage reaches the decoder', () => {
    fc.assert(fc.property(mutated(real).map(mendCrcs), check), fuzzParameters(400));
  });

  it('random headers over random image data, often of the very size the header implies', () => {
    const wild = fc.record({
      width: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom(4096, 2 ** 31 - 1, 2 ** 32 - 1)),
      height: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.constantFrom(1, 4096, 2 ** 31)),
      depth: fc.constantFrom(0, 1, 2, 4, 8, 16, 3),
      type: fc.constantFrom(0, 2, 3, 4, 6, 1),
      interlace: fc.constantFrom(0, 1, 2),
      palette: fc.option(fc.uint8Array({ minLength: 0, maxLength: 800 })),
    });
    // Headers that pass every check, so the image data is what the decoder works on.
    const valid = fc
      .record({
        width: fc.integer({ min: 1, max: 64 }),
        height: fc.integer({ min: 1, max: 64 }),
        type: fc.constantFrom(0, 2, 3, 4, 6),
        pick: fc.nat(),
        interlace: fc.constantFrom(0, 1),
      })
      .map(({ width, height, type, pick, interlace }) => {
        const depths = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] }[type]!;
        const depth = depths[pick % depths.length]!;
        const palette = type === 3 ? new Uint8Array(3 * (1 + (pick % 2 ** depth))).fill(pick & 255) : null;
        return { width, height, depth, type, interlace, palette };
      });
    const input = fc
      .record({ header: fc.oneof(wild, valid), fit: fc.boolean(), data: fc.uint8Array({ maxLength: 40_000 }) })
      .map(({ header: { width, height, depth, type, interlace, palette }, fit, data }) => {
        const raw = fit ? rawOfSize(width, height, depth, type, interlace, data) : data;
        return png(
          chunk('IHDR', ihdr(width, height, depth, type, interlace)),
          ...(palette ? [chunk('PLTE', palette)] : []),
          chunk('IDAT', zlibSync(raw, { level: 1 })),
          chunk('IEND', new Uint8Array(0)),
        );
      });
    fc.assert(fc.property(input, check), fuzzParameters(300));
  });
});
