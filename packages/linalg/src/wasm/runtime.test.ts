import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allocFloat32, kernelBackend, subview, useKernels, wasm } from '../backend.js';
import { WasmRuntime, simdSupported } from './runtime.js';

afterAll(() => {
  useKernels('auto');
});

describe('the wasm runtime', () => {
  it('finds WebAssembly SIMD in Node and loads the kernels over a shared memory', () => {
    expect(simdSupported()).toBe(true);
    const rt = WasmRuntime.load();
    expect(rt.shared).toBe(true);
    expect(rt.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(typeof rt.kernels.gemmOuter).toBe('function');
  });

  it('allocates aligned blocks with room to read past them, reuses freed ones and merges neighbours', () => {
    const rt = WasmRuntime.load();
    const a = rt.alloc(100),
      b = rt.alloc(100),
      c = rt.alloc(100);
    expect([a % 64, b % 64, c % 64]).toEqual([0, 0, 0]);
    // 100 bytes + 16 the kernels may read past the end, rounded up to 64.
    expect(b - a).toBe(128);
    expect(rt.bytesInUse).toBe(3 * 128);
    rt.free(a);
    rt.free(b);
    // a and b merged: a block of 256 fits where they were.
    expect(rt.alloc(200)).toBe(a);
    rt.free(c);
    const d = rt.alloc(1000);
    expect(d).toBe(c); // c was at the top: freed back into it, and reused
    expect(rt.bytesInUse).toBe(256 + 1024);
  });

  it('grows the memory when it must, and its own views follow (a private memory detaches the old ones)', () => {
    const rt = WasmRuntime.load({ shared: false });
    const before = rt.memory.buffer.byteLength;
    const old = rt.f32;
    const big = rt.alloc(before * 2);
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(before + big);
    expect(old.length).toBe(0); // detached
    expect(rt.views().f32.length * 4).toBe(rt.memory.buffer.byteLength);
  });

  it('hands out zeroed arrays in its memory, and knows them from arrays elsewhere, also after it grew', () => {
    useKernels('wasm');
    const rt = wasm()!;
    const first = allocFloat32(10);
    first.fill(7);
    rt.free(rt.address(first)); // as the finalizer would, once `first` is garbage
    const second = allocFloat32(10);
    expect(rt.address(second)).toBe(rt.address(first));
    expect(Array.from(second)).toEqual(new Array(10).fill(0));
    expect(rt.address(new Float32Array(10))).toBe(-1);
    const grown = allocFloat32(rt.memory.buffer.byteLength); // forces a grow
    expect(rt.address(second)).toBeGreaterThan(0);
    expect(rt.address(grown)).toBeGreaterThan(0);
    expect(rt.address(subview(second, 2, 5))).toBe(rt.address(second) + 8);
  });

  it('allocFloat32 gives ordinary arrays with the js kernels, and rejects a bad length', () => {
    useKernels('js');
    expect(allocFloat32(3).buffer).toBeInstanceOf(ArrayBuffer);
    expect(() => allocFloat32(-1)).toThrow(/allocFloat32: expected a length ≥ 0, found -1/);
    useKernels('wasm');
    expect(allocFloat32(3).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('choosing the kernels', () => {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  const backendIn = (env: Record<string, string>): string =>
    execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '-e', "import('@downhill/linalg').then((l) => console.log(l.kernelBackend(), l.kernelThreads()))"],
      { cwd: `${root}packages/network`, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();

  it('wasm by default in Node, js with DOWNHILL_KERNELS=js, one thread with DOWNHILL_THREADS=1', () => {
    expect(backendIn({ DOWNHILL_KERNELS: 'auto' })).toMatch(/^wasm \d$/);
    expect(backendIn({ DOWNHILL_KERNELS: 'js' })).toBe('js 1');
    expect(backendIn({ DOWNHILL_KERNELS: 'wasm', DOWNHILL_THREADS: '1' })).toBe('wasm 1');
  });

  it('says what a bad DOWNHILL_KERNELS or DOWNHILL_THREADS holds', () => {
    expect(() => backendIn({ DOWNHILL_KERNELS: 'gpu' })).toThrow(/DOWNHILL_KERNELS: expected js, wasm or auto, found 'gpu'/);
    expect(() => backendIn({ DOWNHILL_KERNELS: 'wasm', DOWNHILL_THREADS: 'two' })).toThrow(
      /DOWNHILL_THREADS: expected a whole number of threads ≥ 1, found 'two'/,
    );
  });

  it('useKernels switches and says what runs', () => {
    expect(useKernels('js')).toBe('js');
    expect(kernelBackend()).toBe('js');
    expect(useKernels('auto')).toBe('wasm');
    expect(kernelBackend()).toBe('wasm');
    expect(() => useKernels('gpu' as 'js')).toThrow(/useKernels: expected 'js', 'wasm' or 'auto', found 'gpu'/);
  });
});
