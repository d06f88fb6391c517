import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ElementwiseActivation, activate, activationBackward, biasActivate } from './activation.js';
import { allocFloat32, useKernels } from './backend.js';
import { sumRows } from './elementwise.js';
import { type Matrix, matrix } from './matrix.js';
import { Rng } from './rng.js';

afterAll(() => {
  useKernels('auto');
});

const activations: ElementwiseActivation[] = ['identity', 'relu', 'sigmoid', 'tanh'];
/** The numbers' bits, every NaN as one NaN (engines differ in the sign and payload of the NaN they make). */
const bits = (x: Float32Array) => Array.from(x, (v) => (Number.isNaN(v) ? 0x7fc00000 : new Uint32Array(Float32Array.of(v).buffer)[0]!));

/** Random numbers (std 3, some exactly 0, a NaN now and then), in the kernels' memory or an ordinary array. */
function random(rng: Rng, rows: number, cols: number, inWasm: boolean, nan = false): Matrix {
  const m = matrix(rows, cols, inWasm ? allocFloat32(rows * cols) : new Float32Array(rows * cols));
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.1 ? 0 : nan && rng.uniform() < 0.05 ? Number.NaN : rng.normal(0, 3);
  return m;
}

const copy = (m: Matrix): Matrix => matrix(m.rows, m.cols, m.data.slice());

/** The float32 ulp at x (the spacing of float32 numbers there; 2⁻¹⁴⁹ for the subnormals). */
const ulp = (x: number): number => 2 ** (Math.max(Math.floor(Math.log2(Math.abs(x))), -126) - 23);

const cases = fc.record({
  activation: fc.constantFrom(...activations),
  rows: fc.integer({ min: 1, max: 9 }),
  // Every remainder of a row of four-lane vectors.
  cols: fc.integer({ min: 1, max: 19 }),
  inWasm: fc.boolean(),
  inPlace: fc.boolean(),
  seed: fc.integer(),
});

