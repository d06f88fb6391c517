// The WebAssembly side of linalg: one instance of the kernels (assembly/*.ts,
// compiled into kernels.wasm.ts) over one memory, and the allocator that hands
// out that memory. Loaded synchronously on first use (the module is ~12 KB).
//
// Where the data lives: the kernels read and write only this memory. Arrays
// allocated here (`allocFloat32`: a network's parameters, gradients and work
// buffers) are used in place; any other Float32Array is copied in before a
// kernel and out after it ("staged").
//
// Shared or private memory: a shared memory (SharedArrayBuffer: Node, and
// pages that are cross-origin isolated) keeps every view valid when it grows,
// so arrays can live in it and worker threads can work on it. A private
// memory detaches every view when it grows, so then nothing but the kernels'
// own scratch lives in it and every operand is staged.
import { privateMemoryKernels, sharedMemoryKernels } from './kernels.wasm.js';

/** The module's exports: every argument a number (sizes, 0/1 flags, byte addresses). */
export interface KernelExports {
  gemmOuter(
    c: number,
    ldc: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    ldb: number,
    k: number,
    accumulate: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
  ): void;
  packTransposed(dst: number, ldd: number, b: number, k: number, j0: number, j1: number): void;
  gemmABtDense(c: number, a: number, b: number, scratch: number, m: number, n: number, k: number, accumulate: number, j0: number, j1: number): void;
  listNonZeros(x: number, rows: number, cols: number, limit: number, rowStart: number, column: number, value: number, table: number): number;
  listUnitBytes(b: number, x: number, rows: number, cols: number, limit: number, rowStart: number, column: number, value: number, table: number): number;
  listColumns(rows: number, cols: number, rowStart: number, column: number, value: number, columnStart: number, rowOf: number, columnValue: number): void;
  sparseForward(
    z: number,
    n: number,
    w: number,
    k: number,
    packed: number,
    rowStart: number,
    column: number,
    value: number,
    accumulate: number,
    pack: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
  ): void;
  sparseGradient(
    g: number,
    n: number,
    k: number,
    d: number,
    transposed: number,
    columnStart: number,
    rowOf: number,
    columnValue: number,
    accumulate: number,
    unpack: number,
    p0: number,
    p1: number,
    j0: number,
    j1: number,
  ): void;
  sparseGradientRows(
    g: number,
    n: number,
    k: number,
    d: number,
    transposed: number,
    rows: number,
    rowStart: number,
    column: number,
    value: number,
    accumulate: number,
  ): void;
  unpackTransposed(g: number, k: number, t: number, n: number, accumulate: number, j0: number, j1: number): void;
  biasActivate(z: number, a: number, bias: number, cols: number, kind: number, r0: number, r1: number): void;
  activateInPlace(z: number, a: number, count: number, kind: number): void;
  scaleByDerivative(d: number, z: number, a: number, count: number, kind: number): void;
  sumRows(out: number, m: number, rows: number, cols: number, accumulate: number): void;
  axpy(alpha: number, x: number, y: number, n: number): void;
  allFinite(x: number, n: number): number;
  unitBytes(b: number, x: number, n: number): void;
}

export type KernelName = keyof KernelExports;

/** Bytes between blocks that a kernel may read past the end of an array (the last vector of a row), never write. */
const SLACK = 16;
/** Blocks start on a cache line. */
const ALIGN = 64;
/** Addresses below this are never handed out, so 0 is never a valid array. */
const BASE = 1024;
const PAGE = 65536;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** True where WebAssembly SIMD validates: a function returning a v128 constant. */
export function simdSupported(): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  // (module (func (result v128) v128.const i32x4 0 0 0 0))
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
  ]);
  return WebAssembly.validate(probe);
}

