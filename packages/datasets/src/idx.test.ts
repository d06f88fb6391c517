import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError, IdxFormatError } from './errors.js';
import { encodeIdx, type IdxDtype, type IdxTensor, readIdx } from './idx.js';
import { allocationOf } from '../../../shared/fuzz.test-util.js';
import { concat, gzipMember, idxHeader, smallZeroBomb } from '../test/hostile-idx.js';

/** Element-wise Object.is, so NaN matches NaN and −0 does not match +0. */
function sameElements(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const elements: Record<IdxDtype, { value: fc.Arbitrary<number>; make: (xs: number[]) => IdxTensor['data'] }> = {
  uint8: { value: fc.integer({ min: 0, max: 255 }), make: (xs) => Uint8Array.from(xs) },
  int8: { value: fc.integer({ min: -128, max: 127 }), make: (xs) => Int8Array.from(xs) },
  int16: { value: fc.integer({ min: -32768, max: 32767 }), make: (xs) => Int16Array.from(xs) },
  int32: { value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), make: (xs) => Int32Array.from(xs) },
  float32: { value: fc.float(), make: (xs) => Float32Array.from(xs) },
  float64: { value: fc.double(), make: (xs) => Float64Array.from(xs) },
};

const tensor: fc.Arbitrary<IdxTensor> = fc
  .record({
    dtype: fc.constantFrom<IdxDtype>('uint8', 'int8', 'int16', 'int32', 'float32', 'float64'),
    shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }),
  })
  .chain(({ dtype, shape }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const { value, make } = elements[dtype];
    return fc.array(value, { minLength: count, maxLength: count }).map((xs) => ({ dtype, shape, data: make(xs) }));
  });

