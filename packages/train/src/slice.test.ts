import { getCost } from '@downhill/cost';
import { moons } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { pointExamples } from './examples.js';
import { costAt, filterNormalizedDirection, principalDirections } from './slice.js';

const network = Network.create(sequentialSpec([2, 6, 2], 'tanh', 'softmax'), { rng: new Rng(3), init: 'xavier' });
const data = pointExamples(moons(200, new Rng(7), { noise: 0.1 }));
const cost = getCost('cross-entropy');

it('a filter-normalized direction gives each neuron a step as long as its weights, and biases none', () => {
  const d = filterNormalizedDirection(network, new Rng(1));
  for (const layer of network.layers) {
    for (let j = 0; j < layer.outputSize; j++) {
      const row = layer.offset + j * layer.inputSize;
      const len = (v: Float32Array) => Math.hypot(...v.subarray(row, row + layer.inputSize));
      expect(len(d)).toBeCloseTo(len(network.params), 5);
    }
    expect(Array.from(d.subarray(layer.offset + layer.weight.length, layer.offset + layer.parameterCount))).toEqual(new Array(layer.outputSize).fill(0));
  }
  expect(Array.from(filterNormalizedDirection(network, new Rng(2)))).not.toEqual(Array.from(d));
});

it("the slice at its centre is the network's own cost, and the weights are put back", () => {
  const base = network.params.slice();
  const d = filterNormalizedDirection(network, new Rng(1));
  expect(Math.abs(costAt(network, data, cost, base, [d], [0]) - evaluate(network, data, { cost }).cost!)).toBeLessThan(1e-6);
  expect(costAt(network, data, cost, base, [d], [1])).not.toBe(costAt(network, data, cost, base, [d], [0]));
  expect(Array.from(network.params)).toEqual(Array.from(base));
});

it("the principal directions of a path are the ones it moved along, with each point's coordinates", () => {
  const n = 50;
  const e1 = new Float32Array(n),
    e2 = new Float32Array(n);
  e1[3] = 1;
  e2[7] = 1;
  const center = new Float32Array(n);
  // Points spread widely along e1, a little along e2 (uncorrelated with e1: Σ 4−t · wiggle = 0).
  const wiggle = [0.25, -0.25, 0, -0.25, 0.25];
  const path = [0, 1, 2, 3, 4].map((t) => Float32Array.from({ length: n }, (_, i) => (i === 3 ? 4 - t : 0) + (i === 7 ? wiggle[t]! : 0)));
  const { directions, coordinates, explained } = principalDirections(path, center);
  expect(Math.abs(directions[0].reduce((s, v, i) => s + v * e1[i]!, 0))).toBeCloseTo(1, 4);
  expect(Math.abs(directions[1].reduce((s, v, i) => s + v * e2[i]!, 0))).toBeCloseTo(1, 4);
  expect(coordinates.map(([a]) => Math.abs(a))).toEqual([4, 3, 2, 1, 0].map((v) => expect.closeTo(v, 4)));
  expect(explained[0]).toBeGreaterThan(explained[1]);
  expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
  expect(() => principalDirections(path.slice(0, 2), center)).toThrow(/at least 3 points/);
});
