import { describe, expect, it } from 'vitest';
import { countElements, expectValidSvg, textContents } from '../test/svg.js';
import { confusionMatrix } from './confusion-matrix.js';
import { VizInputError } from './errors.js';

const matrix = [
  [50, 2, 0],
  [5, 40, 5],
  [0, 0, 0],
];

describe('confusionMatrix', () => {
  it('draws one cell per entry with its count, the axes "true" and "predicted" and row accuracies', () => {
    const svg = confusionMatrix({ matrix, labels: ['cat', 'dog', 'emu'], title: 'Pets' });
    expectValidSvg(svg);
    // 9 cells + the frame
    expect(countElements(svg, 'rect')).toBe(1 + 9 + 1);
    const texts = textContents(svg);
    for (const t of ['Pets', 'true', 'predicted', 'accuracy', 'cat', 'dog', 'emu', '50', '40', '5', '2']) expect(texts).toContain(t);
    expect(texts).toContain('96.2%'); // 50 / 52
    expect(texts).toContain('80.0%'); // 40 / 50
    expect(texts).toContain('–'); // an empty row has no accuracy
    expect(texts.some((t) => t.startsWith('overall accuracy 88.2% (90 of 102)'))).toBe(true);
  });

  it('shades the diagonal darker the larger its share of the row, and leaves zero mistakes white', () => {
    const svg = confusionMatrix({
      matrix: [
        [9, 1],
        [1, 1],
      ],
    });
    const fills = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="(#[0-9a-f]{6})" stroke="#ffffff"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(4);
    const darkness = (hex: string) => 765 - [1, 3, 5].reduce((s, k) => s + Number.parseInt(hex.slice(k, k + 2), 16), 0);
    expect(darkness(fills[0])).toBeGreaterThan(darkness(fills[3]));
    const clean = confusionMatrix({
      matrix: [
        [3, 0],
        [0, 4],
      ],
    });
    expect(clean).toContain('fill="#ffffff" stroke="#ffffff"');
  });

  it('numbers the classes when no labels are given and handles 10 classes', () => {
    const ten = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1000 : 3)));
    const svg = confusionMatrix({ matrix: ten });
    expectValidSvg(svg);
    const texts = textContents(svg);
    expect(texts).toContain('Confusion matrix');
    expect(texts).toContain('9');
    expect(texts.filter((t) => t === '1000')).toHaveLength(10);
    expect(texts.filter((t) => t === '97.4%')).toHaveLength(10);
  });

  it('rejects non-square, negative or mislabelled input', () => {
    expect(() => confusionMatrix({ matrix: [[1, 2], [3]] })).toThrow(VizInputError);
    expect(() => confusionMatrix({ matrix: [[1, 2], [3]] })).toThrow(
      'confusionMatrix: expected row 1 with 2 counts (a square matrix), found array of length 1',
    );
    expect(() =>
      confusionMatrix({
        matrix: [
          [1, -2],
          [3, 4],
        ],
      }),
    ).toThrow(/non-negative finite count at \[0\]\[1\], found -2/);
    expect(() => confusionMatrix({ matrix: [[1]], labels: ['a', 'b'] })).toThrow(/expected 1 labels, found 2/);
    expect(() => confusionMatrix({ matrix: [] })).toThrow(/non-empty square array/);
  });
});
