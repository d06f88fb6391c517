import { decode, encode } from 'fast-png';
import { toBase64 } from './base64.js';
import { VizInputError, describeValue } from './errors.js';

/** An 8-bit RGBA raster, row-major from the top-left, 4 bytes per pixel. */
export type RgbaImage = { width: number; height: number; data: Uint8ClampedArray };

/** A blank image filled with one colour (opaque unless `alpha` says otherwise). */
export function createImage(width: number, height: number, rgb: readonly number[] = [255, 255, 255], alpha = 255): RgbaImage {
  checkSize('createImage', width, height);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
    data[i + 3] = alpha;
  }
  return { width, height, data };
}

/** Encode an RGBA image as PNG bytes (8-bit RGBA). */
export function encodePng(image: RgbaImage): Uint8Array {
  checkImage('encodePng', image);
  return encode({ width: image.width, height: image.height, data: image.data, channels: 4, depth: 8 });
}

/**
 * Decode any PNG into 8-bit RGBA: greyscale, grey + alpha, RGB, RGBA and
 * palette images at any bit depth (1, 2, 4, 8, 16), honouring tRNS transparency.
 * 16-bit samples keep their high byte.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new VizInputError('decodePng', 'PNG bytes', `${describeValue(bytes)} that fast-png could not decode (${(error as Error).message})`);
  }
  const { width, height, channels, depth } = png;
  const count = width * height;
  const out = new Uint8ClampedArray(count * 4);

  if (png.palette) {
    const samples = unpack(png.data, width, height, 1, depth);
    const palette = png.palette;
    for (let p = 0; p < count; p++) {
      const colour = palette[samples[p]];
      if (colour === undefined) {
        throw new VizInputError('decodePng', `palette indices below ${palette.length}`, `index ${samples[p]} at pixel ${p}`);
      }
      out[4 * p] = colour[0];
      out[4 * p + 1] = colour[1];
      out[4 * p + 2] = colour[2];
      out[4 * p + 3] = colour.length > 3 ? colour[3] : 255;
    }
    return { width, height, data: out };
  }

  if (channels === 4 && depth === 8) {
    out.set(png.data);
    return { width, height, data: out };
  }
  const samples = unpack(png.data, width, height, channels, depth);
  // Scale any bit depth to 0..255: 1-bit 1 → 255, 4-bit 15 → 255, 16-bit keeps its high byte.
  const toByte = depth === 16 ? (v: number) => v >> 8 : (v: number) => Math.round((v * 255) / ((1 << depth) - 1));
  // tRNS on grey/RGB images names one colour (in the image's own bit depth) that is fully transparent.
  const key = png.transparency;
  for (let p = 0; p < count; p++) {
    const s = p * channels;
    let transparent = false;
    if (channels <= 2) {
      const grey = toByte(samples[s]);
      out[4 * p] = out[4 * p + 1] = out[4 * p + 2] = grey;
      out[4 * p + 3] = channels === 2 ? toByte(samples[s + 1]) : 255;
      transparent = channels === 1 && key !== undefined && key.length >= 1 && samples[s] === key[0];
    } else {
      out[4 * p] = toByte(samples[s]);
      out[4 * p + 1] = toByte(samples[s + 1]);
      out[4 * p + 2] = toByte(samples[s + 2]);
      out[4 * p + 3] = channels === 4 ? toByte(samples[s + 3]) : 255;
      transparent =
        channels === 3 && key !== undefined && key.length >= 3 &&
        samples[s] === key[0] && samples[s + 1] === key[1] && samples[s + 2] === key[2];
    }
    if (transparent) out[4 * p + 3] = 0;
  }
  return { width, height, data: out };
}

/** A `data:image/png;base64,…` URI of an image, for embedding in SVG. */
export function pngDataUri(image: RgbaImage): string {
  return `data:image/png;base64,${toBase64(encodePng(image))}`;
}

/** Check an image's size and buffer, throwing `VizInputError` on mismatch. */
export function checkImage(renderer: string, image: RgbaImage): void {
  checkSize(renderer, image.width, image.height);
  if (!((image.data as unknown) instanceof Uint8ClampedArray) && !((image.data as unknown) instanceof Uint8Array)) {
    throw new VizInputError(renderer, 'image.data as a Uint8ClampedArray', describeValue(image.data));
  }
  const expected = image.width * image.height * 4;
  if (image.data.length !== expected) {
    throw new VizInputError(renderer, `${expected} bytes of RGBA data for ${image.width}×${image.height}`, `${image.data.length}`);
  }
}

function checkSize(renderer: string, width: number, height: number): void {
  if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0) {
    throw new VizInputError(renderer, 'a positive integer width and height', `${describeValue(width)}×${describeValue(height)}`);
  }
}

/**
 * Samples one per array slot. fast-png leaves 1/2/4-bit rows packed (each row
 * starting on a byte boundary); 8- and 16-bit data is already one sample per slot.
 */
function unpack(data: ArrayLike<number>, width: number, height: number, channels: number, depth: number): ArrayLike<number> {
  if (depth >= 8) return data;
  const perRow = width * channels;
  const bytesPerRow = Math.ceil((perRow * depth) / 8);
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(perRow * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * bytesPerRow + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}
