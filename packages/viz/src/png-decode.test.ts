import fc from 'fast-check';
import { decode, encode } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { allocationOf } from '../../../shared/fuzz.test-util.js';
import { blankPng, chunk, ihdr, png, zeroScanlines } from '../test/hostile-png.js';
import { PngFormatError, VizInputError } from './errors.js';
import { decodePng, MAX_PNG_PIXELS } from './png-decode.js';
import { concat } from '../../../shared/bytes.test-util.js';

const IEND = chunk('IEND', new Uint8Array(0));
const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** What fast-png makes of a PNG, as 8-bit RGBA the way decodePng scales (the decoder decodePng replaced, kept as an oracle). */
function viaFastPng(bytes: Uint8Array): Uint8ClampedArray {
  const image = decode(bytes);
  const { width, height, channels, depth } = image;
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const sample = (i: number) => {
    if (depth >= 8) return image.data[i]!;
    const y = Math.floor(i / perRow),
      x = i % perRow,
      bit = x * depth;
    return (image.data[y * rowBytes + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  };
  const toByte = depth === 16 ? (v: number) => v >> 8 : (v: number) => Math.round((v * 255) / ((1 << depth) - 1));
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    if (image.palette) {
      const color = image.palette[sample(p)]!;
      out.set([color[0]!, color[1]!, color[2]!, color[3] ?? 255], 4 * p);
      continue;
    }
    const s = Array.from({ length: channels }, (_, c) => toByte(sample(p * channels + c)));
    out.set(channels <= 2 ? [s[0]!, s[0]!, s[0]!, channels === 2 ? s[1]! : 255] : [s[0]!, s[1]!, s[2]!, channels === 4 ? s[3]! : 255], 4 * p);
  }
  return out;
}

const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function passSizes(width: number, height: number, interlace: number): number[][] {
  if (!interlace) return [[width, height]];
  return adam7.map(([x0, y0, dx, dy]) => [width > x0! ? Math.ceil((width - x0!) / dx!) : 0, height > y0! ? Math.ceil((height - y0!) / dy!) : 0]);
}

const depthsOf: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Any valid image of the given interlacing: every colour type and depth, every row filtered with any of the five filters over random bytes. */
function anyPng(interlace: 0 | 1, minDepth = 1): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      type: fc.constantFrom(0, 2, 3, 4, 6),
      depthPick: fc.nat(),
      width: fc.integer({ min: 1, max: 19 }),
      height: fc.integer({ min: 1, max: 19 }),
      seed: fc.uint8Array({ minLength: 64, maxLength: 64 }),
    })
    .filter(({ type }) => depthsOf[type]!.some((d) => d >= minDepth))
    .map(({ type, depthPick, width, height, seed }) => {
      const depths = depthsOf[type]!.filter((d) => d >= minDepth);
      const depth = depths[depthPick % depths.length]!;
      const rowBytes = (w: number) => Math.ceil((w * channelsOf[type]! * depth) / 8);
      let k = 0;
      const next = () => seed[k++ % 64]! ^ (k * 37);
      const raw: number[] = [];
      for (const [w, h] of passSizes(width, height, interlace)) {
        if (w === 0 || h === 0) continue;
        for (let y = 0; y < h!; y++) {
          raw.push(next() % 5);
          for (let i = 0; i < rowBytes(w!); i++) raw.push(next() & 255);
        }
      }
      const palette =
        type === 3
          ? [
              chunk(
                'PLTE',
                Uint8Array.from({ length: 3 * 2 ** depth }, () => next() & 255),
              ),
            ]
          : [];
      return png(chunk('IHDR', ihdr(width, height, depth, type, interlace)), ...palette, chunk('IDAT', zlibSync(Uint8Array.from(raw))), IEND);
    });
}

