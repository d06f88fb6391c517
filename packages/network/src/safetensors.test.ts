import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationOf } from '../../../shared/fuzz.test-util.js';
import { aliasedTensors, rawSafetensors } from '../test/hostile-models.js';
import { SafetensorsFormatError, type TensorToEncode, decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** A safetensors file by hand, straight from the format description: u64 LE length, JSON, data. */
function handmade(header: string, data: number[] | Uint8Array, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(header);
  const n = headerLength ?? json.length;
  const bytes = new Uint8Array(8 + json.length + data.length);
  let rest = n;
  for (let i = 0; i < 8; i++) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** Little-endian bytes of float32 values, written out by DataView (independent of the code under test). */
function f32le(values: number[]): number[] {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((v, i) => {
    view.setFloat32(4 * i, v, true);
  });
  return Array.from(new Uint8Array(view.buffer));
}

describe('decodeSafetensors reads files written to the spec by hand', () => {
  it('F32 tensors, metadata, unsorted keys and no padding', () => {
    const header =
      '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]},"__metadata__":{"who":"hand"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const file = handmade(header, [...f32le([0.5, -1]), ...f32le([1, 2, 3, 4])]);
    const { tensors, metadata } = decodeSafetensors(file);
    expect(metadata).toEqual({ who: 'hand' });
    expect(tensors.get('w')).toEqual({ dtype: 'F32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) });
    expect(tensors.get('b')).toEqual({ dtype: 'F32', shape: [2], data: Float32Array.from([0.5, -1]) });
  });

  it('F16, BF16 and F64 become float32; a scalar has shape []', () => {
    // F16 0x3C00 = 1, 0xC000 = −2, 0x0001 = 2^-24 (subnormal); BF16 0x3FC0 = 1.5; F64 0.25; scalar F32 7.
    const f64 = new Uint8Array(new Float64Array([0.25]).buffer);
    const data = [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0xc0, 0x3f, ...f64, ...f32le([7])];
    const header =
      '{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"bf":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},' +
      '"d":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]},"s":{"dtype":"F32","shape":[],"data_offsets":[16,20]}}';
    const { tensors } = decodeSafetensors(handmade(header, data));
    expect(Array.from(tensors.get('h')!.data)).toEqual([1, -2, 2 ** -24]);
    expect(tensors.get('h')!.dtype).toBe('F16');
    expect(Array.from(tensors.get('bf')!.data)).toEqual([1.5]);
    expect(Array.from(tensors.get('d')!.data)).toEqual([0.25]);
    expect(tensors.get('s')).toEqual({ dtype: 'F32', shape: [], data: Float32Array.from([7]) });
  });

  it('reads bytes that sit at an offset inside a larger buffer', () => {
    const file = handmade('{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32le([3]));
    const big = new Uint8Array(file.length + 3);
    big.set(file, 3);
    expect(Array.from(decodeSafetensors(big.subarray(3)).tensors.get('t')!.data)).toEqual([3]);
  });
});

describe('encodeSafetensors writes the spec byte for byte', () => {
  it('u64 LE header length, JSON padded with spaces to a multiple of 8, then the LE data', () => {
    const bytes = encodeSafetensors([{ name: 't', dtype: 'F32', shape: [2], data: Float32Array.from([1.5, -2]) }], { k: 'v' });
    const json = '{"__metadata__":{"k":"v"},"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 79 bytes
    const padded = `${json} `; // to 80
    const expected = [80, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(padded), 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0];
    expect(Array.from(bytes)).toEqual(expected);
  });

  it('omits __metadata__ when there is none, and sorts metadata keys', () => {
    const t: TensorToEncode = { name: 'x', dtype: 'F32', shape: [0], data: new Float32Array(0) };
    const text = (b: Uint8Array) => new TextDecoder().decode(b.subarray(8));
    expect(text(encodeSafetensors([t])).trimEnd()).toBe('{"x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}');
    expect(text(encodeSafetensors([t], { b: '2', a: '1' }))).toMatch(/^\{"__metadata__":\{"a":"1","b":"2"\}/);
  });

  it('refuses what it cannot write', () => {
    const data = new Float32Array(2);
    const bad: [TensorToEncode[], Record<string, string>, string][] = [
      [[{ name: 't', dtype: 'F32', shape: [3], data }], {}, "tensor 't' does not fit its shape [3] (expected 3 float32 numbers, found 2)"],
      [[{ name: 't', dtype: 'F32', shape: [-2], data }], {}, "tensor 't' has a bad shape (expected non-negative integers, found [-2])"],
      [[{ name: 't', dtype: 'F16' as 'F32', shape: [2], data }], {}, "tensor 't' has an unsupported dtype (expected F32, found F16)"],
      [
        [
          { name: 't', dtype: 'F32', shape: [2], data },
          { name: 't', dtype: 'F32', shape: [2], data },
        ],
        {},
        'bad tensor name',
      ],
      [[], { n: 1 as unknown as string }, "metadata 'n' is not a string (expected string values only, found number)"],
    ];
    for (const [tensors, metadata, message] of bad) {
      expect(() => encodeSafetensors(tensors, metadata)).toThrow(SafetensorsFormatError);
      expect(() => encodeSafetensors(tensors, metadata)).toThrow(`encodeSafetensors: ${message}`);
    }
  });
});

const tensorsArb = fc
  .uniqueArray(
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== '__metadata__'),
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      seed: fc.array(fc.integer(), { minLength: 64, maxLength: 64 }),
    }),
    { selector: (t) => t.name, maxLength: 5 },
  )
  .map((list) =>
    list.map(({ name, shape, seed }): TensorToEncode => {
      const n = shape.reduce((p, d) => p * d, 1);
      // Arbitrary bit patterns, NaN payloads and infinities included: the file must keep every bit.
      return { name, dtype: 'F32', shape, data: new Float32Array(Uint32Array.from(seed.slice(0, n)).buffer) };
    }),
  );
const metadataArb = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 4 });

describe('round trip (property)', () => {
  it('decode(encode(x)) = x bit for bit; encoding twice gives identical bytes; data is 8-byte aligned', () => {
    fc.assert(
      fc.property(tensorsArb, metadataArb, (tensors, metadata) => {
        const bytes = encodeSafetensors(tensors, metadata);
        expect(encodeSafetensors(tensors, { ...metadata })).toEqual(bytes);
        expect(new DataView(bytes.buffer).getUint32(0, true) % 8).toBe(0);
        const decoded = decodeSafetensors(bytes);
        expect(decoded.metadata).toEqual(metadata);
        expect(decoded.tensors.size).toBe(tensors.length);
        for (const t of tensors) {
          const d = decoded.tensors.get(t.name)!;
          expect(d.shape).toEqual(t.shape);
          expect(new Uint32Array(d.data.buffer)).toEqual(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('damaged files are rejected with SafetensorsFormatError and nothing else', () => {
    const damage = fc.record({ cut: fc.nat(), flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }) });
    fc.assert(
      fc.property(tensorsArb, metadataArb, damage, (tensors, metadata, { cut, flips }) => {
        const bytes = encodeSafetensors(tensors, metadata);
        const damaged = bytes.slice(0, bytes.length - (cut % (bytes.length + 1)));
        for (const { at, value } of flips) if (damaged.length > 0) damaged[at % damaged.length] = value;
        try {
          decodeSafetensors(damaged);
        } catch (e) {
          expect(e).toBeInstanceOf(SafetensorsFormatError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeSafetensors rejects bad files, saying what and where', () => {
  const ok = (offsets = '[0,8]', shape = '[2]', dtype = 'F32') => `"a":{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;
  const cases: [string, Uint8Array, string][] = [
    ['a truncated header length', new Uint8Array(5), 'file too short for the header length (expected at least 8 bytes, found 5 bytes)'],
    [
      'a header length past the end',
      handmade(`{${ok()}}`, f32le([1, 2]), 500),
      'header length runs past the end of the file (expected at most 62 bytes, found 500)',
    ],
    ['an absurd header length', handmade('{}', [], 2 ** 40), 'header length is absurd (expected at most 100000000 bytes, found 1099511627776)'],
    ['a header that is not JSON', handmade('{"a": [1, 2', []), 'header is not valid UTF-8 JSON (expected a JSON object, found '],
    ['a header that is not UTF-8', handmade('{}', []).map((b, i) => (i === 9 ? 0xff : b)), 'header is not valid UTF-8 JSON'],
    ['a header that is an array', handmade('[1,2]', []), 'header is not a JSON object (expected a JSON object, found an array)'],
    [
      'an unsupported dtype',
      handmade(`{${ok('[0,8]', '[8]', 'I8')}}`, f32le([1, 2])),
      'tensor \'a\' has an unsupported dtype (expected F32, F64, F16, BF16, found "I8")',
    ],
    [
      'a negative shape entry',
      handmade(`{${ok('[0,8]', '[-2]')}}`, f32le([1, 2])),
      "tensor 'a' has a bad shape (expected an array of non-negative integers, found [-2])",
    ],
    [
      'a size that does not match the shape',
      handmade(`{${ok('[0,8]', '[3]')}}`, f32le([1, 2])),
      "tensor 'a' size does not match its shape [3] (expected 12 bytes of F32, found 8 bytes)",
    ],
    [
      'offsets out of order',
      handmade(`{${ok('[8,0]')}}`, f32le([1, 2])),
      "tensor 'a' has bad data_offsets (expected [begin, end] with 0 ≤ begin ≤ end, found [8,0])",
    ],
    ['a truncated data section', handmade(`{${ok()}}`, f32le([1])), "tensor 'a' runs past the data section (expected end ≤ 4, found 8)"],
    [
      'overlapping tensors',
      handmade(`{${ok('[0,8]')},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, f32le([1, 2, 3])),
      "tensors 'a' and 'b' overlap (expected 'b' to begin at byte 8, found 4)",
    ],
    [
      'a gap between tensors',
      handmade(`{${ok('[0,8]')},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}`, f32le([1, 2, 3, 4])),
      "gap in the data section before 'b' (expected 'b' to begin at byte 8, found 12)",
    ],
    ['bytes after the last tensor', handmade(`{${ok()}}`, f32le([1, 2, 3])), 'data section has bytes no tensor claims (expected 8 data bytes, found 12)'],
    ['non-string metadata', handmade('{"__metadata__":{"epochs":3}}', []), "metadata 'epochs' is not a string (expected string values only, found 3)"],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(SafetensorsFormatError);
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(`model.safetensors: ${message}`);
    });
  }

  it('keeps every message on one line', () => {
    try {
      decodeSafetensors(handmade('{"a": \n[1, 2', []), 'f');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

// Issue #8, "Trust at the edges": each of these was accepted, or took gigabytes, before.
describe('decodeSafetensors on hostile files', () => {
  function errorOf(bytes: Uint8Array): string {
    const { bytes: allocated, error } = allocationOf(() => decodeSafetensors(bytes, 'h.safetensors'));
    expect(error).toBeInstanceOf(SafetensorsFormatError);
    expect(allocated).toBeLessThan(2 * bytes.length + 4096);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(300);
    return message;
  }

  it('refuses a key that appears twice, at any depth (JSON.parse would keep the last)', () => {
    const t = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const cases = [
      `{"a":${t},"a":${t}}`,
      `{"__metadata__":{"k":"1","k":"2"},"a":${t}}`,
      `{"a":{"dtype":"F32","shape":[1],"dtype":"F16","data_offsets":[0,4]}}`,
      `{"a":${t},"\\u0061":${t}}`,
    ];
    for (const header of cases) {
      expect(errorOf(rawSafetensors(header, new Uint8Array(4)))).toMatch(
        /^h\.safetensors: header has the key '(a|k|dtype)' twice \(expected each key once, found a duplicate \(readers disagree on which one counts\)\)$/,
      );
    }
    // The same text inside a string value is no key.
    expect(decodeSafetensors(rawSafetensors(`{"__metadata__":{"note":"{\\"a\\":1,\\"a\\":2}"},"a":${t}}`, new Uint8Array(4))).tensors.size).toBe(1);
  });

  it('refuses overlapping tensors before decoding any of them (4000 tensors on the same bytes)', () => {
    const bomb = aliasedTensors(4000, 16_000);
    expect(errorOf(bomb)).toBe("h.safetensors: tensors 't0' and 't1' overlap (expected 't1' to begin at byte 16000, found 0)");
  });

  it('counts a shape whose product passes 2⁵³ as too large, without rounding', () => {
    const header = `{"a":{"dtype":"F32","shape":[${2 ** 40},${2 ** 40}],"data_offsets":[0,0]}}`;
    expect(errorOf(rawSafetensors(header))).toBe(
      `h.safetensors: tensor 'a' size does not match its shape [${2 ** 40},${2 ** 40}] (expected more than 2⁵³ elements, found 0 bytes)`,
    );
  });

  it('keeps messages short when names and values are huge or deeply nested', () => {
    const long = 'n'.repeat(100_000);
    expect(errorOf(rawSafetensors(`{"${long}":{"dtype":"I8","shape":[0],"data_offsets":[0,0]}}`))).toMatch(
      /^h\.safetensors: tensor 'n{59}…' has an unsupported dtype/,
    );
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(errorOf(rawSafetensors(`{"a":{"dtype":"F32","shape":${deep},"data_offsets":[0,0]}}`))).toBe(
      "h.safetensors: tensor 'a' has a bad shape (expected an array of non-negative integers, found [[[… (nested too deep to show))",
    );
    expect(errorOf(rawSafetensors('{"a\\nb":{"dtype":"I8","shape":[0],"data_offsets":[0,0]}}'))).toMatch(/^h\.safetensors: tensor 'a\\nb' has/);
  });
});
