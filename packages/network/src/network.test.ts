import { getCost } from '@downhill/cost';
import { Rng, ShapeMismatchError, matrix } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { forward64 } from '../test/reference64.js';
import { IncompatibleCostError, NetworkSpecError } from './errors.js';
import { Network, parameterCount } from './network.js';
import { sequentialSpec } from './spec.js';

const lesson = sequentialSpec([784, 16, 16, 10], 'sigmoid');

describe('Network layout', () => {
  it("784-16-16-10 has the lesson's 13,002 weights and biases in one vector", () => {
    const net = Network.create(lesson, { rng: new Rng(1) });
    expect(net.parameterCount).toBe(13_002);
    expect(parameterCount(lesson)).toBe(13_002);
    expect(net.params.length).toBe(13_002);
    expect(net.grads.length).toBe(13_002);
    expect(net.layers.map((l) => [l.inputSize, l.outputSize, l.weight.length, l.bias.length])).toEqual([
      [784, 16, 12_544, 16],
      [16, 16, 256, 16],
      [16, 10, 160, 10],
    ]);
  });

  it('each layer is weight then bias, as views into params and grads', () => {
    const net = Network.create(sequentialSpec([3, 2, 1], 'tanh'), { rng: new Rng(1) });
    const [first, second] = net.layers;
    for (const view of [first!.weight, first!.bias, second!.weight, second!.bias]) expect(view.buffer).toBe(net.params.buffer);
    for (const view of [first!.weightGrad, first!.biasGrad, second!.weightGrad, second!.biasGrad]) expect(view.buffer).toBe(net.grads.buffer);
    const at = (view: Float32Array) => view.byteOffset - net.params.byteOffset;
    expect([first!.weight, first!.bias, second!.weight, second!.bias].map(at)).toEqual([0, 6, 8, 10].map((i) => 4 * i));
    net.params[7] = 42; // the second bias of the first layer
    expect(first!.bias[1]).toBe(42);
    // weight[j * in + k] is w_jk, from input k to neuron j.
    net.params.fill(0);
    first!.weight[1 * 3 + 2] = 1; // neuron 1 listens to input 2 only
    const out = net.forward(matrix(1, 3, Float32Array.from([0, 0, 0.5])));
    expect(out.data[0]).toBeCloseTo(Math.tanh(second!.weight[1]! * Math.tanh(0.5)), 6);
  });

  it('describe() is a table of layers, shapes, activations and parameters', () => {
    const text = Network.create(lesson, { rng: new Rng(1) }).describe();
    expect(text).toBe(
      [
        'layer  shape     activation  parameters',
        '0      784 → 16  sigmoid         12,560',
        '1      16 → 16   sigmoid            272',
        '2      16 → 10   sigmoid            170',
        'total                            13,002',
      ].join('\n'),
    );
  });
});

describe('Network.forward', () => {
  it('matches an independent float64 forward pass', () => {
    for (const output of ['sigmoid', 'softmax'] as const) {
      const spec = sequentialSpec([5, 7, 6, 3], 'relu', output);
      const rng = new Rng(2);
      const net = Network.create(spec, { rng, init: 'he' });
      const x = matrix(4, 5, rng.fillNormal(new Float32Array(20)));
      const expected = forward64(spec, Float64Array.from(net.params), x);
      const out = net.forward(x);
      expect(out.rows).toBe(4);
      expect(out.cols).toBe(3);
      for (let r = 0; r < 4; r++) for (let j = 0; j < 3; j++) expect(out.data[r * 3 + j]).toBeCloseTo(expected[r]![j]!, 5);
    }
  });

  it("forwardLayers gives every layer's activation, each equal to the float64 network cut after that layer", () => {
    const spec = sequentialSpec([5, 7, 6, 3], 'tanh', 'softmax');
    const rng = new Rng(5);
    const net = Network.create(spec, { rng, init: 'xavier' });
    const x = matrix(2, 5, rng.fillNormal(new Float32Array(10)));
    const layers = net.forwardLayers(x).map((m) => ({ rows: m.rows, cols: m.cols, data: m.data.slice() }));
    expect(layers.map((m) => m.cols)).toEqual([7, 6, 3]);
    layers.forEach((m, l) => {
      const cut = { inputSize: 5, layers: spec.layers.slice(0, l + 1) };
      const expected = forward64(cut, Float64Array.from(net.params.subarray(0, parameterCount(cut))), x);
      for (let r = 0; r < 2; r++) for (let j = 0; j < m.cols; j++) expect(m.data[r * m.cols + j]).toBeCloseTo(expected[r]![j]!, 5);
    });
    expect(Array.from(net.forward(x).data)).toEqual(Array.from(layers[2]!.data));
  });

  it('reuses its buffers: the same batch size gives back the same storage, other sizes stay correct', () => {
    const net = Network.create(sequentialSpec([4, 3, 2], 'sigmoid'), { rng: new Rng(3) });
    const rng = new Rng(4);
    const big = matrix(6, 4, rng.fillNormal(new Float32Array(24)));
    const small = matrix(2, 4, big.data.slice(0, 8));
    const first = net.forward(big);
    const expected = first.data.slice();
    expect(net.forward(big)).toBe(first); // same matrix object, no new allocation
    const out = net.forward(small);
    expect(out.data.buffer).toBe(first.data.buffer); // a view into the same storage
    expect(out.data).toEqual(expected.slice(0, 4));
    expect(net.forward(big).data).toEqual(expected);
  });

  it('rejects an input with the wrong number of columns', () => {
    const net = Network.create(lesson, { rng: new Rng(1) });
    expect(() => net.forward(matrix(2, 783))).toThrow(ShapeMismatchError);
    expect(() => net.forward(matrix(2, 783))).toThrow('Network.forward: expected x with 784 columns (one example per row), found 2 × 783');
  });
});

