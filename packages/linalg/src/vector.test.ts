import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allocFloat32, kernelBackend, useKernels } from './backend.js';
import { allFinite, axpy, gatherUnitRows, unitBytes } from './elementwise.js';
import { gemmABt, gemmAtB } from './gemm.js';
import { matrix } from './matrix.js';
import { SparseRows } from './sparse.js';
import { Rng } from './rng.js';

// The vector kernels (an SGD step's y += αx, the optimizer's finiteness check,
// image bytes to [0, 1]): the same results, bit for bit, on both backends and
// for arrays in the kernels' memory or not.

afterAll(() => {
  useKernels('auto');
});

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

function vector(rng: Rng, n: number, inWasm: boolean, scale = 3): Float32Array {
  const v = inWasm ? allocFloat32(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal(0, scale);
  return v;
}

/** Run `f` on the JavaScript kernels, then on the WebAssembly ones. */
function onBoth<T>(f: () => T): [T, T] {
  useKernels('js');
  const js = f();
  useKernels('wasm');
  expect(kernelBackend()).toBe('wasm');
  return [js, f()];
}

describe('axpy', () => {
  it("y += αx gives the JavaScript reference's bits (float64 arithmetic, one rounding), any length, in kernel memory or not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.double({ min: -10, max: 10, noNaN: true }), fc.boolean(), fc.integer(), (n, alpha, inWasm, seed) => {
        const [js, wasm] = onBoth(() => {
          const rng = new Rng(seed >>> 0);
          const x = vector(rng, n, inWasm),
            y = vector(rng, n, inWasm);
          return bits(axpy(alpha, x, y));
        });
        expect(wasm).toEqual(js);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same bits where x holds runs of zeros (+0 and −0) and y signed zeros, for either sign of α (α < 0 skips sixteen +0 at a time)', () => {
    const zeros = [0, -0, 0, 0, 1e-30, 0, -2.5, 0];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 130 }), fc.constantFrom(-3, -0.1, 0.5), fc.integer(), (n, alpha, seed) => {
        const [js, wasm] = onBoth(() => {
          const rng = new Rng(seed >>> 0);
          const x = allocFloat32(n),
            y = allocFloat32(n);
          // Blocks of sixteen (the kernel's step): all +0, all −0, a mix of zeros and numbers, or random.
          let kind = 0;
          for (let i = 0; i < n; i++) {
            if (i % 16 === 0) kind = Math.floor(rng.uniform() * 4);
            x[i] = kind === 0 ? 0 : kind === 1 ? -0 : kind === 2 ? zeros[(i >> 2) % zeros.length]! : rng.normal(0, 1);
            y[i] = rng.uniform() < 0.3 ? (i % 2 === 0 ? -0 : 0) : rng.normal(0, 1);
          }
          return bits(axpy(alpha, x, y));
        });
        expect(wasm).toEqual(js);
      }),
      { numRuns: 200 },
    );
  });

  it("is the SGD step θ ← θ − ηg for the lesson's η = 3", () => {
    useKernels('wasm');
    const params = allocFloat32(1000),
      grads = allocFloat32(1000);
    for (let i = 0; i < 1000; i++) {
      params[i] = Math.sin(i);
      grads[i] = Math.cos(i) / 7;
    }
    const expected = Float32Array.from(params, (p, i) => p - 3 * grads[i]!);
    axpy(-3, grads, params);
    expect(bits(params)).toEqual(bits(expected));
  });
});

