import { encode } from 'fast-png';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VizInputError } from './errors.js';
import { createImage, decodePng, encodePng, pngDataUri, type RgbaImage } from './png.js';

const rgbaImage = fc
  .record({ width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) })
  .chain(({ width, height }) =>
    fc
      .uint8Array({ minLength: width * height * 4, maxLength: width * height * 4 })
      .map((bytes): RgbaImage => ({ width, height, data: new Uint8ClampedArray(bytes) })),
  );

/** Pack samples of `depth` bits MSB-first, each row starting on a byte, as PNG stores them. */
function pack(samples: number[], width: number, height: number, depth: number): Uint8Array {
  const bytesPerRow = Math.ceil((width * depth) / 8);
  const out = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * bytesPerRow + (bit >> 3)] |= samples[y * width + x] << (8 - depth - (bit & 7));
    }
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** Insert a chunk just before the first IDAT of a PNG. */
function withChunk(png: Uint8Array, type: string, body: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set(new TextEncoder().encode(type), 4);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
  let at = 8;
  while (new TextDecoder().decode(png.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + new DataView(png.buffer, png.byteOffset).getUint32(at);
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at));
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}

describe('encodePng / decodePng', () => {
  it('round-trips any RGBA image exactly', () => {
    fc.assert(
      fc.property(rgbaImage, (image) => {
        const back = decodePng(encodePng(image));
        return back.width === image.width && back.height === image.height && back.data.every((v, i) => v === image.data[i]);
      }),
      { numRuns: 50 },
    );
  });

  it('writes a real PNG (signature and IHDR size)', () => {
    const bytes = encodePng(createImage(3, 2, [10, 20, 30]));
    expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(16)).toBe(3);
    expect(view.getUint32(20)).toBe(2);
  });

  it('decodes an 8-bit greyscale PNG to RGBA with the grey values', () => {
    const gray = new Uint8Array([0, 64, 128, 255, 17, 200]);
    const image = decodePng(encode({ width: 3, height: 2, data: gray, channels: 1, depth: 8 }));
    expect(image.width).toBe(3);
    expect(image.height).toBe(2);
    expect([...image.data]).toEqual([...gray].flatMap((g) => [g, g, g, 255]));
  });

  it('decodes packed 1-, 2- and 4-bit greyscale, scaling to 0..255', () => {
    for (const depth of [1, 2, 4] as const) {
      const max = (1 << depth) - 1;
      const width = 5,
        height = 3; // odd width: rows end mid-byte
      const samples = Array.from({ length: width * height }, (_, i) => (i * 7) % (max + 1));
      const image = decodePng(encode({ width, height, data: pack(samples, width, height, depth), channels: 1, depth }));
      expect([...image.data]).toEqual(
        samples.flatMap((s) => {
          const g = Math.round((s * 255) / max);
          return [g, g, g, 255];
        }),
      );
    }
  });

  it('decodes 16-bit greyscale + alpha and RGB, keeping the high byte', () => {
    const ga = decodePng(encode({ width: 2, height: 1, data: new Uint16Array([0xffff, 0x8000, 0x1234, 0x00ff]), channels: 2, depth: 16 }));
    expect([...ga.data]).toEqual([255, 255, 255, 128, 0x12, 0x12, 0x12, 0]);
    const rgb = decodePng(encode({ width: 1, height: 1, data: new Uint16Array([0xabcd, 0x0100, 0xff00]), channels: 3, depth: 16 }));
    expect([...rgb.data]).toEqual([0xab, 0x01, 0xff, 255]);
  });

  it('decodes 8-bit RGB as opaque', () => {
    const image = decodePng(encode({ width: 2, height: 1, data: new Uint8Array([1, 2, 3, 4, 5, 6]), channels: 3, depth: 8 }));
    expect([...image.data]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('decodes palette images, with and without palette transparency', () => {
    const palette = [
      [255, 0, 0],
      [0, 0, 255],
      [9, 8, 7],
    ];
    const indices = [2, 0, 1, 1, 0, 2];
    const plain = decodePng(encode({ width: 3, height: 2, data: pack(indices, 3, 2, 4), channels: 1, depth: 4, palette }));
    expect([...plain.data]).toEqual(indices.flatMap((i) => [...palette[i], 255]));
    const translucent = palette.map((c, i) => [...c, i * 100]);
    const alpha = decodePng(encode({ width: 3, height: 2, data: new Uint8Array(indices), channels: 1, depth: 8, palette: translucent }));
    expect([...alpha.data]).toEqual(indices.flatMap((i) => translucent[i]));
  });

  it('honours a tRNS colour key on greyscale and RGB images', () => {
    const gray = encode({ width: 3, height: 1, data: new Uint8Array([5, 77, 5]), channels: 1, depth: 8 });
    const keyed = decodePng(withChunk(gray, 'tRNS', new Uint8Array([0, 5])));
    expect([...keyed.data]).toEqual([5, 5, 5, 0, 77, 77, 77, 255, 5, 5, 5, 0]);
    const rgb = encode({ width: 4, height: 1, data: new Uint8Array([1, 2, 3, 1, 2, 4, 9, 9, 9, 1, 2, 3]), channels: 3, depth: 8 });
    const rgbKeyed = decodePng(withChunk(rgb, 'tRNS', new Uint8Array([0, 1, 0, 2, 0, 3])));
    expect([...rgbKeyed.data]).toEqual([1, 2, 3, 0, 1, 2, 4, 255, 9, 9, 9, 255, 1, 2, 3, 0]);
  });

  it('rejects bytes that are not a PNG with a VizInputError', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4]))).toThrow(VizInputError);
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4]))).toThrow(
      'decodePng: expected PNG bytes (starting 89 50 4e 47 0d 0a 1a 0a), found 4 bytes starting 01 02 03 04',
    );
  });

  it('rejects an image whose data does not fit its size', () => {
    const bad = { width: 2, height: 2, data: new Uint8ClampedArray(15) };
    expect(() => encodePng(bad)).toThrow(/expected 16 bytes of RGBA data for 2×2, found 15/);
    expect(() => encodePng({ width: 0, height: 2, data: new Uint8ClampedArray(0) })).toThrow(VizInputError);
  });
});

describe('pngDataUri', () => {
  it('embeds the PNG as base64', () => {
    const image = createImage(2, 2, [1, 2, 3]);
    const uri = pngDataUri(image);
    expect(uri.startsWith('data:image/png;base64,')).toBe(true);
    const bytes = new Uint8Array(Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64'));
    expect([...decodePng(bytes).data]).toEqual([...image.data]);
  });
});
