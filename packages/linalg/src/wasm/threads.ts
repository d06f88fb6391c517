// Worker threads for large products: each runs its own instance of the same
// kernels over the same shared memory. A product's output range (columns or
// rows) is cut into aligned pieces that the calling thread and the workers
// claim one at a time from a shared counter, so a worker that is slow to wake
// (a busy machine) costs nothing: the caller just takes more pieces. No output
// element is split between pieces, and each is the same sum in the same order
// whoever computes it, so the result is bit-identical with any number of threads.
//
// Jobs go through a small control block in the shared memory, not messages,
// so no side needs its event loop: the caller writes the kernel and its
// arguments, then publishes the job in one word (generation, piece count,
// next piece), and wakes the workers (Atomics.notify). Claiming a piece is an
// Atomics.add on that word, which also tells the claimant which job and how
// many pieces, so a late worker can never take a piece of the wrong job.
// The pool starts lazily, at the first product big enough to share; until a
// worker says it is ready, the caller does all the work. Workers never keep a
// Node process alive (unref), and where worker threads or blocking waits do
// not exist (a browser page's main thread) there are simply no threads.
import type { KernelName, WasmRuntime } from './runtime.js';

// Control block (int32 slots).
const JOB = 0; // generation << 20 | pieces << 10 | next piece
const DONE = 1; // pieces finished in the current job
const WAKE = 2; // bumped (and notified) at every job
const READY = 3; // workers running
const KERNEL = 4,
  ARGC = 5,
  AT = 6,
  LO = 7,
  HI = 8,
  STEP = 9,
  ARGS = 10,
  SLOTS = 48;
/** At most this many pieces per job (10 bits of the job word, with room for the claims past the last). */
const MAX_PIECES = 512;
/**
 * How long a thread keeps polling before it sleeps (Atomics.wait): a batch's
 * products come in quick succession, but polling burns a core someone else
 * may want, and waking a sleeping thread costs only some tens of µs.
 */
const SPIN_MS = 0.05;
/** A piece not finished in this long means a worker thread died. */
const STALL_MS = 60_000;

export const kernelNames: readonly KernelName[] = [
  'gemmOuter',
  'packTransposed',
  'gemmABtDense',
  'listNonZeros',
  'listColumns',
  'sparseForward',
  'sparseGradient',
  'unpackTransposed',
  'biasActivate',
  'activateInPlace',
  'scaleByDerivative',
  'sumRows',
];

/**
 * Claim and run pieces of the current job until none are left: the same code
 * in the caller (`claimPieces` below) and in every worker (its source text).
 */
function claimPieces(ctl: Int32Array, kernels: readonly ((...args: number[]) => void)[], args: number[]): number {
  let done = 0;
  for (;;) {
    const word = Atomics.add(ctl, 0, 1);
    const pieces = (word >>> 10) & 1023,
      piece = word & 1023;
    if (piece >= pieces) return done;
    // The arguments stay put until every piece of this job is done, and this one is not.
    const argc = ctl[5]!,
      at = ctl[6]!,
      lo = ctl[7]!,
      hi = ctl[8]!,
      step = ctl[9]!;
    args.length = argc;
    for (let i = 0; i < argc; i++) args[i] = ctl[10 + i]!;
    args[at] = lo + piece * step;
    args[at + 1] = Math.min(hi, lo + (piece + 1) * step);
    kernels[ctl[4]!]!(...args);
    // The last piece wakes the caller, if it went to sleep waiting.
    if (Atomics.add(ctl, 1, 1) + 1 === pieces) Atomics.notify(ctl, 1);
    done++;
  }
}

// The worker's whole program: Node (eval'd CommonJS, data in workerData) or a browser (a blob URL, data by message).
const workerSource = `'use strict';
const claimPieces = (${claimPieces.toString()});
function start({ module, memory, control, names, spinMs }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels = names.map((name) => exports[name]);
  const ctl = new Int32Array(memory.buffer, control, ${SLOTS});
  const args = [];
  Atomics.add(ctl, ${READY}, 1);
  let seen = Atomics.load(ctl, ${WAKE});
  for (;;) {
    claimPieces(ctl, kernels, args);
    // Poll for the next job a moment, then sleep until woken.
    const until = performance.now() + spinMs;
    while (Atomics.load(ctl, ${WAKE}) === seen) {
      if (performance.now() > until) Atomics.wait(ctl, ${WAKE}, seen);
    }
    seen = Atomics.load(ctl, ${WAKE});
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (event) => start(event.data);
`;