describe('allFinite', () => {
  it('finds a NaN, +∞ or −∞ wherever it is (the vector part or the tail), on both backends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.nat(),
        fc.boolean(),
        (n, bad, where, inWasm) => {
          const [js, wasm] = onBoth(() => {
            const v = vector(new Rng(n), n, inWasm, 1e30);
            const clean = allFinite(v);
            v[where % n] = bad;
            return [clean, allFinite(v)];
          });
          expect(js).toEqual([true, false]);
          expect(wasm).toEqual([true, false]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts float32's largest numbers as finite (no overflow in the check)", () => {
    const [js, wasm] = onBoth(() => {
      const v = allocFloat32(256).fill(3.4028234663852886e38);
      return allFinite(v);
    });
    expect([js, wasm]).toEqual([true, true]);
  });
});

describe('unitBytes', () => {
  it('scales every byte 0–255 to byte / 255 exactly as Math.fround(b / 255), on both backends', () => {
    const bytes = Uint8Array.from({ length: 256 * 3 }, (_, i) => i % 256);
    const [js, wasm] = onBoth(() => bits(unitBytes(bytes, allocFloat32(bytes.length))));
    const expected = bits(Float32Array.from(bytes, (b) => b / 255));
    expect(js).toEqual(expected);
    expect(wasm).toEqual(expected);
  });

  it('writes at an offset, any length, and refuses an output without room', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 40 }), fc.boolean(), (bytes, offset, inWasm) => {
        const [js, wasm] = onBoth(() => {
          const out = inWasm ? allocFloat32(offset + bytes.length + 3) : new Float32Array(offset + bytes.length + 3);
          out.fill(-1);
          return bits(unitBytes(bytes, out, offset));
        });
        expect(wasm).toEqual(js);
      }),
      { numRuns: 200 },
    );
    expect(() => unitBytes(new Uint8Array(10), new Float32Array(12), 3)).toThrow(/unitBytes: expected room for 10 numbers from 3/);
    expect(() => unitBytes(new Uint8Array(10), new Float32Array(12), 0, 4, 7)).toThrow(/unitBytes: expected bytes from 4, 7 of them, within 10/);
  });
});

describe('gatherUnitRows', () => {
  it('gathers rows of a byte matrix, scaled, in the order asked, the same bits on both backends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (rowLength, count, seed) => {
        const rows = 20;
        const rng = new Rng(seed >>> 0);
        const bytes = Uint8Array.from({ length: rows * rowLength }, () => (rng.uniform() < 0.7 ? 0 : rng.int(256)));
        const indices = Uint32Array.from({ length: count + 3 }, () => rng.int(rows));
        const [js, wasm] = onBoth(() => bits(gatherUnitRows(bytes, rowLength, indices, 3, count, allocFloat32(count * rowLength))));
        expect(wasm).toEqual(js);
        const expected = Float32Array.from(
          { length: count * rowLength },
          (_, i) => bytes[indices[3 + Math.floor(i / rowLength)]! * rowLength + (i % rowLength)]! / 255,
        );
        expect(js).toEqual(bits(expected));
      }),
      { numRuns: 150 },
    );
  });

  it('into a SparseRows: the same numbers, listed, and the products of the list are those of a list made afterwards (both backends)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(0.3, 0.8, 0.97),
        fc.integer(),
        (rowLength, count, n, zeros, seed) => {
          const rows = 20;
          const rng = new Rng(seed >>> 0);
          // Runs of zero bytes (sixteen and more at a time) as in an image's border, and scattered ink.
          const bytes = Uint8Array.from({ length: rows * rowLength }, (_, i) => ((i >> 4) % 3 === 0 || rng.uniform() < zeros ? 0 : rng.int(256)));
          const indices = Uint32Array.from({ length: count + 3 }, () => rng.int(rows));
          const w = matrix(
            n,
            rowLength,
            Float32Array.from({ length: n * rowLength }, () => rng.normal(0, 1)),
          );
          const d = matrix(
            count,
            n,
            Float32Array.from({ length: count * n }, () => rng.normal(0, 1)),
          );
          const [js, wasm] = onBoth(() => {
            const out = allocFloat32(count * rowLength);
            const listed = new SparseRows().gatherUnitRows(bytes, rowLength, indices, 3, count, out);
            const x = matrix(count, rowLength, gatherUnitRows(bytes, rowLength, indices, 3, count, allocFloat32(count * rowLength)));
            const again = new SparseRows().list(x);
            expect([listed.rows, listed.cols, listed.sparse]).toEqual([count, rowLength, again.sparse]);
            expect(bits(listed.data)).toEqual(bits(x.data));
            const z = [listed, again].map((a) => bits(gemmABt(a, w, matrix(count, n)).data));
            const g = [listed, again].map((b) => bits(gemmAtB(d, b, matrix(n, rowLength)).data));
            expect(z[0]).toEqual(z[1]);
            expect(g[0]).toEqual(g[1]);
            return [bits(out), z[0]!, g[0]!];
          });
          expect(wasm[0]).toEqual(js[0]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
