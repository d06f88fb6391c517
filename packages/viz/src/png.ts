import { encode } from 'fast-png';
import { toBase64 } from './base64.js';
import { VizInputError, describeValue } from './errors.js';

export { type DecodePngOptions, MAX_PNG_PIXELS, decodePng } from './png-decode.js';

/** An 8-bit RGBA raster, row-major from the top-left, 4 bytes per pixel. */
export type RgbaImage = {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width × height × 4` bytes: red, green, blue, alpha of each pixel. */
  data: Uint8ClampedArray;
};

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
