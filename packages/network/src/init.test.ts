import { Rng } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { UnknownNameError } from './errors.js';
import { defaultInit, getInitializer, initializers } from './init.js';
import { Network } from './network.js';
import { sequentialSpec } from './spec.js';

function std(xs: Float32Array): number {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
}

const spec = sequentialSpec([784, 16, 10], 'sigmoid');

describe('initialisers', () => {
  for (const init of initializers.keys()) {
    it(`${init}: same seed, same bits; another seed, other bits`, () => {
      const a = Network.create(spec, { rng: new Rng(42), init }).params;
      const b = Network.create(spec, { rng: new Rng(42), init }).params;
      const c = Network.create(spec, { rng: new Rng(43), init }).params;
      // The bits of the parameters alone (params may be a view into the kernels' memory).
      const bits = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);
      expect(bits(a)).toEqual(bits(b));
      expect(bits(a)).not.toEqual(bits(c));
    });
  }

  it("normal (the default): N(0, 1) weights and biases, as Nielsen's network.py", () => {
    const net = Network.create(spec, { rng: new Rng(1) });
    const first = net.layers[0]!;
    expect(std(first.weight)).toBeCloseTo(1, 1);
    expect(std(first.bias)).toBeGreaterThan(0.4); // 16 draws of N(0, 1)
    expect(first.bias.some((b) => b !== 0)).toBe(true);
  });

  it('lecun: weights with std 1/sqrt(in), biases N(0, 1) (Nielsen ch. 3)', () => {
    const [first, second] = Network.create(spec, { rng: new Rng(1), init: 'lecun' }).layers;
    expect(std(first!.weight) * Math.sqrt(784)).toBeCloseTo(1, 1);
    expect(std(second!.weight) * Math.sqrt(16)).toBeCloseTo(1, 0);
    expect(std(first!.bias)).toBeGreaterThan(0.4);
  });

  it('xavier: weights with std sqrt(2/(in + out)), biases 0', () => {
    const first = Network.create(spec, { rng: new Rng(1), init: 'xavier' }).layers[0]!;
    expect(std(first.weight) / Math.sqrt(2 / (784 + 16))).toBeCloseTo(1, 1);
    expect(first.bias.every((b) => b === 0)).toBe(true);
  });

  it('he: weights with std sqrt(2/in), biases 0', () => {
    const first = Network.create(spec, { rng: new Rng(1), init: 'he' }).layers[0]!;
    expect(std(first.weight) / Math.sqrt(2 / 784)).toBeCloseTo(1, 1);
    expect(first.bias.every((b) => b === 0)).toBe(true);
  });

  it('unknown names list the valid ones', () => {
    expect(() => getInitializer('orthogonal')).toThrow(UnknownNameError);
    expect(() => Network.create(spec, { rng: new Rng(1), init: 'zeros' as 'he' })).toThrow(
      'unknown initialiser: expected one of normal, lecun, xavier, he, found "zeros"',
    );
  });

  it('suits the initialiser to the activation: LeCun for sigmoid, He for ReLU, Glorot otherwise', () => {
    expect(defaultInit('sigmoid')).toBe('lecun');
    expect(defaultInit('relu')).toBe('he');
    expect(defaultInit('tanh')).toBe('xavier');
    expect(defaultInit('identity')).toBe('xavier');
    expect(defaultInit('softmax')).toBe('xavier');
  });
});
