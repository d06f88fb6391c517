import { describe, expect, it } from 'vitest';
import { grayscaleImage, inkColor, normalizedIntensities } from './grayscale.js';
import { theme } from './theme.js';

describe('normalizedIntensities', () => {
  it('reads bytes as 0..255 and floats as 0..1', () => {
    expect([...normalizedIntensities(new Uint8Array([0, 51, 255]))]).toEqual([0, 0.2, 1].map(Math.fround));
    expect([...normalizedIntensities(new Float32Array([0, 0.5, 1]))]).toEqual([0, 0.5, 1]);
  });

  it('reads floats above 1 as 0..255, clamps, and maps non-finite values to 0', () => {
    expect([...normalizedIntensities([0, 127.5, 255])]).toEqual([0, 0.5, 1]);
    expect([...normalizedIntensities([-0.5, 0.25, Number.NaN])]).toEqual([0, 0.25, 0]);
  });
});

describe('grayscaleImage', () => {
  it('draws 0 as white paper and 1 as ink, each pixel a zoom × zoom block', () => {
    const image = grayscaleImage([0, 1], 2, 1, 3);
    expect(image.width).toBe(6);
    expect(image.height).toBe(3);
    const at = (x: number, y: number) => [...image.data.subarray((y * 6 + x) * 4, (y * 6 + x) * 4 + 4)];
    expect(at(2, 2)).toEqual([255, 255, 255, 255]);
    expect(at(3, 0)).toEqual([...theme.ink, 255]);
    expect(at(5, 2)).toEqual([...theme.ink, 255]);
  });

  it('rejects a size that does not match the pixels', () => {
    expect(() => grayscaleImage([0, 1, 0], 2, 2)).toThrow(/expected 2×2 = 4 pixels/);
  });

  it('gives the same colours as inkColor', () => {
    expect(inkColor(0)).toBe('#ffffff');
    expect(inkColor(1)).toBe('#111827');
    expect(inkColor(7)).toBe('#111827');
  });
});
