import { describe, expect, it } from 'vitest';
import { byteMismatches, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { DIVERGING_NEGATIVE, DIVERGING_POSITIVE } from './colormaps.js';
import { VizInputError } from './errors.js';
import { decodePng, encodePng, type RgbaImage } from './png.js';
import { weightGrid, weightGridSvg } from './weight-grid.js';

/** A 16 × 784 matrix: neuron n's weights are a ramp scaled by (n + 1), so tiles differ in size. */
function firstLayer(): Float32Array {
  const w = new Float32Array(16 * 784);
  for (let n = 0; n < 16; n++) for (let i = 0; i < 784; i++) w[n * 784 + i] = ((i % 28) - 13.5) * 0.01 * (n + 1);
  return w;
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const o = (y * image.width + x) * 4;
  return [...image.data.subarray(o, o + 4)];
}

/** Top-left pixel of weight (tx, ty) of tile n in a 4-column grid at scale 4, gap 4. */
function at(image: RgbaImage, n: number, tx: number, ty: number, scale = 4, gap = 4): number[] {
  return pixel(image, (n % 4) * (28 * scale + gap) + tx * scale, Math.floor(n / 4) * (28 * scale + gap) + ty * scale);
}

describe('weightGrid', () => {
  it('lays 16 × 784 weights out as 4 × 4 tiles of 28 × 28 at 4 px per weight with 4 px gaps', () => {
    const image = weightGrid(firstLayer(), { outputs: 16, tileWidth: 28, tileHeight: 28 });
    expect(image.width).toBe(4 * 28 * 4 + 3 * 4);
    expect(image.height).toBe(4 * 28 * 4 + 3 * 4);
    expect(image.data.length).toBe(image.width * image.height * 4);
  });

  it('survives a PNG round trip with the same size and pixels', () => {
    const image = weightGrid(firstLayer(), { outputs: 16 });
    const back = decodePng(encodePng(image));
    expect(back.width).toBe(image.width);
    expect(back.height).toBe(image.height);
    expect(byteMismatches(back.data, image.data)).toBe(0);
  });

  it("paints 0 white, each tile's max |w| at the red or blue end, and fills the whole block", () => {
    const w = new Float32Array(2 * 784);
    w[0] = 0.5; // tile 0: +0.5 at (0, 0), −0.5 at (1, 0)
    w[1] = -0.5;
    w[784 + 27 * 28 + 27] = -0.002; // tile 1: tiny weights still reach full colour on their own scale
    w[784 + 5] = 0.001;
    const image = weightGrid(w, { outputs: 2, columns: 2, scale: 3, gap: 2 });
    const px = (n: number, tx: number, ty: number, dx = 0, dy = 0) => pixel(image, n * (28 * 3 + 2) + tx * 3 + dx, ty * 3 + dy);
    expect(px(0, 0, 0)).toEqual([...DIVERGING_POSITIVE, 255]);
    expect(px(0, 0, 0, 2, 2)).toEqual([...DIVERGING_POSITIVE, 255]);
    expect(px(0, 1, 0)).toEqual([...DIVERGING_NEGATIVE, 255]);
    expect(px(0, 2, 0)).toEqual([255, 255, 255, 255]);
    expect(px(0, 27, 27, 2, 2)).toEqual([255, 255, 255, 255]);
    expect(px(1, 27, 27)).toEqual([...DIVERGING_NEGATIVE, 255]);
    expect(px(1, 0, 0)).toEqual([255, 255, 255, 255]);
    // Half the tile's max |w| is a lighter red, between white and the end.
    const half = px(1, 5, 0);
    expect(half[0]).toBeGreaterThan(DIVERGING_POSITIVE[0]);
    expect(half[2]).toBeLessThan(255);
    // The gap between tiles is the background grey.
    expect(pixel(image, 28 * 3, 0)).toEqual([209, 213, 219, 255]);
  });

  it('uses one scale for all tiles when shared, or the given maxAbs', () => {
    const w = firstLayer();
    const own = weightGrid(w, { outputs: 16 });
    const shared = weightGrid(w, { outputs: 16, shared: true });
    // Tile 0's largest weight (−0.135 at x = 0) is full blue on its own scale, pale on the shared one.
    expect(at(own, 0, 0, 0)).toEqual([...DIVERGING_NEGATIVE, 255]);
    expect(at(shared, 0, 0, 0)[0]).toBeGreaterThan(150);
    expect(at(shared, 15, 0, 0)).toEqual([...DIVERGING_NEGATIVE, 255]);
    const fixed = weightGrid(w, { outputs: 16, maxAbs: 0.135 });
    expect(at(fixed, 0, 0, 0)).toEqual([...DIVERGING_NEGATIVE, 255]);
    expect(at(fixed, 1, 0, 0)).toEqual([...DIVERGING_NEGATIVE, 255]); // −0.27 clamps to the end
  });

  it('keeps an all-zero tile white and shows NaN as grey', () => {
    const w = new Float32Array(4);
    w[3] = Number.NaN;
    const image = weightGrid(w, { outputs: 1, tileWidth: 2, tileHeight: 2, scale: 1 });
    expect(pixel(image, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(pixel(image, 1, 1)).toEqual([128, 128, 128, 255]);
  });

  it('infers square tiles and a near-square grid', () => {
    const image = weightGrid(new Float32Array(10 * 49), { outputs: 10, scale: 1, gap: 0 });
    expect(image.width).toBe(4 * 7);
    expect(image.height).toBe(3 * 7);
  });

  it('says what is wrong with a shape that does not fit', () => {
    expect(() => weightGrid(new Float32Array(100), { outputs: 3 })).toThrow(VizInputError);
    expect(() => weightGrid(new Float32Array(100), { outputs: 3 })).toThrow('weightGrid: expected a weight count divisible by outputs = 3, found 100 weights');
    expect(() => weightGrid(new Float32Array(16 * 784), { outputs: 16, tileWidth: 28, tileHeight: 27 })).toThrow(
      'weightGrid: expected tileWidth × tileHeight = 784 inputs per neuron, found 28 × 27',
    );
    expect(() => weightGrid(new Float32Array(30), { outputs: 2 })).toThrow(/tileWidth × tileHeight = 15/);
    expect(() => weightGrid(new Float32Array(4), { outputs: 1, scale: 0 })).toThrow(/scale/);
  });
});

describe('weightGridSvg', () => {
  it('is a well-formed SVG with one crisp image per neuron, captions and a colour bar', () => {
    const svg = weightGridSvg(firstLayer(), { outputs: 16, title: 'First-layer weights', tileTitles: true });
    expectValidSvg(svg);
    expect(countElements(svg, 'image')).toBe(16);
    const texts = textContents(svg);
    expect(texts).toContain('First-layer weights');
    expect(texts).toContain('neuron 1');
    expect(texts).toContain('neuron 16');
    expect(texts).toContain('−max |w|');
    expect(countElements(svg, 'linearGradient')).toBe(1);
    expect(svg.length).toBeLessThan(1_000_000);
  });

  it('writes the shared scale on the colour bar and takes custom captions', () => {
    const w = firstLayer();
    const svg = weightGridSvg(w, { outputs: 16, shared: true, tileTitles: Array.from({ length: 16 }, (_, i) => `h${i}`) });
    expectValidSvg(svg);
    expect(textContents(svg)).toEqual(expect.arrayContaining(['−2.16', '+2.16', 'h0', 'h15']));
    expect(() => weightGridSvg(w, { outputs: 16, tileTitles: ['only one'] })).toThrow(/16 tile titles, found 1/);
  });
});
