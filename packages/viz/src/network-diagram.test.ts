import { describe, expect, it } from 'vitest';
import { attributeValues, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { DIVERGING_NEGATIVE, DIVERGING_POSITIVE, rgbToHex } from './colormaps.js';
import { VizInputError } from './errors.js';
import { networkDiagram } from './network-diagram.js';

let seed = 7;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const sizes = [784, 16, 16, 10];
const activations = sizes.map((n) => Float32Array.from({ length: n }, random));
const weights = sizes.slice(1).map((n, l) => Float32Array.from({ length: n * sizes[l] }, () => random() - 0.5));

describe('networkDiagram', () => {
  it('draws 784 → 16 → 16 → 10 as an image and 42 neurons, outputs labelled 0–9', () => {
    const svg = networkDiagram({ layerSizes: sizes, activations, weights, inputShape: [28, 28] });
    expectValidSvg(svg);
    expect(countElements(svg, 'circle')).toBe(16 + 16 + 10);
    expect(countElements(svg, 'image')).toBe(1);
    const texts = textContents(svg);
    for (let d = 0; d <= 9; d++) expect(texts).toContain(String(d));
    expect(texts).toContain('input (28×28 = 784)');
    expect(texts).toContain('output (10)');
    expect(texts).toContain('A 784-16-16-10 network');
  });

  it('keeps the first layer readable: k strongest edges per neuron, all edges after it, small file', () => {
    const svg = networkDiagram({ layerSizes: sizes, activations, weights, edgesPerNeuron: 5 });
    expect(countElements(svg, 'line')).toBe(16 * 5 + 16 * 16 + 10 * 16);
    expect(svg.length).toBeLessThan(1_000_000);
  });

  it('colours edges by sign: red for positive weights, blue for negative', () => {
    const signed = [new Float32Array(4 * 2).fill(1), new Float32Array(3 * 4).fill(-1)];
    const svg = networkDiagram({
      layerSizes: [2, 4, 3],
      activations: [new Float32Array(2), new Float32Array(4), new Float32Array(3)],
      weights: signed,
    });
    expectValidSvg(svg);
    const strokes = attributeValues(svg, 'line', 'stroke');
    expect(strokes.filter((s) => s === rgbToHex(DIVERGING_POSITIVE))).toHaveLength(8);
    expect(strokes.filter((s) => s === rgbToHex(DIVERGING_NEGATIVE))).toHaveLength(12);
    // A small input is drawn as circles.
    expect(countElements(svg, 'circle')).toBe(2 + 4 + 3);
  });

  it('makes edge opacity grow with |w|', () => {
    const svg = networkDiagram({
      layerSizes: [2, 1],
      activations: [new Float32Array(2), new Float32Array(1)],
      weights: [new Float32Array([0.1, -1])],
    });
    const opacities = attributeValues(svg, 'line', 'stroke-opacity').map(Number);
    expect(opacities).toHaveLength(2);
    expect(opacities[1]).toBeGreaterThan(opacities[0]); // weakest drawn first
  });

  it('shades neurons by activation: 0 white, 1 dark', () => {
    const svg = networkDiagram({
      layerSizes: [2, 2],
      activations: [new Float32Array([0, 1]), new Float32Array([0, 0])],
      weights: [new Float32Array(4)],
    });
    const fills = attributeValues(svg, 'circle', 'fill');
    expect(fills[0]).toBe('#ffffff');
    expect(fills[1]).toBe('#111827');
  });

  it('draws a wide layer as its first and last neurons around a ⋮', () => {
    const big = [2, 100, 3];
    const svg = networkDiagram({
      layerSizes: big,
      activations: big.map((n) => new Float32Array(n)),
      weights: [new Float32Array(200).fill(0.5), new Float32Array(300).fill(0.5)],
    });
    expectValidSvg(svg);
    expect(countElements(svg, 'circle')).toBe(2 + 24 + 3);
    expect(textContents(svg)).toContain('⋮');
  });

  it('says which array has the wrong length', () => {
    expect(() => networkDiagram({ layerSizes: sizes, activations: activations.slice(0, 3), weights })).toThrow(VizInputError);
    expect(() => networkDiagram({ layerSizes: sizes, activations, weights: [weights[0], weights[1], new Float32Array(10)] })).toThrow(
      'networkDiagram: expected weights[2] of 10×16 = 160 values, found Float32Array of length 10',
    );
    expect(() => networkDiagram({ layerSizes: sizes, activations, weights, inputShape: [28, 27] })).toThrow(/inputShape/);
    expect(() => networkDiagram({ layerSizes: [784], activations: [], weights: [] })).toThrow(/at least two positive integers/);
  });
});
