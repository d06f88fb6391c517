// Which kernels run: WebAssembly SIMD where it exists (Node ≥ 20 and every
// current browser), plain JavaScript otherwise — chosen here, once, so that
// nothing above linalg knows which one runs. `DOWNHILL_KERNELS=js` (Node) or
// `useKernels('js')` forces the JavaScript kernels, the readable reference.
import { ThreadPool, threadsPossible } from './wasm/threads.js';
import { WasmRuntime, simdSupported } from './wasm/runtime.js';

/**
 * Which kernels run: `'wasm'` (WebAssembly SIMD, the fast path) or `'js'` (plain JavaScript, the readable
 * reference).
 */
export type KernelBackend = 'wasm' | 'js';

/** Options of `useKernels`. */
export interface KernelOptions {
  /**
   * Threads for large products, the calling one included: 1 for none. The
   * default is DOWNHILL_THREADS (Node), else 2 where there are at least two
   * cores and threads are possible (shared memory and worker threads: Node,
   * workers of cross-origin isolated pages).
   */
  threads?: number;
}

let runtime: WasmRuntime | undefined;
let pool: ThreadPool | undefined;
let chosen: KernelBackend | undefined;
let threadCount = 1;
/** Why the wasm kernels cannot run here, once tried and failed. */
let unavailable: string | undefined;

function environment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value === '' ? undefined : value;
}

function cores(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (id: string) => { availableParallelism?: () => number } | undefined };
  };
  const os = typeof g.process?.getBuiltinModule === 'function' ? g.process.getBuiltinModule('node:os') : undefined;
  return os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
}

function loadRuntime(): WasmRuntime | undefined {
  if (runtime || unavailable) return runtime;
  if (!simdSupported()) {
    unavailable = 'this engine has no WebAssembly SIMD';
    return undefined;
  }
  try {
    runtime = WasmRuntime.load();
  } catch (error) {
    unavailable = `the WebAssembly kernels did not load (${error instanceof Error ? error.message : String(error)})`;
  }
  return runtime;
}

function parseThreads(value: string | undefined, from: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${from}: expected a whole number of threads ≥ 1, found '${value}'`);
  return n;
}

function setThreads(requested: number | undefined): void {
  const rt = runtime;
  const wanted = requested ?? parseThreads(environment('DOWNHILL_THREADS'), 'DOWNHILL_THREADS') ?? Math.min(2, cores());
  threadCount = chosen === 'wasm' && rt && threadsPossible(rt) ? wanted : 1;
  if (pool && pool.size !== threadCount) {
    pool.stop();
    pool = undefined;
  }
}

/** The choice made at first use: DOWNHILL_KERNELS (js, wasm or auto), else wasm where it loads. */
function choose(): KernelBackend {
  if (chosen) return chosen;
  const asked = environment('DOWNHILL_KERNELS') ?? 'auto';
  if (asked !== 'js' && asked !== 'wasm' && asked !== 'auto') {
    throw new RangeError(`DOWNHILL_KERNELS: expected js, wasm or auto, found '${asked}'`);
  }
  if (asked === 'js') {
    chosen = 'js';
  } else {
    chosen = loadRuntime() ? 'wasm' : 'js';
    if (asked === 'wasm' && chosen === 'js') throw new Error(`DOWNHILL_KERNELS=wasm, but ${unavailable}`);
  }
  setThreads(undefined);
  return chosen;
}

/** The kernels in use: 'wasm' (WebAssembly SIMD) or 'js' (the JavaScript reference). */
export function kernelBackend(): KernelBackend {
  return choose();
}

/**
 * Switch kernels: 'js', 'wasm' (throws where WebAssembly SIMD cannot run), or
 * 'auto' (wasm where it runs). Returns the backend now in use. Results are
 * the same to float32 rounding, not bit for bit: the kernels add in different orders.
 */
export function useKernels(backend: KernelBackend | 'auto', options: KernelOptions = {}): KernelBackend {
  if (backend !== 'js' && backend !== 'wasm' && backend !== 'auto') {
    throw new RangeError(`useKernels: expected 'js', 'wasm' or 'auto', found '${String(backend)}'`);
  }
  if (options.threads !== undefined) parseThreads(String(options.threads), 'useKernels: threads');
  if (backend === 'js') {
    chosen = 'js';
  } else if (loadRuntime()) {
    chosen = 'wasm';
  } else if (backend === 'wasm') {
    throw new Error(`useKernels('wasm'): ${unavailable}`);
  } else {
    chosen = 'js';
  }
  setThreads(options.threads);
  return chosen;
}

/** Threads the wasm kernels use for large products, the calling one included (1 with the js kernels). */
export function kernelThreads(): number {
  choose();
  return threadCount;
}

/**
 * Resolves, with the number of threads running, once the worker threads have
 * started (they start in the background at the first large product; tests and
 * benchmarks wait here so that they measure what they mean to).
 */
export async function threadsReady(): Promise<number> {
  const p = threadPool();
  return p ? p.whenReady() : 1;
}

/** The wasm runtime when the wasm kernels are in use, else undefined. */
export function wasm(): WasmRuntime | undefined {
  return (chosen ?? choose()) === 'wasm' ? runtime : undefined;
}

/** The thread pool when more than one thread is in use. */
export function threadPool(): ThreadPool | undefined {
  if (choose() !== 'wasm' || threadCount < 2 || !runtime) return undefined;
  pool ??= new ThreadPool(runtime, threadCount);
  return pool;
}

// Views made by `subview` keep their root array (and so its memory) alive.
const roots = new WeakMap<Float32Array, Float32Array>();

/**
 * A zeroed Float32Array of `length` numbers where the kernels work on it in
 * place: in the WebAssembly memory when the wasm kernels run over a shared
 * memory, else an ordinary array (which the wasm kernels copy in and out).
 * Its memory is reused once it, and every `subview` of it, is garbage.
 * For buffers used in many products: a network's weights, gradients and work
 * buffers. Views you make yourself with `subarray` do not keep it alive.
 */
export function allocFloat32(length: number): Float32Array {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`allocFloat32: expected a length ≥ 0, found ${length}`);
  const rt = wasm();
  return rt?.shared ? rt.allocFloat32(length) : new Float32Array(length);
}

/** `array.subarray(begin, end)`, a view that keeps `array` (and its memory, if from `allocFloat32`) alive. */
export function subview(array: Float32Array, begin: number, end: number): Float32Array {
  const view = array.subarray(begin, end);
  roots.set(view, roots.get(array) ?? array);
  return view;
}