describe('fused bias + activation, wasm against the JavaScript reference', () => {
  it("z += b and a = σ(z): bit for bit for identity, relu and tanh, within 3 ulp of JavaScript's (rounded) sigmoid", () => {
    fc.assert(
      fc.property(cases, ({ activation, rows, cols, inWasm, inPlace, seed }) => {
        const rng = new Rng(seed);
        const z = random(rng, rows, cols, inWasm, true),
          bias = rng.fillNormal(new Float32Array(cols));
        const results = (['js', 'wasm'] as const).map((backend) => {
          useKernels(backend);
          const zz = copy(z),
            a = inPlace ? zz : matrix(rows, cols);
          biasActivate(zz, bias, activation, a);
          return { z: zz.data, a: a.data };
        });
        const [js, wasm] = results as [{ z: Float32Array; a: Float32Array }, { z: Float32Array; a: Float32Array }];
        if (!inPlace) expect(bits(wasm.z)).toEqual(bits(js.z));
        if (activation !== 'sigmoid') {
          expect(bits(wasm.a)).toEqual(bits(js.a));
        } else {
          js.a.forEach((v, i) => {
            if (Number.isNaN(v)) expect(wasm.a[i]).toBeNaN();
            // 2.5 ulp from the exact value (tested below), and JavaScript's float32 result is ½ ulp from it too.
            // (ulps of the larger of the two, in case a power of two lies between them)
            else expect(Math.abs(wasm.a[i]! - v)).toBeLessThanOrEqual(3 * ulp(Math.max(v, wasm.a[i]!)));
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('activate (no bias) is biasActivate with a zero bias', () => {
    for (const backend of ['js', 'wasm'] as const) {
      useKernels(backend);
      for (const activation of activations) {
        const z = random(new Rng(2), 3, 7, backend === 'wasm');
        const expected = biasActivate(copy(z), new Float32Array(7), activation, matrix(3, 7)).data;
        expect(bits(activate(z, activation, matrix(3, 7)).data)).toEqual(bits(expected));
      }
    }
  });

  it("δ ⊙= σ'(z) is bit for bit the same in wasm (NaN · 0 stays NaN)", () => {
    fc.assert(
      fc.property(cases, ({ activation, rows, cols, inWasm, seed }) => {
        const rng = new Rng(seed);
        const z = random(rng, rows, cols, inWasm);
        useKernels('js');
        const a = activate(z, activation, matrix(rows, cols));
        const delta = random(rng, rows, cols, inWasm, true);
        const out = (['js', 'wasm'] as const).map((backend) => {
          useKernels(backend);
          return activationBackward(copy(delta), z, a, activation).data;
        });
        expect(bits(out[1]!)).toEqual(bits(out[0]!));
      }),
      { numRuns: 300 },
    );
  });

  it("the JavaScript reference is the textbook σ and σ'", () => {
    useKernels('js');
    const z = matrix(1, 3, Float32Array.from([-2, 0, 3]));
    const values = (f: ElementwiseActivation) => Array.from(activate(z, f, matrix(1, 3)).data);
    expect(values('sigmoid')).toEqual([1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))].map(Math.fround));
    expect(values('tanh')).toEqual([Math.tanh(-2), 0, Math.tanh(3)].map(Math.fround));
    expect(values('relu')).toEqual([0, 0, 3]);
    expect(values('identity')).toEqual([-2, 0, 3]);
    const sigma = activate(z, 'sigmoid', matrix(1, 3));
    const delta = activationBackward(matrix(1, 3, Float32Array.from([1, 1, 1])), z, sigma, 'sigmoid');
    expect(Array.from(delta.data)).toEqual(Array.from(sigma.data).map((s) => Math.fround(s * (1 - s))));
    expect(Array.from(activationBackward(matrix(1, 3, Float32Array.from([5, 5, 5])), z, z, 'relu').data)).toEqual([0, 0, 5]);
  });

  it('the wasm sigmoid is within 2.5 ulp of 1/(1 + e⁻ᶻ) from −104 to 30 (subnormal outputs included), and 0, ½, 1 and NaN where they belong', () => {
    useKernels('wasm');
    const count = 1 << 20;
    const z = matrix(1, count, allocFloat32(count));
    for (let i = 0; i < count; i++) z.data[i] = -104 + (134 * i) / count;
    const a = activate(z, 'sigmoid', matrix(1, count, allocFloat32(count))).data;
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const exact = 1 / (1 + Math.exp(-z.data[i]!));
      worst = Math.max(worst, Math.abs(a[i]! - exact) / ulp(exact));
    }
    expect(worst).toBeLessThanOrEqual(2.5);
    const special = activate(matrix(1, 6, Float32Array.from([Number.NaN, 0, -0, 200, -200, Number.NEGATIVE_INFINITY])), 'sigmoid', matrix(1, 6)).data;
    expect(Array.from(special)).toEqual([Number.NaN, 0.5, 0.5, 1, 0, 0]);
  });

  it('rejects a bias or an output of the wrong size, and an unknown activation', () => {
    for (const backend of ['js', 'wasm'] as const) {
      useKernels(backend);
      expect(() => biasActivate(matrix(2, 3), new Float32Array(2), 'relu', matrix(2, 3))).toThrow(/biasActivate: expected bias of length 3, found 2/);
      expect(() => biasActivate(matrix(2, 3), new Float32Array(3), 'relu', matrix(3, 2))).toThrow(/expected a of 2 × 3, found 3 × 2/);
      expect(() => activationBackward(matrix(2, 3), matrix(2, 2), matrix(2, 3), 'relu')).toThrow(/expected z of 2 × 3/);
      expect(() => activate(matrix(1, 1), 'gelu' as ElementwiseActivation, matrix(1, 1))).toThrow(/expected identity, relu, sigmoid or tanh, found 'gelu'/);
    }
  });
});

describe('sumRows in wasm', () => {
  it('adds the rows in the same order as the JavaScript kernels: the same bits, accumulating or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 19 }), fc.boolean(), fc.integer(), (rows, cols, accumulate, seed) => {
        const rng = new Rng(seed);
        const m = random(rng, rows, cols, rng.uniform() < 0.5),
          start = rng.fillNormal(new Float32Array(cols));
        const out = (['js', 'wasm'] as const).map((backend) => {
          useKernels(backend);
          return sumRows(m, start.slice(), accumulate);
        });
        expect(bits(out[1]!)).toEqual(bits(out[0]!));
      }),
      { numRuns: 200 },
    );
  });
});
