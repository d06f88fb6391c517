import fc from 'fast-check';
import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concat, gzipMember } from '../test/hostile-idx.js';
import { IdxFormatError } from './errors.js';
import { crc32, gunzip, type OutputLimit } from './gunzip.js';

const unlimited = () => ({ bytes: 2 ** 31, why: 'no limit' });

function errorOf(bytes: Uint8Array, limit: (head: Uint8Array) => OutputLimit = unlimited): string {
  try {
    gunzip(bytes, 'f.gz', limit);
  } catch (e) {
    expect(e).toBeInstanceOf(IdxFormatError);
    return (e as Error).message;
  }
  throw new Error('gunzip did not throw');
}

/** Bytes with runs and repeats, so the compressor uses every kind of block and back-reference. */
const compressible = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.record({ byte: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 3000 }) }).map(({ byte, n }) => new Uint8Array(n).fill(byte)),
      fc.record({ text: fc.string({ maxLength: 40 }), n: fc.integer({ min: 1, max: 50 }) }).map(({ text, n }) => new TextEncoder().encode(text.repeat(n))),
    ),
    { maxLength: 12 },
  )
  .map((parts) => concat(...parts));

/** A gzip member around raw DEFLATE data, with the header fields a file may carry. */
function member(data: Uint8Array, flags: { extra?: Uint8Array; name?: string; comment?: string; headerCrc?: boolean; level?: 0 | 9 } = {}): Uint8Array {
  const fields: Uint8Array[] = [];
  let flg = 0;
  if (flags.extra) {
    flg |= 4;
    fields.push(Uint8Array.of(flags.extra.length & 255, flags.extra.length >> 8), flags.extra);
  }
  if (flags.name !== undefined) {
    flg |= 8;
    fields.push(new TextEncoder().encode(flags.name), Uint8Array.of(0));
  }
  if (flags.comment !== undefined) {
    flg |= 16;
    fields.push(new TextEncoder().encode(flags.comment), Uint8Array.of(0));
  }
  if (flags.headerCrc) flg |= 2;
  let header = concat(Uint8Array.of(0x1f, 0x8b, 8, flg, 0, 0, 0, 0, 0, 3), ...fields);
  if (flags.headerCrc) {
    const crc = crc32(header) & 0xffff;
    header = concat(header, Uint8Array.of(crc & 255, crc >> 8));
  }
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, crc32(data), true);
  new DataView(trailer.buffer).setUint32(4, data.length, true);
  return concat(header, deflateSync(data, { level: flags.level ?? 6 }), trailer);
}

describe('gunzip', () => {
  it('decodes what fflate writes, at every level, to the byte', () => {
    fc.assert(
      fc.property(compressible, fc.integer({ min: 0, max: 9 }), (data, level) => {
        const back = gunzip(gzipSync(data, { level: level as 0 }), 'x', unlimited);
        expect(back).toEqual(data);
      }),
      { numRuns: 60 },
    );
  });

  it('reads every optional header field, and checks the header CRC16', () => {
    const data = new TextEncoder().encode('header fields '.repeat(20));
    const full = member(data, { extra: Uint8Array.of(1, 2, 3), name: 'train.idx', comment: 'hello', headerCrc: true });
    expect(gunzip(full, 'x', unlimited)).toEqual(data);
    const bad = full.slice();
    bad[12] ^= 1; // inside the extra field, which the CRC16 covers
    expect(errorOf(bad)).toMatch(/^f\.gz: expected the header of gzip member 1 to match its CRC16 0x[0-9a-f]{4}, found 0x[0-9a-f]{4} \(the file is corrupt\)$/);
  });

  it('decodes stored blocks and members one after another, each checked against its own trailer', () => {
    const a = new Uint8Array(70_000).map((_, i) => i % 251);
    const b = new TextEncoder().encode('second');
    expect(gunzip(concat(member(a, { level: 0 }), member(b), member(new Uint8Array(0))), 'x', unlimited)).toEqual(concat(a, b));
  });

  it('asks for the limit once the head is out, and stops at the first byte past it', () => {
    const data = new Uint8Array(100_000).fill(7);
    const heads: number[] = [];
    const message = errorOf(gzipSync(data), (head) => {
      heads.push(head.length);
      return { bytes: 5000, why: 'a test limit' };
    });
    expect(message).toBe('f.gz: expected at most 5000 bytes once gunzipped (a test limit), found more (the gzip data goes on)');
    expect(heads).toHaveLength(1);
    expect(heads[0]).toBeGreaterThanOrEqual(1024);
    expect(gunzip(gzipSync(data), 'x', () => ({ bytes: data.length, why: '' }))).toEqual(data);
  });

  it('says where a file is cut short, wherever the cut', () => {
    const gz = gzipMember(new TextEncoder().encode('cut me anywhere, '.repeat(100)));
    for (let n = 1; n < gz.length; n++) {
      expect(errorOf(gz.subarray(0, n))).toMatch(/truncated file/);
    }
  });

  it('refuses what RFC 1951 and 1952 forbid, each with its own message', () => {
    const ok = gzipMember(new TextEncoder().encode('abc'));
    const withFlags = (flg: number) => concat(Uint8Array.of(0x1f, 0x8b, 8, flg), ok.subarray(4));
    expect(errorOf(withFlags(0x20))).toBe('f.gz: expected gzip flags without the reserved bits in gzip member 1, found flags 20');
    // Raw DEFLATE starting with block type 3 (bits: final 1, type 11).
    const block3 = concat(ok.subarray(0, 10), Uint8Array.of(0b111, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    expect(errorOf(block3)).toMatch(/^f\.gz: expected valid DEFLATE data in gzip member 1, found block type 3 \(reserved\) near byte \d+$/);
    // A stored block whose length and complement disagree.
    const stored = concat(ok.subarray(0, 10), Uint8Array.of(1, 5, 0, 0, 0), new Uint8Array(13));
    expect(errorOf(stored)).toMatch(/found a stored block length 5 whose complement is 0/);
    // A fixed-code block whose first code copies from before the start: length 3 (257 = 0000001), distance 1 (00000).
    const back = concat(ok.subarray(0, 10), Uint8Array.of(0b00000011, 0b00000010, 0, 0), new Uint8Array(8));
    expect(errorOf(back)).toMatch(/found a distance of 1 back, before the start of the data/);
  });

  it('never throws anything but IdxFormatError on damaged gzip, and never exceeds its limit', () => {
    fc.assert(
      fc.property(
        compressible,
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        (data, flips) => {
          const gz = gzipSync(data);
          for (const { at, value } of flips) gz[at % gz.length] = value;
          try {
            const out = gunzip(gz, 'x', () => ({ bytes: data.length + 1024, why: '' }));
            expect(out.length).toBeLessThanOrEqual(data.length + 1024);
          } catch (e) {
            expect(e).toBeInstanceOf(IdxFormatError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
