import { describe, expect, it } from 'vitest';
import { NetworkSpecError } from './errors.js';
import { type NetworkSpec, sequentialSpec, validateSpec } from './spec.js';

describe('sequentialSpec', () => {
  it("builds Nielsen's Network([784, 16, 16, 10]) with the hidden and output activations", () => {
    expect(sequentialSpec([784, 16, 16, 10], 'sigmoid')).toEqual({
      inputSize: 784,
      layers: [
        { units: 16, activation: 'sigmoid' },
        { units: 16, activation: 'sigmoid' },
        { units: 10, activation: 'sigmoid' },
      ],
    });
    expect(sequentialSpec([2, 3, 4], 'relu', 'softmax').layers.map((l) => l.activation)).toEqual(['relu', 'softmax']);
  });

  it('needs an input and an output size', () => {
    expect(() => sequentialSpec([784], 'sigmoid')).toThrow('sequentialSpec: expected at least two sizes (input and output), found [784]');
  });
});

describe('validateSpec', () => {
  const bad: [unknown, string][] = [
    [null, 'spec: expected an object { inputSize, layers }, found null'],
    [{ inputSize: 0, layers: [{ units: 1, activation: 'relu' }] }, 'spec.inputSize: expected a positive integer, found 0'],
    [{ inputSize: 2.5, layers: [{ units: 1, activation: 'relu' }] }, 'spec.inputSize: expected a positive integer, found 2.5'],
    [{ inputSize: 2, layers: [] }, 'spec.layers: expected a non-empty array of { units, activation }, found []'],
    [{ inputSize: 2, layers: [{ units: -1, activation: 'relu' }] }, 'spec.layers[0].units: expected a positive integer, found -1'],
    [
      { inputSize: 2, layers: [{ units: 3, activation: 'gelu' }] },
      'spec.layers[0].activation: expected one of sigmoid, tanh, relu, identity, softmax, found "gelu"',
    ],
    [
      {
        inputSize: 2,
        layers: [
          { units: 3, activation: 'softmax' },
          { units: 2, activation: 'sigmoid' },
        ],
      },
      'spec.layers[0].activation: expected softmax only in the output (last) layer, found softmax in hidden layer 0',
    ],
    // Issue #8: one Float32Array holds every weight, so a spec that cannot fit in one is refused here, not by "Invalid typed array length".
    [
      { inputSize: 784, layers: [{ units: 1e9, activation: 'sigmoid' }] },
      'spec.layers[0].units: expected at most 4294967295 weights and biases in all (one Float32Array), found 1000000000 units, making 785000000000',
    ],
    [{ inputSize: 'x'.repeat(5000), layers: [] }, `spec.inputSize: expected a positive integer, found "${'x'.repeat(59)}…"`],
  ];
  for (const [spec, message] of bad) {
    it(`rejects ${JSON.stringify(spec).slice(0, 120)}`, () => {
      expect(() => validateSpec(spec)).toThrow(NetworkSpecError);
      expect(() => validateSpec(spec)).toThrow(message);
    });
  }

  it('returns a frozen copy holding only the spec fields', () => {
    const input = { inputSize: 3, layers: [{ units: 2, activation: 'tanh', note: 'x' }], extra: 1 } as unknown as NetworkSpec;
    const spec = validateSpec(input);
    expect(spec).toEqual({ inputSize: 3, layers: [{ units: 2, activation: 'tanh' }] });
    expect(Object.isFrozen(spec) && Object.isFrozen(spec.layers) && Object.isFrozen(spec.layers[0])).toBe(true);
    input.layers[0]!.units = 99;
    expect(spec.layers[0]!.units).toBe(2);
  });
});
