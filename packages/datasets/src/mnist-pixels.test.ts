import { describe, expect, it } from 'vitest';
import { toMnistPixels } from './mnist-pixels.js';

function rgba(width: number, height: number, gray: (x: number, y: number) => number, alpha = 255) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([gray(x, y), gray(x, y), gray(x, y), alpha], 4 * (y * width + x));
  return { width, height, data };
}

describe('toMnistPixels', () => {
  it('keeps a 28×28 white-on-black image as it is', () => {
    const image = rgba(28, 28, (x, y) => (x === y ? 255 : 0));
    const out = toMnistPixels(image);
    expect(out).toHaveLength(784);
    for (let i = 0; i < 28; i++) expect(out[i * 28 + i]).toBe(255);
    expect(out[1]).toBe(0);
  });

  it('inverts dark ink on light paper, and averages areas when scaling down', () => {
    // 56×56, black 2×2 blocks on white where the 28×28 image has ink.
    const out = toMnistPixels(rgba(56, 56, (x) => (x >> 1 === 5 ? 0 : 255)));
    expect(out[3 * 28 + 5]).toBe(255);
    expect(out[3 * 28 + 6]).toBe(0);
    // A half-covered output pixel gets half the ink.
    const half = toMnistPixels(rgba(56, 56, (x) => (x === 11 ? 0 : 255)));
    expect(half[5]).toBe(128);
  });

  it('counts transparent pixels as the paper', () => {
    const out = toMnistPixels(rgba(28, 28, () => 0, 0));
    expect(out.every((v) => v === 0)).toBe(true);
  });
});
