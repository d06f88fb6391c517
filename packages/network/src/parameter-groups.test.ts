import { Rng } from '@downhill/linalg';
import { expect, it } from 'vitest';
import { Network } from './network.js';
import { parameterGroups } from './parameter-groups.js';
import { sequentialSpec } from './spec.js';

it("names each layer's weight and bias as a model file does, with shapes, covering params in order", () => {
  const network = Network.create(sequentialSpec([784, 16, 16, 10], 'sigmoid'), { rng: new Rng(1) });
  const groups = parameterGroups(network);
  expect(groups.map((g) => [g.name, g.shape, g.offset, g.length])).toEqual([
    ['layers.0.weight', [16, 784], 0, 12_544],
    ['layers.0.bias', [16], 12_544, 16],
    ['layers.1.weight', [16, 16], 12_560, 256],
    ['layers.1.bias', [16], 12_816, 16],
    ['layers.2.weight', [10, 16], 12_832, 160],
    ['layers.2.bias', [10], 12_992, 10],
  ]);
  expect(groups.at(-1)!.offset + groups.at(-1)!.length).toBe(network.params.length);
  // Each group is exactly the layer's view into params.
  for (const [l, layer] of network.layers.entries()) {
    const [weight, bias] = [groups[2 * l]!, groups[2 * l + 1]!];
    expect(network.params.subarray(weight.offset, weight.offset + weight.length)).toEqual(layer.weight);
    expect(layer.weight.byteOffset).toBe(network.params.byteOffset + weight.offset * 4);
    expect(layer.bias.byteOffset).toBe(network.params.byteOffset + bias.offset * 4);
  }
});
