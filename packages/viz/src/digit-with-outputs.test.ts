import { describe, expect, it } from 'vitest';
import { attributeValues, byteMismatches, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { digitWithOutputs } from './digit-with-outputs.js';
import { VizInputError } from './errors.js';
import { decodePng } from './png.js';
import { theme } from './theme.js';

const pixels = new Uint8Array(784);
for (let i = 0; i < 28; i++) pixels[i * 28 + 14] = 255; // a "1"
const outputs = [0.01, 0.92, 0.03, 0.02, 0.05, 0.01, 0.0, 0.2, 0.04, 0.01];

/** The bar rects: the ones with rounded corners filled in a solid colour. */
function bars(svg: string): string[] {
  return [...svg.matchAll(/<rect [^>]*rx="2" fill="([^"]+)"/g)].map((m) => m[1]);
}

/** The embedded digit image, decoded. */
function embedded(svg: string) {
  const href = attributeValues(svg, 'image', 'href')[0];
  return decodePng(new Uint8Array(Buffer.from(href.replace('data:image/png;base64,', ''), 'base64')));
}

describe('digitWithOutputs', () => {
  it('draws the image, ten bars and their digits, the predicted one highlighted', () => {
    const svg = digitWithOutputs({ pixels, width: 28, height: 28, outputs, label: 1 });
    expectValidSvg(svg);
    expect(countElements(svg, 'image')).toBe(1);
    const fills = bars(svg);
    expect(fills).toHaveLength(10);
    expect(fills.filter((f) => f === theme.accent)).toHaveLength(1);
    expect(fills.indexOf(theme.accent)).toBe(1);
    const texts = textContents(svg);
    for (let d = 0; d <= 9; d++) expect(texts).toContain(String(d));
    expect(texts).toContain('Network says 1 · true label 1');
    expect(texts).toContain('0.92  ✓ true label');
    expect(texts).toContain('output activation');
  });

  it('marks the true label when the network is wrong', () => {
    const svg = digitWithOutputs({ pixels, outputs, label: 7 });
    expectValidSvg(svg);
    const texts = textContents(svg);
    expect(texts).toContain('Network says 1 · true label 7');
    expect(texts).toContain('0.2  ← true label');
    expect(svg).toContain('stroke-dasharray="4 3"');
  });

  it('embeds the digit as ink on paper: 0 white, 255 dark', () => {
    const svg = digitWithOutputs({ pixels, outputs });
    const image = embedded(svg);
    expect(image.width % 28).toBe(0);
    const zoom = image.width / 28;
    const at = (x: number, y: number) => [...image.data.subarray((y * zoom * image.width + x * zoom) * 4, (y * zoom * image.width + x * zoom) * 4 + 3)];
    expect(at(0, 0)).toEqual([255, 255, 255]);
    expect(at(14, 5)).toEqual([...theme.ink]);
  });

  it('reads Float32Array pixels as 0..1', () => {
    const float = Float32Array.from(pixels, (p) => p / 255);
    const a = embedded(digitWithOutputs({ pixels: float, outputs }));
    const b = embedded(digitWithOutputs({ pixels, outputs }));
    expect(a.width).toBe(b.width);
    expect(byteMismatches(a.data, b.data)).toBe(0);
  });

  it('takes a custom title and escapes it', () => {
    const svg = digitWithOutputs({ pixels, outputs, title: 'test <#42>' });
    expectValidSvg(svg);
    expect(textContents(svg)).toContain('test <#42>');
  });

  it('rejects a wrong pixel count or label with a VizInputError', () => {
    expect(() => digitWithOutputs({ pixels: new Uint8Array(100), outputs })).toThrow(VizInputError);
    expect(() => digitWithOutputs({ pixels: new Uint8Array(100), outputs })).toThrow(
      'digitWithOutputs: expected pixels of a 28×28 image (784 values), found Uint8Array of length 100',
    );
    expect(() => digitWithOutputs({ pixels, outputs, label: 10 })).toThrow(/label as an integer class in 0..9, found 10/);
    expect(() => digitWithOutputs({ pixels, outputs: [] })).toThrow(/one output activation per class/);
  });
});