describe('readIdx and encodeIdx', () => {
  it('round-trip every dtype and shape', () => {
    fc.assert(
      fc.property(tensor, (t) => {
        const back = readIdx(encodeIdx(t));
        expect(back.dtype).toBe(t.dtype);
        expect(back.shape).toEqual(t.shape);
        expect(back.data.constructor).toBe(t.data.constructor);
        expect(sameElements(back.data, t.data)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip through gzip', () => {
    fc.assert(
      fc.property(tensor, (t) => {
        const back = readIdx(gzipSync(encodeIdx(t)));
        expect(back.shape).toEqual(t.shape);
        expect(sameElements(back.data, t.data)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('lay out header and data big-endian, as the format says', () => {
    const bytes = encodeIdx({ dtype: 'int16', shape: [2], data: Int16Array.of(1, -2) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x00, 0x01, 0xff, 0xfe]);
    const f = readIdx(Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0x80, 0, 0));
    expect(f).toEqual({ dtype: 'float32', shape: [1], data: Float32Array.of(1) });
    const big = readIdx(Uint8Array.of(0, 0, 0x08, 2, 0, 0, 1, 0, 0, 0, 0, 0));
    expect(big.shape).toEqual([256, 0]);
    expect(big.data.length).toBe(0);
  });

  it('return uint8 data as a view into the input, not a copy', () => {
    const bytes = encodeIdx({ dtype: 'uint8', shape: [2, 3], data: Uint8Array.of(1, 2, 3, 4, 5, 6) });
    const t = readIdx(bytes);
    expect(t.data).toBeInstanceOf(Uint8Array);
    expect(t.data.buffer).toBe(bytes.buffer);
    expect(t.data.byteOffset).toBe(12);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('read a scalar (zero dimensions) as one element', () => {
    const t = readIdx(Uint8Array.of(0, 0, 0x0c, 0, 0xff, 0xff, 0xff, 0xff));
    expect(t).toEqual({ dtype: 'int32', shape: [], data: Int32Array.of(-1) });
  });
});

describe('readIdx errors', () => {
  function errorOf(bytes: Uint8Array, source?: string): IdxFormatError {
    try {
      readIdx(bytes, source);
    } catch (e) {
      expect(e).toBeInstanceOf(IdxFormatError);
      expect(e).toBeInstanceOf(DatasetError);
      return e as IdxFormatError;
    }
    throw new Error('readIdx did not throw');
  }

  it('too short for a magic number', () => {
    const e = errorOf(Uint8Array.of(0, 0), 'tiny.idx');
    expect(e.message).toBe('tiny.idx: expected at least 4 bytes (the IDX magic number), found 2 bytes');
    expect(e.source).toBe('tiny.idx');
  });

  it('wrong magic, shown in hex', () => {
    const e = errorOf(new TextEncoder().encode('<html>'), 'page.html');
    expect(e.message).toMatch(/^page\.html: expected an IDX magic number starting with two zero bytes .*, found 3c 68 74 6d$/);
  });

  it('unknown type code', () => {
    const e = errorOf(Uint8Array.of(0, 0, 0x0a, 1, 0, 0, 0, 0));
    expect(e.message).toMatch(/^IDX data: expected an IDX type code, one of 0x08 \(uint8\), .*0x0e \(float64\), found 0x0a$/);
  });

  it('truncated header', () => {
    const e = errorOf(Uint8Array.of(0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0));
    expect(e.message).toBe('IDX data: expected a header of 16 bytes for 3 dimensions, found only 10 bytes (truncated header)');
  });

  it('truncated data, with the byte counts', () => {
    const full = encodeIdx({ dtype: 'float32', shape: [2, 3], data: new Float32Array(6) });
    const e = errorOf(full.subarray(0, full.length - 5), 'x.idx');
    expect(e.message).toBe('x.idx: expected 24 data bytes for 2 × 3 float32, found 19 (truncated file)');
    expect(e.expected).toBe('24 data bytes for 2 × 3 float32');
  });

  it('trailing bytes after the data', () => {
    const full = encodeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.of(7, 8) });
    const longer = new Uint8Array(full.length + 1);
    longer.set(full);
    expect(errorOf(longer).message).toBe('IDX data: expected 2 data bytes for 2 uint8, found 3 (trailing bytes)');
  });

  it('corrupt gzip', () => {
    const e = errorOf(Uint8Array.of(0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), 'a.gz');
    expect(e.message).toBe('a.gz: expected compression method 8 (deflate) in gzip member 1, found 1');
  });

  it('truncated gzip', () => {
    const gz = gzipSync(encodeIdx({ dtype: 'int32', shape: [1000], data: Int32Array.from({ length: 1000 }, (_, i) => i * i) }));
    const e = errorOf(gz.subarray(0, gz.length >> 1), 'b.gz');
    expect(e.message).toBe("b.gz: expected the rest of gzip member 1's DEFLATE data, found the file ending inside it (truncated file)");
  });

  it('errors inside gzip name the source too', () => {
    const gz = gzipSync(Uint8Array.of(9, 9, 9, 9));
    expect(errorOf(gz, 'c.gz').message).toMatch(/^c\.gz \(gunzipped\): expected an IDX magic number .* found 09 09 09 09$/);
  });
});

describe('encodeIdx errors', () => {
  it('data that does not fill the shape', () => {
    expect(() => encodeIdx({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow('encodeIdx: expected 4 elements for shape [2, 2], found 3');
  });

  it('data of the wrong array type for the dtype', () => {
    expect(() => encodeIdx({ dtype: 'float64', shape: [1], data: new Float32Array(1) })).toThrow(
      'encodeIdx: expected Float64Array data for dtype float64, found Float32Array',
    );
  });

  it('dimensions that are not uint32', () => {
    expect(() => encodeIdx({ dtype: 'uint8', shape: [-1], data: new Uint8Array(0) })).toThrow(IdxFormatError);
    expect(() => encodeIdx({ dtype: 'uint8', shape: [1.5], data: new Uint8Array(0) })).toThrow(/integers in 0 \.\. 2³²−1/);
  });
});

// Issue #8, "Trust at the edges": each of these was accepted, or mis-reported,
// or took gigabytes, before readIdx capped what it allocates by the header.
describe('readIdx on hostile files', () => {
  function errorOf(bytes: Uint8Array, source: string, options?: Parameters<typeof readIdx>[2]): IdxFormatError {
    const { bytes: allocated, error } = allocationOf(() => readIdx(bytes, source, options));
    expect(error).toBeInstanceOf(IdxFormatError);
    // Nothing near what the header claims: at most the file, its header's output and the inflater's tables.
    expect(allocated).toBeLessThan(bytes.length + (1 << 20));
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(300);
    expect(message.startsWith(`${source}: expected `)).toBe(true);
    return error as IdxFormatError;
  }
  const labels = concat(
    idxHeader(0x08, [1000]),
    Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10),
  );

  it('stops a gzip bomb at the first byte past what its header declares', () => {
    const bomb = smallZeroBomb(idxHeader(0x08, [10]), 50_000_000);
    expect(bomb.length).toBeLessThan(60_000);
    expect(errorOf(bomb, 'bomb.gz').message).toBe(
      'bomb.gz: expected at most 18 bytes once gunzipped (what the IDX header declares: 10 uint8 (10 bytes) after its 8-byte header), found more (the gzip data goes on)',
    );
  });

  it('refuses, before allocating, a header that claims more than maxGzipRatio times the file', () => {
    const bomb = smallZeroBomb(idxHeader(0x08, [50_000_000]), 50_000_000);
    const e = errorOf(bomb, 'honest-bomb.gz');
    expect(e.message).toBe(
      `honest-bomb.gz: expected at most ${128 * bomb.length} bytes once gunzipped (maxGzipRatio 128 × the file's ${bomb.length} bytes), ` +
        'found an IDX header declaring 50000000 uint8 (50000000 bytes) after its 8-byte header',
    );
    // A caller who trusts the file can allow it.
    const t = readIdx(bomb, 'honest-bomb.gz', { maxGzipRatio: 1032 });
    expect(t.shape).toEqual([50_000_000]);
    expect(() => readIdx(bomb, 'x', { maxGzipRatio: 0 })).toThrow('readIdx: expected options.maxGzipRatio as a positive number, found 0');
  });

  it('refuses a gzip member whose CRC32 does not match its data', () => {
    const gz = gzipMember(labels);
    const crc = new DataView(gz.buffer).getUint32(gz.length - 8, true);
    const bad = gzipMember(labels, { crc: crc ^ 1 });
    expect(errorOf(bad, 'crc.gz').message).toBe(
      `crc.gz: expected the data of gzip member 1 to match its CRC32 0x${((crc ^ 1) >>> 0).toString(16).padStart(8, '0')}, found 0x${crc.toString(16).padStart(8, '0')} (the file is corrupt)`,
    );
  });

  it('refuses a false length in the gzip trailer instead of truncating to it', () => {
    expect(errorOf(gzipMember(labels, { isize: 500 }), 'isize.gz').message).toBe(
      'isize.gz: expected the data of gzip member 1 to match its length 500 (modulo 2³²), found 1008 bytes (the file is corrupt)',
    );
  });

  it('reads concatenated gzip members as one stream, as RFC 1952 allows', () => {
    const t = readIdx(concat(gzipMember(labels.subarray(0, 600)), gzipMember(new Uint8Array(0)), gzipMember(labels.subarray(600))), 'cat.gz');
    expect(t.shape).toEqual([1000]);
    expect(Array.from(t.data)).toEqual(Array.from(labels.subarray(8)));
  });

  it('refuses bytes after the last gzip member', () => {
    expect(errorOf(concat(gzipMember(labels), Uint8Array.of(0, 0, 0)), 'tail.gz').message).toBe(
      'tail.gz: expected the end of the data or another gzip member (1f 8b) after gzip member 1, found 3 more bytes (00 00 00)',
    );
  });

  it('counts 2³²−1 × 2³²−1 elements exactly, without overflowing into a plausible size', () => {
    const e = errorOf(concat(idxHeader(0x08, [2 ** 32 - 1, 2 ** 32 - 1]), new Uint8Array(16)), 'huge.idx');
    expect(e.message).toBe('huge.idx: expected 18446744065119617025 data bytes for 4294967295 × 4294967295 uint8, found 16 (truncated file)');
    const gz = errorOf(gzipMember(concat(idxHeader(0x0d, [2 ** 32 - 1, 2 ** 32 - 1]), new Uint8Array(100_000))), 'huge.gz');
    expect(gz.message).toMatch(
      /^huge\.gz: expected at most \d+ bytes once gunzipped .*, found an IDX header declaring 4294967295 × 4294967295 float32 \(73786976260478468100 bytes\)/,
    );
  });

  it('keeps a 255-dimension header to one short line', () => {
    const e = errorOf(idxHeader(0x08, new Array(255).fill(2 ** 32 - 1)), 'dims.idx');
    expect(e.message).toBe(
      'dims.idx: expected about 10^2456 data bytes for 255 dimensions 4294967295 × 4294967295 × 4294967295 × … × 4294967295 × 4294967295 uint8, found 0 (truncated file)',
    );
  });
});
