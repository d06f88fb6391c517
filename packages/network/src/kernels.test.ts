// The network on either kernel backend: the fused linalg steps it uses are its
// activations' own arithmetic, the two backends give the same gradients to
// float32 rounding, and a training run gives the same bits with one thread or two.
import { getCost } from '@downhill/cost';
import { type Matrix, Rng, activationBackward, addRowVector, biasActivate, hadamard, matrix, threadsReady, useKernels } from '@downhill/linalg';
import { afterAll, describe, expect, it } from 'vitest';
import { activations } from './activations/registry.js';
import { Network } from './network.js';
import { sequentialSpec } from './spec.js';

afterAll(() => {
  useKernels('auto');
});

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

/** A batch of "images": rows of 784 numbers in [0, 1], zero outside a random blob (like MNIST, ~80 % zeros). */
function images(rng: Rng, rows: number): Matrix {
  const x = matrix(rows, 784);
  for (let r = 0; r < rows; r++) {
    const cy = 8 + rng.int(12),
      cx = 8 + rng.int(12);
    for (let y = 0; y < 28; y++) {
      for (let c = 0; c < 28; c++) {
        if ((y - cy) ** 2 + (c - cx) ** 2 < 30 && rng.uniform() < 0.9) x.data[r * 784 + y * 28 + c] = rng.uniform();
      }
    }
  }
  return x;
}

function oneHot(rng: Rng, rows: number, classes: number): Matrix {
  const y = matrix(rows, classes);
  for (let r = 0; r < rows; r++) y.data[r * classes + rng.int(classes)] = 1;
  return y;
}

describe("linalg's fused steps are the activations' own arithmetic (js kernels, bit for bit)", () => {
  for (const [name, activation] of activations) {
    if (!activation.elementwise) continue;
    it(`${name}: biasActivate = addRowVector + apply, activationBackward = derivative + hadamard`, () => {
      useKernels('js');
      const rng = new Rng(7);
      const z = matrix(5, 9, rng.fillNormal(new Float32Array(45), 0, 3)),
        bias = rng.fillNormal(new Float32Array(9));
      const delta = matrix(5, 9, rng.fillNormal(new Float32Array(45)));
      const kind = name as 'sigmoid' | 'tanh' | 'relu' | 'identity';

      const z1 = matrix(5, 9, z.data.slice()),
        a1 = matrix(5, 9);
      addRowVector(z1, bias);
      activation.apply(z1, a1);
      const z2 = matrix(5, 9, z.data.slice()),
        a2 = biasActivate(z2, bias, kind, matrix(5, 9));
      expect(bits(z2.data)).toEqual(bits(z1.data));
      expect(bits(a2.data)).toEqual(bits(a1.data));

      const d1 = matrix(5, 9, delta.data.slice());
      hadamard(d1.data, activation.derivative(z1, a1, matrix(5, 9)).data);
      const d2 = activationBackward(matrix(5, 9, delta.data.slice()), z1, a1, kind);
      expect(bits(d2.data)).toEqual(bits(d1.data));
    });
  }
});

describe('the wasm and js kernels give the same gradients to float32 rounding', () => {
  const networks = [
    { sizes: [784, 16, 16, 10], hidden: 'sigmoid', output: 'sigmoid', cost: 'quadratic', batch: 10 },
    { sizes: [784, 100, 10], hidden: 'relu', output: 'softmax', cost: 'cross-entropy', batch: 128 },
    { sizes: [784, 30, 20, 10], hidden: 'tanh', output: 'identity', cost: 'quadratic', batch: 33 },
  ] as const;
  for (const { sizes, hidden, output, cost, batch } of networks) {
    it(`${sizes.join('-')} ${hidden}, ${output} output, batch ${batch}, on sparse images`, () => {
      const rng = new Rng(11);
      const x = images(rng, batch),
        y = oneHot(rng, batch, 10);
      const results = (['js', 'wasm'] as const).map((backend) => {
        useKernels(backend, { threads: 1 });
        const net = Network.create(sequentialSpec([...sizes], hidden, output), { rng: new Rng(3), init: 'lecun' });
        const value = net.computeGradients(x, y, getCost(cost));
        return { value, grads: net.grads.slice(), out: net.forward(x).data.slice() };
      });
      const [js, wasm] = results as [(typeof results)[0], (typeof results)[0]];
      expect(wasm.value).toBeCloseTo(js.value, 5);
      // Each gradient within 1e-5 of the largest (the sums have up to 784 terms in a different order).
      const scale = js.grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      js.grads.forEach((g, i) => {
        expect(Math.abs(wasm.grads[i]! - g)).toBeLessThanOrEqual(1e-5 * scale);
      });
      js.out.forEach((v, i) => {
        expect(wasm.out[i]).toBeCloseTo(v, 5);
      });
    });
  }
});

describe('threads', () => {
  it('a ReLU network trained with one thread or two ends with the same bits', async () => {
    const run = async (threads: number): Promise<Float32Array> => {
      useKernels('wasm', { threads });
      expect(await threadsReady()).toBe(threads);
      const rng = new Rng(5);
      const net = Network.create(sequentialSpec([784, 200, 10], 'relu', 'softmax'), { rng, init: 'he' });
      const cost = getCost('cross-entropy');
      for (let step = 0; step < 6; step++) {
        const x = images(rng, 128),
          y = oneHot(rng, 128, 10);
        net.computeGradients(x, y, cost);
        for (let i = 0; i < net.params.length; i++) net.params[i]! -= 0.1 * net.grads[i]!;
      }
      return net.params.slice();
    };
    const one = await run(1),
      two = await run(2);
    expect(bits(two)).toEqual(bits(one));
  });
});
