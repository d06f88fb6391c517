// The gradient from backprop (the four equations in network.ts) against central
// differences of an independent float64 network, for every parameter.
import { getCost } from '@downhill/cost';
import { type Matrix, Rng, matrix } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { type CostName, numericalGradient, worstMismatch } from '../test/reference64.js';
import type { ActivationName } from './activations/activation.js';
import { Network } from './network.js';
import { type NetworkSpec, sequentialSpec } from './spec.js';

const elementwise: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'identity'];

/** A batch of 4 examples: three dense rows and one mostly zero (the kernels' sparse path). */
function batch(rng: Rng, spec: NetworkSpec): { x: Matrix; y: Matrix } {
  const rows = 4,
    k = spec.layers[spec.layers.length - 1]!.units;
  const x = matrix(rows, spec.inputSize, rng.fillNormal(new Float32Array(rows * spec.inputSize)));
  x.data.fill(0, 3 * spec.inputSize + 1); // last row: only its first entry non-zero
  const y = matrix(rows, k);
  for (let r = 0; r < rows; r++) y.data[r * k + rng.int(k)] = 1;
  return { x, y };
}

function check(spec: NetworkSpec, costName: CostName, seed: number) {
  const rng = new Rng(seed);
  const net = Network.create(spec, { rng, init: 'normal' });
  const { x, y } = batch(rng, spec);
  const cost = getCost(costName);
  const value = net.computeGradients(x, y, cost);
  const numeric = numericalGradient(spec, net.params, x, y, costName);
  return { net, x, y, cost, value, numeric, worst: worstMismatch(net.grads, numeric) };
}

describe('backprop gradient = finite differences, every parameter', () => {
  for (const hidden of elementwise) {
    for (const output of elementwise) {
      it(`${hidden} hidden, ${output} output, quadratic cost (4-5-4-3)`, () => {
        const { worst, numeric } = check(sequentialSpec([4, 5, 4, 3], hidden, output), 'quadratic', 7);
        expect(worst.ratio, `parameter ${worst.index}`).toBeLessThanOrEqual(1);
        // A gradient of all zeros would pass vacuously; make sure there is signal.
        expect(Math.max(...numeric.map(Math.abs))).toBeGreaterThan(1e-3);
      });
    }
    it(`${hidden} hidden, softmax output, cross-entropy cost (4-5-4-3)`, () => {
      const { worst } = check(sequentialSpec([4, 5, 4, 3], hidden, 'softmax'), 'cross-entropy', 11);
      expect(worst.ratio, `parameter ${worst.index}`).toBeLessThanOrEqual(1);
    });
  }

  it('a single layer (no BP2) and a deeper stack agree too', () => {
    expect(check(sequentialSpec([3, 4], 'sigmoid'), 'quadratic', 3).worst.ratio).toBeLessThanOrEqual(1);
    expect(check(sequentialSpec([3, 6, 5, 4, 2], 'tanh', 'softmax'), 'cross-entropy', 5).worst.ratio).toBeLessThanOrEqual(1);
  });

  it('returns the batch-mean cost of the forward pass', () => {
    const { net, x, y, cost, value } = check(sequentialSpec([4, 5, 3], 'sigmoid'), 'quadratic', 9);
    expect(value).toBeCloseTo(cost.value(net.forward(x), y), 6);
  });

  it('catches a corrupted gradient: one entry 1 % off, or a layer transposed', () => {
    const { net, numeric } = check(sequentialSpec([4, 5, 3], 'sigmoid'), 'quadratic', 13);
    const biggest = numeric.reduce((best, g, i) => (Math.abs(g) > Math.abs(numeric[best]!) ? i : best), 0);
    const nudged = net.grads.slice();
    nudged[biggest]! *= 1.01;
    expect(worstMismatch(nudged, numeric).ratio).toBeGreaterThan(1);

    // BP4 with the wrong layout (aᵀδ instead of δᵀa) puts each number in the wrong place.
    const transposed = net.grads.slice();
    const { inputSize: n, outputSize: m, weightGrad } = net.layers[0]!;
    for (let j = 0; j < m; j++) for (let k = 0; k < n; k++) transposed[k * m + j] = weightGrad[j * n + k]!;
    expect(worstMismatch(transposed, numeric).ratio).toBeGreaterThan(1);
  });

  it('overwrites grads (no accumulation across calls) and follows the batch size', () => {
    const spec = sequentialSpec([4, 5, 3], 'tanh');
    const a = check(spec, 'quadratic', 21);
    const first = a.net.grads.slice();
    // Another batch size in between, then the first batch again: same gradient, bit for bit.
    const rng = new Rng(99);
    const other = batch(rng, spec);
    const smaller = { x: matrix(2, 4, other.x.data.slice(0, 8)), y: matrix(2, 3, other.y.data.slice(0, 6)) };
    a.net.computeGradients(smaller.x, smaller.y, a.cost);
    expect(worstMismatch(a.net.grads, numericalGradient(spec, a.net.params, smaller.x, smaller.y, 'quadratic')).ratio).toBeLessThanOrEqual(1);
    a.net.computeGradients(a.x, a.y, a.cost);
    expect(a.net.grads).toEqual(first);
  });
});

describe('gradient descent with these gradients learns', () => {
  it('XOR with softmax + cross-entropy, by plain full-batch gradient descent', () => {
    const net = Network.create(sequentialSpec([2, 8, 2], 'tanh', 'softmax'), { rng: new Rng(1), init: 'xavier' });
    const x = matrix(4, 2, Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]));
    const y = matrix(4, 2, Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]));
    const cost = getCost('cross-entropy');
    const start = net.computeGradients(x, y, cost);
    let c = start;
    for (let step = 0; step < 500; step++) {
      c = net.computeGradients(x, y, cost);
      for (let i = 0; i < net.params.length; i++) net.params[i]! -= 0.5 * net.grads[i]!;
    }
    expect(c).toBeLessThan(0.05 * start);
    const out = net.forward(x).data;
    for (let r = 0; r < 4; r++) expect(out[r * 2 + (y.data[r * 2]! === 1 ? 0 : 1)]).toBeGreaterThan(0.9);
  });
});
