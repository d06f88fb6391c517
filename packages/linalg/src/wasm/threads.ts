// Worker threads for large products: each runs its own instance of the same
// kernels over the same shared memory, and takes a share of a product's
// output columns (or rows). No output element is split between threads, and
// each is the same sum in the same order whichever thread computes it, so the
// result is bit-identical with one thread or several.
//
// A job is posted through a small control block in the shared memory (no
// messages, so neither side needs its event loop): the calling thread writes
// the kernel and its arguments, flips the state to RUN and wakes the worker
// (Atomics.notify); the worker runs it and flips the state to DONE. The pool
// starts lazily, at the first product big enough to share; until the workers
// say they are ready the calling thread does all the work. Workers never keep
// a Node process alive (unref), and where worker threads or blocking waits do
// not exist (a browser page's main thread) there are simply no threads.
import type { KernelName, WasmRuntime } from './runtime.js';

const IDLE = 0, RUN = 1, DONE = 2, STOP = 3, FAILED = 4;
// Control block layout (int32 slots): state, ready flag, kernel index, argument count, arguments.
const STATE = 0, READY = 1, KERNEL = 2, ARGC = 3, ARGS = 4, SLOTS = 32;
/** How long a worker keeps polling for the next job before it sleeps (a batch's products come in quick succession). */
const SPIN_MS = 0.2;
/** A worker that has not finished its share in this long is taken for dead, and the caller does that share itself. */
const STALL_MS = 10_000;

export const kernelNames: readonly KernelName[] = [
  'gemmOuter', 'packTransposed', 'gemmABtDense', 'listBlocks', 'blockForward', 'blockGradient',
  'biasActivate', 'activateInPlace', 'scaleByDerivative', 'sumRows',
];

// The worker's whole program: Node (eval'd CommonJS, data in workerData) or a browser (a blob URL, data by message).
const workerSource = `'use strict';
function start({ module, memory, control, names, spinMs }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels = names.map((name) => exports[name]);
  const ctl = new Int32Array(memory.buffer, control, ${SLOTS});
  const args = [];
  Atomics.store(ctl, ${READY}, 1);
  for (;;) {
    let state = Atomics.load(ctl, ${STATE});
    const spinUntil = performance.now() + spinMs;
    while (state !== ${RUN} && state !== ${STOP}) {
      if (performance.now() > spinUntil) Atomics.wait(ctl, ${STATE}, state, 1000);
      state = Atomics.load(ctl, ${STATE});
    }
    if (state === ${STOP}) return;
    try {
      args.length = ctl[${ARGC}];
      for (let i = 0; i < args.length; i++) args[i] = ctl[${ARGS} + i];
      kernels[ctl[${KERNEL}]](...args);
      Atomics.store(ctl, ${STATE}, ${DONE});
    } catch {
      Atomics.store(ctl, ${STATE}, ${FAILED});
    }
    Atomics.notify(ctl, ${STATE});
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (event) => start(event.data);
`;

interface WorkerLike {
  terminate(): unknown;
}

type NodeWorkerThreads = {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => WorkerLike & { unref(): void; on(event: string, listener: () => void): void };
};

/** Node's worker_threads, without a static import a browser bundle would trip over. */
function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  return typeof getBuiltin === 'function' ? (getBuiltin('node:worker_threads') as NodeWorkerThreads) : undefined;
}

/** Whether this thread may block in Atomics.wait: Node, or a browser worker (not a page's main thread). */
function canBlock(): boolean {
  if (nodeWorkerThreads()) return true;
  const g = globalThis as { WorkerGlobalScope?: new () => unknown; document?: unknown };
  return typeof g.WorkerGlobalScope === 'function' && g.document === undefined;
}

/** Worker threads can start here: shared memory, blocking waits, and a way to start a worker. */
export function threadsPossible(rt: WasmRuntime): boolean {
  return rt.shared && canBlock() && (nodeWorkerThreads() !== undefined || typeof Worker === 'function');
}

class Helper {
  readonly control: Int32Array;
  broken = false;
  private readonly worker: WorkerLike;

