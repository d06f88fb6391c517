/** An RGBA picture, 8 bits per channel, row by row (a canvas ImageData or a decoded PNG). */
export interface RgbaPixels {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width × height × 4` bytes: red, green, blue and alpha of each pixel, row by row. */
  readonly data: ArrayLike<number>;
}

/**
 * Turn any picture of a digit into what the network saw in training: 28×28
 * grey levels, white ink on black, as MNIST is. Dark-on-light pictures are
 * inverted; larger or smaller ones are resampled by averaging the area each
 * output pixel covers.
 */
export function toMnistPixels(image: RgbaPixels, size = 28): Uint8Array {
  const { width, height, data } = image;
  // Luminance (Rec. 601), transparent pixels counting as the background (white paper).
  // Computed where needed rather than kept: a 4096 × 4096 picture would need 134 MB of it.
  const gray = (i: number): number => {
    const alpha = data[4 * i + 3]! / 255;
    return alpha * (0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!) + (1 - alpha) * 255;
  };
  let mean = 0;
  for (let i = 0; i < width * height; i++) mean += gray(i);
  mean /= width * height;
  const invert = mean > 127;
  const out = new Uint8Array(size * size);
  const sx = width / size,
    sy = height / size;
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * sx,
        x1 = (ox + 1) * sx,
        y0 = oy * sy,
        y1 = (oy + 1) * sy;
      let sum = 0,
        area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const g = gray(y * width + x);
          sum += w * (invert ? 255 - g : g);
          area += w;
        }
      }
      out[oy * size + ox] = Math.round(sum / area);
    }
  }
  return out;
}
