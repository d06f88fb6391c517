import { type Matrix, Rng, ShapeMismatchError, fromRows, matrix } from '@downhill/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../errors.js';
import { activations, getActivation } from './registry.js';
import { SoftmaxDerivativeError, softmax } from './softmax.js';

function randomMatrix(rng: Rng, rows: number, cols: number, std: number): Matrix {
  return matrix(rows, cols, rng.fillNormal(new Float32Array(rows * cols), 0, std));
}

const elementwise = [...activations.values()].filter((f) => f.elementwise);

describe('elementwise activations', () => {
  it('are sigmoid, tanh, relu and identity, with the textbook values', () => {
    expect(elementwise.map((f) => f.name)).toEqual(['sigmoid', 'tanh', 'relu', 'identity']);
    const z = fromRows([[-2, 0, 3]]);
    const values = (name: string) => Array.from(getActivation(name).apply(z, matrix(1, 3)).data);
    expect(values('sigmoid')).toEqual([1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))].map(Math.fround));
    expect(values('tanh')).toEqual([Math.tanh(-2), 0, Math.tanh(3)].map(Math.fround));
    expect(values('relu')).toEqual([0, 0, 3]);
    expect(values('identity')).toEqual([-2, 0, 3]);
  });

  for (const f of elementwise) {
    it(`${f.name}: derivative matches central differences of apply`, () => {
      const rng = new Rng(4);
      const z = randomMatrix(rng, 3, 7, 2);
      const a = f.apply(z, matrix(3, 7));
      const d = f.derivative(z, a, matrix(3, 7));
      const one = matrix(1, 1),
        out = matrix(1, 1);
      const at = (v: number) => {
        one.data[0] = v;
        return f.apply(one, out).data[0]!;
      };
      for (let i = 0; i < z.data.length; i++) {
        const zi = z.data[i]!;
        if (f.name === 'relu' && Math.abs(zi) < 1e-2) continue; // the kink has no derivative
        const fd = (at(zi + 1e-3) - at(zi - 1e-3)) / (Math.fround(zi + 1e-3) - Math.fround(zi - 1e-3));
        expect(Math.abs(fd - d.data[i]!)).toBeLessThan(2e-4);
      }
    });

    it(`${f.name}: lets NaN through, so a diverging run shows in the cost`, () => {
      expect(Number.isNaN(f.apply(fromRows([[Number.NaN]]), matrix(1, 1)).data[0])).toBe(true);
    });

    it(`${f.name}: apply works in place (out = z) and rejects a wrong out shape`, () => {
      const rng = new Rng(8);
      const z = randomMatrix(rng, 2, 5, 1);
      const expected = f.apply(z, matrix(2, 5)).data.slice();
      expect(f.apply(z, z).data).toEqual(expected);
      expect(() => f.apply(z, matrix(5, 2))).toThrow(ShapeMismatchError);
    });
  }
});

describe('softmax', () => {
  it('gives each row positive numbers summing to 1, even for huge or tiny z', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer(), fc.constantFrom(1, 30, 1e4, 1e30), (rows, cols, seed, std) => {
        const z = randomMatrix(new Rng(seed), rows, cols, std);
        const a = softmax.apply(z, matrix(rows, cols));
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          for (let j = 0; j < cols; j++) {
            const v = a.data[r * cols + j]!;
            expect(v >= 0 && v <= 1).toBe(true);
            sum += v;
          }
          expect(sum).toBeCloseTo(1, 5);
        }
      }),
    );
  });

  it('is unchanged by adding a constant to a row, and matches e^z / Σ e^z', () => {
    const a = softmax.apply(fromRows([[1, 2, 3]]), matrix(1, 3)).data;
    const b = softmax.apply(fromRows([[101, 102, 103]]), matrix(1, 3)).data;
    const s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(Array.from(a)).toEqual([Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s].map(Math.fround));
    for (let j = 0; j < 3; j++) expect(b[j]).toBeCloseTo(a[j]!, 6);
  });

  it('has no elementwise derivative, and says where softmax belongs', () => {
    const z = matrix(1, 2);
    expect(() => softmax.derivative(z, z, z)).toThrow(SoftmaxDerivativeError);
    expect(() => softmax.derivative(z, z, z)).toThrow(/output layer.*cross-entropy/);
  });
});

describe('activation registry', () => {
  it('finds every activation by its name and lists the valid names otherwise', () => {
    for (const [name, f] of activations) expect(getActivation(name)).toBe(f);
    expect(() => getActivation('gelu')).toThrow(UnknownNameError);
    expect(() => getActivation('gelu')).toThrow('unknown activation: expected one of sigmoid, tanh, relu, identity, softmax, found "gelu"');
  });
});