  constructor(rt: WasmRuntime) {
    const ptr = rt.alloc(SLOTS * 4);
    this.control = new Int32Array(rt.memory.buffer, ptr, SLOTS);
    this.control.fill(0);
    const data = { module: rt.module, memory: rt.memory, control: ptr, names: kernelNames, spinMs: SPIN_MS };
    const node = nodeWorkerThreads();
    if (node) {
      const worker = new node.Worker(workerSource, { eval: true, workerData: data });
      worker.unref();
      const lost = () => {
        this.broken = true;
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      this.worker = worker;
    } else {
      const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onerror = () => {
        this.broken = true;
      };
      worker.postMessage(data);
      URL.revokeObjectURL(url);
      this.worker = worker;
    }
  }

  get ready(): boolean {
    return !this.broken && Atomics.load(this.control, READY) === 1;
  }

  post(kernel: number, args: readonly number[]): void {
    const ctl = this.control;
    ctl[KERNEL] = kernel;
    ctl[ARGC] = args.length;
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    Atomics.store(ctl, STATE, RUN);
    Atomics.notify(ctl, STATE);
  }

  /** Wait for the posted job; false when the worker failed or stalled (its share must be done again). */
  finish(): boolean {
    const ctl = this.control;
    const started = performance.now();
    let state = Atomics.load(ctl, STATE);
    while (state === RUN) {
      if (performance.now() - started > STALL_MS) break;
      // Poll for the first moments (the shares are balanced, so the worker is usually about done), then sleep.
      if (performance.now() - started > SPIN_MS) Atomics.wait(ctl, STATE, RUN, 100);
      state = Atomics.load(ctl, STATE);
    }
    if (state === DONE) {
      Atomics.store(ctl, STATE, IDLE);
      return true;
    }
    this.broken = true;
    return false;
  }

  stop(): void {
    Atomics.store(this.control, STATE, STOP);
    Atomics.notify(this.control, STATE);
    this.worker.terminate();
  }
}

/**
 * The calling thread plus `helpers` worker threads. `run` splits a kernel's
 * range [lo, hi) (its last two arguments) into aligned shares, one per ready
 * thread, the calling thread taking the first.
 */
export class ThreadPool {
  private helpers: Helper[] = [];
  /** Shares of products that worker threads computed (for tests). */
  sharedShares = 0;

  constructor(
    private readonly rt: WasmRuntime,
    readonly size: number,
  ) {}

  /** Start the workers if they are not running yet (they start in the background). */
  start(): void {
    this.helpers = this.helpers.filter((h) => !h.broken);
    while (this.helpers.length < this.size - 1) this.helpers.push(new Helper(this.rt));
  }

  /** Resolves once every worker is ready (for tests and benchmarks; training just starts using them when they are). */
  async whenReady(timeoutMs = 30_000): Promise<number> {
    this.start();
    const until = performance.now() + timeoutMs;
    while (this.helpers.some((h) => !h.ready && !h.broken) && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return 1 + this.helpers.filter((h) => h.ready).length;
  }

  /**
   * Run kernel `name` with `args`, whose entries `at` and `at + 1` are a range
   * [lo, hi) of its output (columns or rows), shared between the ready threads
   * in pieces that are multiples of `align`; the calling thread takes the first.
   */
  run(name: KernelName, args: number[], at: number, lo: number, hi: number, align: number): void {
    if (this.helpers.length < this.size - 1) this.start();
    const kernel = this.rt.kernels[name] as (...a: number[]) => void;
    let ready = 0;
    for (const h of this.helpers) if (h.ready) ready++;
    const share = Math.ceil((hi - lo) / (ready + 1) / align) * align;
    if (ready === 0 || share >= hi - lo) {
      args[at] = lo;
      args[at + 1] = hi;
      kernel(...args);
      return;
    }
    const index = kernelNames.indexOf(name);
    const posted: { helper: Helper; from: number; to: number }[] = [];
    let from = lo + share;
    for (const helper of this.helpers) {
      if (from >= hi) break;
      if (!helper.ready) continue;
      const to = Math.min(hi, from + share);
      args[at] = from;
      args[at + 1] = to;
      helper.post(index, args);
      posted.push({ helper, from, to });
      from = to;
    }
    args[at] = lo;
    args[at + 1] = lo + share;
    kernel(...args);
    for (const { helper, from, to } of posted) {
      // A share a worker could not finish is done here: the same numbers, whoever computes them.
      if (helper.finish()) {
        this.sharedShares++;
      } else {
        args[at] = from;
        args[at + 1] = to;
        kernel(...args);
      }
    }
  }

  stop(): void {
    for (const h of this.helpers) h.stop();
    this.helpers = [];
  }
}
