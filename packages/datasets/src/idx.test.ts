import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError, IdxFormatError } from './errors.js';
import { encodeIdx, type IdxDtype, type IdxTensor, readIdx } from './idx.js';

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
    return fc
      .array(value, { minLength: count, maxLength: count })
      .map((xs) => ({ dtype, shape, data: make(xs) }));
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
    expect(e.message).toMatch(/^a\.gz: expected valid gzip data .*, found corrupt gzip: .+/);
  });

  it('truncated gzip', () => {
    const gz = gzipSync(encodeIdx({ dtype: 'int32', shape: [1000], data: Int32Array.from({ length: 1000 }, (_, i) => i * i) }));
    const e = errorOf(gz.subarray(0, gz.length >> 1), 'b.gz');
    expect(e.message).toMatch(/^b\.gz: expected valid gzip data/);
  });

  it('errors inside gzip name the source too', () => {
    const gz = gzipSync(Uint8Array.of(9, 9, 9, 9));
    expect(errorOf(gz, 'c.gz').message).toMatch(/^c\.gz \(gunzipped\): expected an IDX magic number .* found 09 09 09 09$/);
  });
});

describe('encodeIdx errors', () => {
  it('data that does not fill the shape', () => {
    expect(() => encodeIdx({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow(
      'encodeIdx: expected 4 elements for shape [2, 2], found 3',
    );
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