/** Whether this thread may create a shared WebAssembly.Memory (Node; a browser only when cross-origin isolated). */
function sharedMemoryAllowed(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

export class WasmRuntime {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly kernels: KernelExports;
  /** Arrays can live in this memory, and threads can share it. */
  readonly shared: boolean;
  /** Views over the whole memory, remade after it grows. */
  f32!: Float32Array;
  u8!: Uint8Array;
  i32!: Int32Array;
  // Every buffer object the memory has had, newest last: views made before a (shared) grow keep the old one.
  // A plain array, not a WeakSet: `address` runs dozens of times a mini-batch, mostly on arrays (the
  // network's) made before the last grow, and a few identity comparisons cost less than a hash lookup.
  // The memory grows by at least a quarter each time, so it has had few buffers.
  private readonly buffers: ArrayBufferLike[] = [];
  private current: ArrayBufferLike | undefined;

  // First-fit allocator over [BASE, top): free blocks sorted by address, sizes of the blocks in use.
  private top = BASE;
  private readonly freeStart: number[] = [];
  private readonly freeSize: number[] = [];
  private readonly used = new Map<number, number>();
  private readonly scratchSlots = new Map<string, { ptr: number; bytes: number }>();
  private readonly finalizer = new FinalizationRegistry<number>((ptr) => this.free(ptr));

  private constructor(shared: boolean, memory: WebAssembly.Memory, module: WebAssembly.Module) {
    this.shared = shared;
    this.memory = memory;
    this.module = module;
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    this.refresh();
  }

  /** The kernels over a shared memory where allowed (and wanted), else over a private one; throws when neither loads. */
  static load(options: { shared?: boolean } = {}): WasmRuntime {
    if (options.shared !== false && sharedMemoryAllowed()) {
      const bytes = decode(sharedMemoryKernels);
      // A smaller maximum where the address space is tight (32-bit browsers); the module accepts any up to 65536 pages.
      for (const maximum of [65536, 16384, 4096]) {
        try {
          const memory = new WebAssembly.Memory({ initial: 16, maximum, shared: true });
          return new WasmRuntime(true, memory, new WebAssembly.Module(bytes));
        } catch {}
      }
    }
    const memory = new WebAssembly.Memory({ initial: 16 });
    return new WasmRuntime(false, memory, new WebAssembly.Module(decode(privateMemoryKernels)));
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.remember(buffer);
    this.current = buffer;
    this.f32 = new Float32Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /** The views are current (a private memory's old views are detached once it grows). */
  views(): this {
    if (this.f32.buffer !== this.memory.buffer) this.refresh();
    return this;
  }

  /** The byte address of `array` in this memory, or −1 when it lives elsewhere. */
  address(array: ArrayBufferView): number {
    const buffer = array.buffer;
    // Most arrays were made since the memory last grew: one comparison.
    if (buffer === this.current) return array.byteOffset;
    const buffers = this.buffers;
    for (let i = buffers.length - 1; i >= 0; i--) if (buffers[i] === buffer) return array.byteOffset;
    return -1;
  }

  private remember(buffer: ArrayBufferLike): void {
    if (!this.buffers.includes(buffer)) this.buffers.push(buffer);
  }

  /** A block of at least `bytes` bytes (+ the slack kernels may read), ALIGN-aligned. Not zeroed. */
  alloc(bytes: number): number {
    const size = Math.ceil((bytes + SLACK) / ALIGN) * ALIGN;
    for (let f = 0; f < this.freeStart.length; f++) {
      if (this.freeSize[f]! >= size) {
        const ptr = this.freeStart[f]!;
        if (this.freeSize[f] === size) {
          this.freeStart.splice(f, 1);
          this.freeSize.splice(f, 1);
        } else {
          this.freeStart[f] = ptr + size;
          this.freeSize[f]! -= size;
        }
        this.used.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.top;
    const end = ptr + size;
    if (end > this.memory.buffer.byteLength) {
      const have = this.memory.buffer.byteLength / PAGE;
      // Grow by at least a quarter, so a growing batch or network does not grow the memory page by page.
      const pages = Math.max(Math.ceil(end / PAGE) - have, Math.ceil(have / 4));
      try {
        this.memory.grow(pages);
      } catch {
        this.memory.grow(Math.ceil(end / PAGE) - have); // throws RangeError when even that does not fit
      }
      this.refresh();
    }
    this.top = end;
    this.used.set(ptr, size);
    return ptr;
  }

  free(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    let f = 0;
    while (f < this.freeStart.length && this.freeStart[f]! < ptr) f++;
    this.freeStart.splice(f, 0, ptr);
    this.freeSize.splice(f, 0, size);
    // Coalesce with the next and the previous free block.
    if (f + 1 < this.freeStart.length && ptr + this.freeSize[f]! === this.freeStart[f + 1]) {
      this.freeSize[f]! += this.freeSize[f + 1]!;
      this.freeStart.splice(f + 1, 1);
      this.freeSize.splice(f + 1, 1);
    }
    if (f > 0 && this.freeStart[f - 1]! + this.freeSize[f - 1]! === ptr) {
      this.freeSize[f - 1]! += this.freeSize[f]!;
      this.freeStart.splice(f, 1);
      this.freeSize.splice(f, 1);
      f--;
    }
    // A free block at the top goes back to the top.
    if (this.freeStart[f]! + this.freeSize[f]! === this.top) {
      this.top = this.freeStart[f]!;
      this.freeStart.splice(f, 1);
      this.freeSize.splice(f, 1);
    }
  }

  /** Bytes in blocks now in use (for tests). */
  get bytesInUse(): number {
    let sum = 0;
    for (const size of this.used.values()) sum += size;
    return sum;
  }

  /**
   * A zeroed Float32Array of `length` numbers in this memory, freed once it
   * (and every view `subview` made of it) has been garbage-collected.
   */
  allocFloat32(length: number): Float32Array {
    const ptr = this.alloc(length * 4);
    const view = new Float32Array(this.memory.buffer, ptr, length);
    this.remember(view.buffer);
    view.fill(0);
    this.finalizer.register(view, ptr);
    return view;
  }

  /** A scratch block of at least `bytes` bytes owned by the runtime, named by `slot`; grown when too small, never freed. */
  scratch(slot: string, bytes: number): number {
    const held = this.scratchSlots.get(slot);
    if (held && held.bytes >= bytes) return held.ptr;
    if (held) this.free(held.ptr);
    // Some headroom, so a slowly growing size does not reallocate every call.
    const size = Math.max(bytes, Math.ceil(((held?.bytes ?? 0) * 5) / 4));
    const ptr = this.alloc(size);
    this.scratchSlots.set(slot, { ptr, bytes: size });
    return ptr;
  }
}