/** A greyscale image of `depth` bits from its samples, laid out plainly or in Adam7's passes (filter 0 throughout). */
function grayPng(samples: number[], width: number, height: number, depth: number, interlace: 0 | 1): Uint8Array {
  const raw: number[] = [];
  passSizes(width, height, interlace).forEach(([w, h], p) => {
    const [x0, y0, dx, dy] = interlace ? adam7[p]! : [0, 0, 1, 1];
    if (w === 0 || h === 0) return;
    for (let y = 0; y < h!; y++) {
      const row = new Uint8Array(Math.ceil((w! * depth) / 8));
      for (let x = 0; x < w!; x++) {
        const v = samples[(y0! + y * dy!) * width + x0! + x * dx!]!;
        if (depth === 16) row.set([v >> 8, v & 255], 2 * x);
        else row[(x * depth) >> 3]! |= v << (8 - depth - ((x * depth) & 7));
      }
      raw.push(0, ...row);
    }
  });
  return png(chunk('IHDR', ihdr(width, height, depth, 0, interlace)), chunk('IDAT', zlibSync(Uint8Array.from(raw))), IEND);
}

describe('decodePng agrees with fast-png on valid images', () => {
  it('every colour type and bit depth, all five filters', () => {
    fc.assert(
      fc.property(anyPng(0), (bytes) => {
        expect(decodePng(bytes).data).toEqual(viaFastPng(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('Adam7 interlacing, 8- and 16-bit (fast-png 8.0.0 mis-places 1-, 2- and 4-bit interlaced pixels)', () => {
    fc.assert(
      fc.property(anyPng(1, 8), (bytes) => {
        expect(decodePng(bytes).data).toEqual(viaFastPng(bytes));
      }),
      { numRuns: 100 },
    );
  });
});

describe('decodePng on interlaced images of any depth', () => {
  it('gives the same pixels as the image stored plainly', () => {
    const image = fc
      .record({ depth: fc.constantFrom(1, 2, 4, 8, 16), width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }) })
      .chain(({ depth, width, height }) =>
        fc
          .array(fc.integer({ min: 0, max: 2 ** depth - 1 }), { minLength: width * height, maxLength: width * height })
          .map((samples) => ({ depth, width, height, samples })),
      );
    fc.assert(
      fc.property(image, ({ depth, width, height, samples }) => {
        const plain = decodePng(grayPng(samples, width, height, depth, 0));
        const toByte = (v: number) => (depth === 16 ? v >> 8 : Math.round((v * 255) / (2 ** depth - 1)));
        expect(Array.from(plain.data)).toEqual(samples.flatMap((v) => [toByte(v), toByte(v), toByte(v), 255]));
        expect(decodePng(grayPng(samples, width, height, depth, 1)).data).toEqual(plain.data);
      }),
      { numRuns: 150 },
    );
  });

  it('image data split over several IDAT chunks, and ancillary chunks skipped', () => {
    const gray = encode({ width: 30, height: 20, data: Uint8Array.from({ length: 600 }, (_, i) => (i * 13) & 255), channels: 1, depth: 8 });
    const data = zlibSync(Uint8Array.from({ length: 20 * 31 }, (_, i) => (i % 31 === 0 ? 0 : (((i / 31) | 0) * 30 + (i % 31) - 1) * 13) & 255));
    const split = png(
      chunk('IHDR', ihdr(30, 20, 8, 0)),
      chunk('tEXt', new TextEncoder().encode('Comment\0split')),
      chunk('IDAT', data.subarray(0, 5)),
      chunk('IDAT', data.subarray(5, 100)),
      chunk('IDAT', data.subarray(100)),
      IEND,
    );
    expect(decodePng(split).data).toEqual(decodePng(gray).data);
  });
});

// Issue #8, "Trust at the edges": each of these was accepted, or took gigabytes, before.
describe('decodePng on hostile PNGs', () => {
  function errorOf(bytes: Uint8Array, options?: Parameters<typeof decodePng>[1]): string {
    const { bytes: allocated, error } = allocationOf(() => decodePng(bytes, { source: 'x.png', ...options }));
    expect(error).toBeInstanceOf(PngFormatError);
    expect(error).toBeInstanceOf(VizInputError);
    expect((error as PngFormatError).source).toBe('x.png');
    // Far below what the headers claim: the file, and what fflate holds while inflating one 1 KiB piece.
    expect(allocated).toBeLessThan(4 * bytes.length + (8 << 20));
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(300);
    return message;
  }

  it('caps the pixels before decoding: a 97 KB 10000 × 10000 PNG and a 48 KB 20000 × 20000 1-bit one', () => {
    expect(errorOf(blankPng(10_000, 10_000))).toBe('x.png: expected at most 16777216 pixels (maxPixels, 4096 × 4096), found 10000 × 10000 = 100000000');
    expect(errorOf(blankPng(20_000, 20_000, 1))).toBe('x.png: expected at most 16777216 pixels (maxPixels, 4096 × 4096), found 20000 × 20000 = 400000000');
    expect(errorOf(blankPng(100, 100), { maxPixels: 5000 })).toBe('x.png: expected at most 5000 pixels (maxPixels), found 100 × 100 = 10000');
    expect(MAX_PNG_PIXELS).toBe(4096 * 4096);
    expect(decodePng(blankPng(5000, 1), { maxPixels: 5000 }).width).toBe(5000);
  });

  it('refuses an image of 0 × 0 pixels', () => {
    const empty = png(chunk('IHDR', ihdr(0, 0, 8, 0)), chunk('IDAT', zeroScanlines(0, 0)), IEND);
    expect(errorOf(empty)).toBe('x.png: expected a width and height from 1 to 2³¹−1 pixels, found 0 × 0');
  });

  it('refuses a palette image without PLTE', () => {
    const noPalette = png(chunk('IHDR', ihdr(28, 28, 8, 3)), chunk('IDAT', zeroScanlines(28, 28)), IEND);
    expect(errorOf(noPalette)).toBe('x.png: expected a PLTE chunk before the image data of a palette image, found none');
  });

  it('refuses a chunk whose CRC does not match, IHDR first', () => {
    const badCrc = png(chunk('IHDR', ihdr(28, 28, 8, 0), 0x12345678), chunk('IDAT', zeroScanlines(28, 28)), IEND);
    expect(errorOf(badCrc)).toBe("x.png: expected chunk 'IHDR' at byte 8 to match its CRC32 0x12345678, found 0x57668048 (the file is corrupt)");
  });

  it('stops inflating at the first byte past the size IHDR implies (a zlib bomb in IDAT)', () => {
    const bomb = png(chunk('IHDR', ihdr(28, 28, 8, 0)), chunk('IDAT', zlibSync(new Uint8Array(20_000_000), { level: 9 })), IEND);
    expect(bomb.length).toBeLessThan(100_000);
    expect(errorOf(bomb)).toBe('x.png: expected 812 bytes of image data once inflated (28 × 28 8-bit greyscale), found more (the compressed data goes on)');
  });

  it('never inflates an ancillary chunk (an ICC profile bomb)', () => {
    const profile = concat(new TextEncoder().encode('icc\0\0'), zlibSync(new Uint8Array(20_000_000), { level: 9 }));
    const bytes = blankPng(28, 28);
    const withIcc = png(chunk('IHDR', ihdr(28, 28, 8, 0)), chunk('iCCP', profile), ...chunksAfterIhdr(bytes));
    const { bytes: allocated, result } = allocationOf(() => decodePng(withIcc));
    expect(result!.width).toBe(28);
    expect(allocated).toBeLessThan(1 << 20);
  });

  it('refuses what the PNG specification forbids, each with its own message', () => {
    const idat = chunk('IDAT', zeroScanlines(28, 28));
    const cases: [Uint8Array, string][] = [
      [png(chunk('IHDR', ihdr(28, 28, 4, 2)), idat, IEND), 'x.png: expected a bit depth of 8, 16 for a RGB image, found 4'],
      [png(chunk('IHDR', ihdr(28, 28, 8, 5)), idat, IEND), 'x.png: expected a colour type 0, 2, 3, 4 or 6, found 5'],
      [png(chunk('IHDR', ihdr(28, 28, 8, 0, 2)), idat, IEND), 'x.png: expected interlace method 0 (none) or 1 (Adam7), found 2'],
      [png(idat, IEND), "x.png: expected the IHDR chunk first, found 'IDAT'"],
      [
        png(chunk('IHDR', ihdr(28, 28, 8, 0)), idat),
        'x.png: expected a chunk at byte 8 + 25 + 12 + 0 (length, type, data, CRC), found only 0 bytes left (truncated file)',
      ],
      [png(chunk('IHDR', ihdr(28, 28, 8, 0)), IEND), 'x.png: expected image data (IDAT chunks) before IEND, found none'],
      [
        png(chunk('IHDR', ihdr(28, 28, 8, 0)), chunk('PLTE', new Uint8Array(3)), idat, IEND),
        'x.png: expected no PLTE chunk in a greyscale image, found one at byte 33',
      ],
      [
        png(chunk('IHDR', ihdr(2, 2, 1, 3)), chunk('PLTE', new Uint8Array(9)), chunk('IDAT', zeroScanlines(1, 2)), IEND),
        'x.png: expected a PLTE of 1 to 2 RGB entries (3 bytes each), found 9 bytes',
      ],
      [
        png(chunk('IHDR', ihdr(28, 28, 8, 0)), idat, chunk('tEXt', new Uint8Array(1)), idat, IEND),
        "x.png: expected the IDAT chunks one after another, found 'tEXt' between them",
      ],
      [
        png(chunk('IHDR', ihdr(28, 28, 8, 0)), chunk('ABCD', new Uint8Array(0)), idat, IEND),
        "x.png: expected only the critical chunks IHDR, PLTE, IDAT and IEND, found 'ABCD' at byte 33",
      ],
      [concat(png(chunk('IHDR', ihdr(28, 28, 8, 0)), idat, IEND), Uint8Array.of(0)), 'x.png: expected nothing after the IEND chunk, found 1 more bytes'],
      [
        png(chunk('IHDR', ihdr(28, 28, 8, 0)), chunk('IDAT', zeroScanlines(28, 27)), IEND),
        'x.png: expected 812 bytes of image data once inflated (28 × 28 8-bit greyscale), found 783 (truncated image data)',
      ],
      [
        png(chunk('IHDR', ihdr(2, 1, 8, 0)), chunk('IDAT', zlibSync(Uint8Array.of(7, 1, 2))), IEND),
        'x.png: expected a filter type 0 to 4 at the start of each row, found 7 on row 0',
      ],
      [
        png(chunk('IHDR', ihdr(2, 1, 8, 0)), chunk('IDAT', Uint8Array.of(1, 2, 3, 4, 5, 6)), IEND),
        'x.png: expected valid zlib data in the IDAT chunks, found invalid zlib data',
      ],
    ];
    for (const [bytes, message] of cases) expect(errorOf(bytes).replace(/at byte \d+ \(length/, 'at byte 8 + 25 + 12 + 0 (length')).toBe(message);
  });

  it('refuses image data whose Adler-32 does not match', () => {
    const data = zlibSync(Uint8Array.of(0, 1, 2));
    data[data.length - 1] ^= 1;
    expect(errorOf(png(chunk('IHDR', ihdr(2, 1, 8, 0)), chunk('IDAT', data), IEND))).toMatch(
      /^x\.png: expected the image data to match its Adler-32 0x[0-9a-f]{8}, found 0x[0-9a-f]{8} \(the data is corrupt\)$/,
    );
  });
});

/** The chunks of a PNG after its IHDR, as they are (each with its length and CRC). */
function chunksAfterIhdr(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 8 + 25; at < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(at);
    out.push(bytes.subarray(at, at + 12 + length));
    at += 12 + length;
  }
  return out;
}