describe('Network.computeGradients: inputs and cost pairing', () => {
  const x = matrix(2, 4),
    y = matrix(2, 3);

  it('rejects targets of the wrong shape', () => {
    const net = Network.create(sequentialSpec([4, 3], 'sigmoid'), { rng: new Rng(1) });
    expect(() => net.computeGradients(x, matrix(2, 2), getCost('quadratic'))).toThrow(
      'Network.computeGradients: expected y of 2 × 3 (one target row per example), found 2 × 2',
    );
    expect(() => net.computeGradients(x, matrix(3, 3), getCost('quadratic'))).toThrow(ShapeMismatchError);
  });

  it('softmax output needs a cost fused with softmax', () => {
    const net = Network.create(sequentialSpec([4, 3], 'sigmoid', 'softmax'), { rng: new Rng(1) });
    expect(() => net.computeGradients(x, y, getCost('quadratic'))).toThrow(IncompatibleCostError);
    expect(() => net.computeGradients(x, y, getCost('quadratic'))).toThrow(
      "expected a cost fused with softmax (e.g. 'cross-entropy') for a softmax output layer, found cost 'quadratic'",
    );
    const oneHot = matrix(2, 3, Float32Array.from([1, 0, 0, 0, 1, 0]));
    // x = 0, so z = b and each row's output is softmax(b): C = −(ln a₀ + ln a₁)/2.
    const b = Array.from(net.layers[0]!.bias);
    const logSum = Math.log(b.reduce((s, v) => s + Math.exp(v), 0));
    expect(net.computeGradients(x, oneHot, getCost('ce'))).toBeCloseTo(-(b[0]! - logSum + b[1]! - logSum) / 2, 5);
  });

  it('cross-entropy needs a softmax output', () => {
    const net = Network.create(sequentialSpec([4, 3], 'sigmoid'), { rng: new Rng(1) });
    expect(() => net.computeGradients(x, y, getCost('cross-entropy'))).toThrow(
      "expected a softmax output layer for cost 'cross-entropy' (e.g. sequentialSpec(sizes, hidden, 'softmax')), found output activation 'sigmoid'",
    );
  });

  it('softmax anywhere but the output is refused when the network is built', () => {
    const spec = {
      inputSize: 4,
      layers: [
        { units: 3, activation: 'softmax' as const },
        { units: 2, activation: 'sigmoid' as const },
      ],
    };
    expect(() => Network.create(spec, { rng: new Rng(1) })).toThrow(NetworkSpecError);
  });
});

describe('Network.fromParams', () => {
  it('copies the parameters and computes the same outputs', () => {
    const spec = sequentialSpec([3, 4, 2], 'tanh');
    const a = Network.create(spec, { rng: new Rng(5) });
    const b = Network.fromParams(spec, a.params);
    expect(b.params).toEqual(a.params);
    expect(b.params).not.toBe(a.params);
    const x = matrix(2, 3, Float32Array.from([1, 2, 3, -1, 0, 1]));
    expect(b.forward(x).data).toEqual(a.forward(x).data);
  });

  it('rejects a parameter vector of the wrong length', () => {
    expect(() => Network.fromParams(sequentialSpec([3, 4, 2], 'tanh'), new Float32Array(10))).toThrow(
      'Network.fromParams: expected a Float32Array of 26 parameters, found 10',
    );
  });
});