interface WorkerLike {
  terminate(): unknown;
}

type NodeWorkerThreads = {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => WorkerLike & { unref(): void };
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

function startWorker(data: unknown): WorkerLike {
  const node = nodeWorkerThreads();
  if (node) {
    const worker = new node.Worker(workerSource, { eval: true, workerData: data });
    worker.unref();
    return worker;
  }
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.postMessage(data);
  URL.revokeObjectURL(url);
  return worker;
}

/** The calling thread plus `size − 1` worker threads, sharing the pieces of large products. */
export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerLike[] = [];
  private readonly kernels: ((...args: number[]) => void)[];
  private readonly args: number[] = [];
  private generation = 0;
  /** Pieces that worker threads computed (for tests). */
  sharedPieces = 0;

  constructor(
    private readonly rt: WasmRuntime,
    readonly size: number,
  ) {
    const ptr = rt.alloc(SLOTS * 4);
    this.control = new Int32Array(rt.memory.buffer, ptr, SLOTS);
    this.control.fill(0);
    this.kernels = kernelNames.map((name) => rt.kernels[name] as (...args: number[]) => void);
  }

  /** Start the workers if they are not running yet (they start in the background). */
  start(): void {
    while (this.workers.length < this.size - 1) {
      this.workers.push(startWorker({ module: this.rt.module, memory: this.rt.memory, control: this.control.byteOffset, names: kernelNames, spinMs: SPIN_MS }));
    }
  }

  /** Workers running (not counting the calling thread). */
  get ready(): number {
    return Atomics.load(this.control, READY);
  }

  /** Resolves with the threads running (the caller included) once every worker is (for tests and benchmarks). */
  async whenReady(timeoutMs = 30_000): Promise<number> {
    this.start();
    const until = performance.now() + timeoutMs;
    while (this.ready < this.size - 1 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    return 1 + this.ready;
  }

  /**
   * Run kernel `name` with `args`, whose entries `at` and `at + 1` are a range
   * [lo, hi) of its output (columns or rows), in pieces that are multiples of
   * `align`, shared with the workers that are running.
   */
  run(name: KernelName, args: number[], at: number, lo: number, hi: number, align: number): void {
    if (this.workers.length < this.size - 1) this.start();
    const units = Math.ceil((hi - lo) / align);
    // About eight pieces per thread: small enough to balance, large enough to keep each kernel call efficient.
    const pieces = Math.min(MAX_PIECES, units, 8 * this.size);
    if (this.ready === 0 || pieces < 2) {
      args[at] = lo;
      args[at + 1] = hi;
      this.kernels[kernelNames.indexOf(name)]!(...args);
      return;
    }
    const step = Math.ceil(units / pieces) * align;
    const count = Math.ceil((hi - lo) / step);
    const ctl = this.control;
    ctl[KERNEL] = kernelNames.indexOf(name);
    ctl[ARGC] = args.length;
    ctl[AT] = at;
    ctl[LO] = lo;
    ctl[HI] = hi;
    ctl[STEP] = step;
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
    Atomics.store(ctl, DONE, 0);
    this.generation = (this.generation + 1) & 2047;
    // Publishing the job word is what lets claims in: everything above is written first.
    Atomics.store(ctl, JOB, (this.generation << 20) | (count << 10));
    Atomics.add(ctl, WAKE, 1);
    Atomics.notify(ctl, WAKE);
    const mine = claimPieces(ctl, this.kernels, this.args);
    // Wait for the pieces the workers claimed: poll a moment (they are about done), then sleep until the last one wakes us.
    const started = performance.now();
    for (let done = Atomics.load(ctl, DONE); done < count; done = Atomics.load(ctl, DONE)) {
      const waited = performance.now() - started;
      if (waited > STALL_MS) throw new Error('linalg: a kernel worker thread stopped responding');
      if (waited > SPIN_MS) Atomics.wait(ctl, DONE, done, 10);
    }
    this.sharedPieces += count - mine;
  }

  stop(): void {
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
