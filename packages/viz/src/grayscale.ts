// Greyscale images (MNIST digits, input activations) as ink on paper:
// 0 is white, 1 is the theme's near-black ink.

import { VizInputError, describeValue } from './errors.js';
import type { RgbaImage } from './png.js';
import { theme } from './theme.js';

/**
 * Intensities scaled to 0..1. A Uint8Array (or Uint8ClampedArray) is read as
 * 0..255; other arrays as 0..1 unless some value exceeds 1, then as 0..255.
 */
export function normalizedIntensities(pixels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(pixels.length);
  let max = 0;
  for (let i = 0; i < pixels.length; i++) if (pixels[i] > max) max = pixels[i];
  const byteScale = pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray || max > 1;
  const k = byteScale ? 1 / 255 : 1;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] * k;
    out[i] = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  }
  return out;
}

/** An ink-on-paper image of intensities in 0..1, each pixel a `zoom` × `zoom` block. */
export function grayscaleImage(intensities: ArrayLike<number>, width: number, height: number, zoom = 1): RgbaImage {
  if (intensities.length !== width * height) {
    throw new VizInputError('grayscaleImage', `${width}×${height} = ${width * height} pixels`, describeValue(intensities));
  }
  const W = width * zoom;
  const data = new Uint8ClampedArray(W * height * zoom * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = intensities[y * width + x];
      const r = 255 + (theme.ink[0] - 255) * v;
      const g = 255 + (theme.ink[1] - 255) * v;
      const b = 255 + (theme.ink[2] - 255) * v;
      for (let sy = 0; sy < zoom; sy++) {
        let o = ((y * zoom + sy) * W + x * zoom) * 4;
        for (let sx = 0; sx < zoom; sx++, o += 4) {
          data[o] = r;
          data[o + 1] = g;
          data[o + 2] = b;
          data[o + 3] = 255;
        }
      }
    }
  }
  return { width: W, height: height * zoom, data };
}

/** The fill colour of an activation a in 0..1 (clamped), as in `grayscaleImage`. */
export function inkColor(a: number): string {
  const v = Number.isFinite(a) ? Math.min(1, Math.max(0, a)) : 0;
  const c = (i: number) =>
    Math.round(255 + (theme.ink[i] - 255) * v)
      .toString(16)
      .padStart(2, '0');
  return `#${c(0)}${c(1)}${c(2)}`;
}
