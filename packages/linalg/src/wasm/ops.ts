// linalg's operations on the WebAssembly kernels: place the operands in the
// kernels' memory (in place when they live there, else copied in and out),
// pick the kernel (sparse, dense) and share large products between threads.
// Shapes are checked by the callers (gemm.ts, elementwise.ts), once for both backends.
import type { Matrix } from '../matrix.js';
import type { WasmRuntime } from './runtime.js';
import type { ThreadPool } from './threads.js';

/** A sparse operand is worth listing while at most this fraction of its entries is non-zero (dense kernels beyond), as for the JavaScript kernels. */
const SPARSE_FRACTION = 1 / 3;
/**
 * Multiply-adds (for a sparse operand, those its non-zeros need) from which a
 * product is shared between threads: about a millisecond of one core's work.
 * Smaller ones (the lesson's network, even evaluated 1,000 images at a time)
 * stay on one thread, so they never start the second one (and its memory).
 */
const THREAD_WORK = 1 << 22;
/**
 * Outputs per row from which the sparse products are shared by columns (each
 * thread's share a multiple of 32, the kernels' widest step); narrower ones
 * are shared by rows.
 */
const WIDE = 256;
/**
 * Up to this many outputs per row (neurons, a multiple of 4), the one-thread
 * sparse weight gradient adds each non-zero's products straight into the
 * transposed gradient from the list by row, and the list by column is not made.
 */
const ROW_GRADIENT_OUTPUTS = 32;
/** A plain operand is checked for sparsity when it has at least this many columns and the product at least this many outputs per row. */
const DETECT_COLUMNS = 32,
  DETECT_OUTPUTS = 8;

/**
 * Where `array`'s first `length` numbers are for the kernels, given its
 * address `own` (−1 when it lives elsewhere): there, or the scratch `slot`.
 */
function place(rt: WasmRuntime, own: number, length: number, slot: string): number {
  return own >= 0 ? own : rt.scratch(slot, length * 4);
}

/** Copy a staged array (one not in the kernels' memory) in to `ptr`. */
function copyIn(rt: WasmRuntime, array: Float32Array, length: number, ptr: number): void {
  rt.views().f32.set(length === array.length ? array : array.subarray(0, length), ptr >> 2);
}

/** Copy a staged array's numbers back out from `ptr`. */
function copyOut(rt: WasmRuntime, array: Float32Array, length: number, ptr: number): void {
  array.set(rt.views().f32.subarray(ptr >> 2, (ptr >> 2) + length));
}

/**
 * A matrix's non-zeros listed by row and by column (see assembly/sparse.ts),
 * in a block of the kernels' memory of its own.
 */
export class WasmListing {
  rows = 0;
  cols = 0;
  /** Non-zeros listed, or −1 when the matrix is too dense to list (the dense kernels take it). */
  count = -1;
  /** Whether the list by column is made (at the first weight gradient that needs it). */
  private byColumn = false;
  private ptr = 0;
  private capacity = -1;
  private rowCapacity = -1;
  private columnCapacity = -1;
  rowStart = 0;
  column = 0;
  value = 0;
  columnStart = 0;
  rowOf = 0;
  columnValue = 0;

  constructor(
    private readonly rt: WasmRuntime,
    /** Freed with its owner (the SparseRows object); the runtime's own listing is never freed. */
    owner?: object,
  ) {
    if (owner) listings.register(owner, { rt, listing: this });
  }

  /** Room for `rows` rows and `cols` columns, at most `entries` of them listed. */
  reserve(rows: number, cols: number, entries: number): void {
    if (rows <= this.rowCapacity && cols <= this.columnCapacity && entries <= this.capacity) return;
    if (this.ptr !== 0) this.rt.free(this.ptr);
    this.rowCapacity = rows = Math.max(rows, this.rowCapacity);
    this.columnCapacity = cols = Math.max(cols, this.columnCapacity);
    this.capacity = entries = Math.max(entries, this.capacity);
    const words = (count: number) => Math.ceil((count * 4) / 16) * 16;
    const sizes = [words(rows + 1), words(entries), words(entries), words(cols + 1), words(entries), words(entries)];
    this.ptr = this.rt.alloc(sizes.reduce((s, x) => s + x, 0));
    let at = this.ptr;
    [this.rowStart, this.column, this.value, this.columnStart, this.rowOf, this.columnValue] = sizes.map((size) => {
      const start = at;
      at += size;
      return start;
    }) as [number, number, number, number, number, number];
  }

  release(): void {
    if (this.ptr !== 0) this.rt.free(this.ptr);
    this.ptr = 0;
  }

  /** List `m`'s non-zeros, or find it too dense (count −1), reading at most `sampleRows` rows when given. */
  list(m: Matrix, sampleRows = m.rows): this {
    const rt = this.rt,
      rows = Math.min(sampleRows, m.rows),
      cols = m.cols;
    this.rows = rows;
    this.cols = cols;
    const limit = Math.floor(rows * cols * SPARSE_FRACTION);
    // A row may overshoot the limit before the check at its end, and the listing writes up to three places past its last entry.
    this.reserve(rows, cols, limit + cols + 4);
    const ox = rt.address(m.data),
      px = place(rt, ox, rows * cols, 'x');
    if (ox < 0) copyIn(rt, m.data, rows * cols, px);
    this.count = rt.kernels.listNonZeros(px, rows, cols, limit, this.rowStart, this.column, this.value, compressTable(rt));
    this.byColumn = false;
    return this;
  }

  /**
   * Convert `rows` × `cols` bytes at `bytes` (in the kernels' memory) to
   * numbers in [0, 1] at `out` (as unitBytes does) and list their non-zeros
   * (as `list` would list them), in one pass.
   */
  listUnitBytes(bytes: number, out: number, rows: number, cols: number): this {
    const rt = this.rt;
    this.rows = rows;
    this.cols = cols;
    const limit = Math.floor(rows * cols * SPARSE_FRACTION);
    this.reserve(rows, cols, limit + cols + 4);
    this.count = rt.kernels.listUnitBytes(bytes, out, rows, cols, limit, this.rowStart, this.column, this.value, compressTable(rt));
    this.byColumn = false;
    return this;
  }

  /** The list by column too (made once per listing, for the weight gradient); returns this. */
  columns(): this {
    if (!this.byColumn && this.count >= 0) {
      this.rt.kernels.listColumns(this.rows, this.cols, this.rowStart, this.column, this.value, this.columnStart, this.rowOf, this.columnValue);
      this.byColumn = true;
    }
    return this;
  }
}

/**
 * listNonZeros' table, one per runtime (never freed): for each 4-bit mask of
 * the lanes to keep, 16 byte indices that move those lanes (4 bytes each) to
 * the front, in order; 0x80 (a zero byte) for the rest.
 */
const compressTables = new WeakMap<WasmRuntime, number>();
function compressTable(rt: WasmRuntime): number {
  let ptr = compressTables.get(rt);
  if (ptr === undefined) {
    ptr = rt.alloc(256);
    const bytes = rt.views().u8;
    for (let mask = 0; mask < 16; mask++) {
      let o = 0;
      for (let lane = 0; lane < 4; lane++) {
        if (mask & (1 << lane)) for (let b = 0; b < 4; b++) bytes[ptr + 16 * mask + 4 * o + b] = 4 * lane + b;
        if (mask & (1 << lane)) o++;
      }
      bytes.fill(0x80, ptr + 16 * mask + 4 * o, ptr + 16 * mask + 16);
    }
    compressTables.set(rt, ptr);
  }
  return ptr;
}

const listings = new FinalizationRegistry<{ rt: WasmRuntime; listing: WasmListing }>(({ listing }) => listing.release());

// Each runtime's own listing, for operands that were not listed beforehand.
const ownListings = new WeakMap<WasmRuntime, WasmListing>();
function listIfSparse(rt: WasmRuntime, m: Matrix, outputsPerRow: number): WasmListing | undefined {
  if (m.cols < DETECT_COLUMNS || outputsPerRow < DETECT_OUTPUTS || m.rows === 0) return undefined;
  let ownListing = ownListings.get(rt);
  if (!ownListing) ownListings.set(rt, (ownListing = new WasmListing(rt)));
  // A few rows first: a dense operand is found out without scanning it all.
  if (m.rows > 8 && ownListing.list(m, 8).count < 0) return undefined;
  return ownListing.list(m).count < 0 ? undefined : ownListing;
}

/** C = A·B (+ C). */
export function gemmWasm(rt: WasmRuntime, pool: ThreadPool | undefined, a: Matrix, b: Matrix, c: Matrix, accumulate: boolean): void {
  const m = a.rows,
    k = a.cols,
    n = b.cols;
  if (m === 0 || n === 0) return;
  const oa = rt.address(a.data),
    ob = rt.address(b.data),
    oc = rt.address(c.data);
  const pa = place(rt, oa, m * k, 'a'),
    pb = place(rt, ob, k * n, 'b'),
    pc = place(rt, oc, m * n, 'c');
  if (oa < 0) copyIn(rt, a.data, m * k, pa);
  if (ob < 0) copyIn(rt, b.data, k * n, pb);
  if (accumulate && oc < 0) copyIn(rt, c.data, m * n, pc);
  outer(rt, pool, pc, n, pa, k, 1, pb, n, k, accumulate, m, n);
  if (oc < 0) copyOut(rt, c.data, m * n, pc);
}

/** C = Aᵀ·B (+ C); B may be listed (the first layer's input, shared with the forward product). */
export function gemmAtBWasm(rt: WasmRuntime, pool: ThreadPool | undefined, a: Matrix, b: Matrix, c: Matrix, accumulate: boolean, listed?: WasmListing): void {
  const k = a.rows,
    m = a.cols,
    n = b.cols;
  if (m === 0 || n === 0) return;
  const listing = listed && listed.count >= 0 ? listed : listIfSparse(rt, b, m);
  const oa = rt.address(a.data),
    oc = rt.address(c.data);
  const pa = place(rt, oa, k * m, 'a'),
    pc = place(rt, oc, m * n, 'c');
  if (oa < 0) copyIn(rt, a.data, k * m, pa);
  if (accumulate && oc < 0) copyIn(rt, c.data, m * n, pc);
  if (listing) {
    // C is m × n here (one row per neuron): made transposed (n × m) in scratch, then turned back.
    const transposed = rt.scratch('transposed', n * m * 4);
    const acc = accumulate ? 1 : 0;
    const shared = pool && listing.count * m >= THREAD_WORK;
    if (!shared && m <= ROW_GRADIENT_OUTPUTS && m % 4 === 0) {
      // Few neurons (the lesson's 16): straight from the list by row, the same sums in the same order.
      rt.kernels.sparseGradientRows(pc, m, n, pa, transposed, listing.rows, listing.rowStart, listing.column, listing.value, acc);
      if (oc < 0) copyOut(rt, c.data, m * n, pc);
      return;
    }
    const sparse = listing.columns();
    if (shared && m >= WIDE) {
      // Wide: each thread takes whole rows of C (columns of the transposed gradient) and turns its own part back.
      pool.run('sparseGradient', [pc, m, n, pa, transposed, sparse.columnStart, sparse.rowOf, sparse.columnValue, acc, 1, 0, n, 0, m], 12, 0, m, 32);
    } else if (shared) {
      // Narrow: the threads share the input's columns, then the gradient is turned back in pieces of rows.
      pool.run('sparseGradient', [pc, m, n, pa, transposed, sparse.columnStart, sparse.rowOf, sparse.columnValue, acc, 0, 0, n, 0, m], 10, 0, n, 4);
      pool.run('unpackTransposed', [pc, n, transposed, m, acc, 0, m], 5, 0, m, 4);
    } else {
      rt.kernels.sparseGradient(pc, m, n, pa, transposed, sparse.columnStart, sparse.rowOf, sparse.columnValue, acc, 1, 0, n, 0, m);
    }
  } else {
    const ob = rt.address(b.data),
      pb = place(rt, ob, k * n, 'b');
    if (ob < 0) copyIn(rt, b.data, k * n, pb);
    // Aᵀ(i, p) = A[p·m + i]
    outer(rt, pool, pc, n, pa, 1, m, pb, n, k, accumulate, m, n);
  }
  if (oc < 0) copyOut(rt, c.data, m * n, pc);
}

/** C = A·Bᵀ (+ C); A may be listed (the first layer's input). */
export function gemmABtWasm(rt: WasmRuntime, pool: ThreadPool | undefined, a: Matrix, b: Matrix, c: Matrix, accumulate: boolean, listed?: WasmListing): void {
  const m = a.rows,
    k = a.cols,
    n = b.rows;
  if (m === 0 || n === 0) return;
  const sparse = listed && listed.count >= 0 ? listed : listIfSparse(rt, a, n);
  const ob = rt.address(b.data),
    oc = rt.address(c.data);
  const pb = place(rt, ob, n * k, 'b'),
    pc = place(rt, oc, m * n, 'c');
  const acc = accumulate ? 1 : 0;
  if (ob < 0) copyIn(rt, b.data, n * k, pb);
  if (accumulate && oc < 0) copyIn(rt, c.data, m * n, pc);
  if (sparse) {
    const packed = rt.scratch('pack', k * n * 4);
    const shared = pool && sparse.count * n >= THREAD_WORK;
    if (shared && n >= WIDE) {
      // Wide: each thread takes whole columns of z (rows of W), packing its rows of W transposed first.
      pool.run('sparseForward', [pc, n, pb, k, packed, sparse.rowStart, sparse.column, sparse.value, acc, 1, 0, m, 0, n], 12, 0, n, 32);
    } else if (shared) {
      // Narrow: W packed once, then the threads share the rows of z.
      rt.kernels.packTransposed(packed, n, pb, k, 0, n);
      pool.run('sparseForward', [pc, n, pb, k, packed, sparse.rowStart, sparse.column, sparse.value, acc, 0, 0, m, 0, n], 10, 0, m, 1);
    } else {
      rt.kernels.sparseForward(pc, n, pb, k, packed, sparse.rowStart, sparse.column, sparse.value, acc, 1, 0, m, 0, n);
    }
  } else {
    const oa = rt.address(a.data),
      pa = place(rt, oa, m * k, 'a'),
      packed = rt.scratch('pack', k * n * 4);
    if (oa < 0) copyIn(rt, a.data, m * k, pa);
    const shared = pool && m * n * k >= THREAD_WORK;
    if (shared && n >= 16) {
      // Each thread packs the rows of B behind its own columns of C.
      pool.run('gemmABtDense', [pc, pa, pb, packed, m, n, k, acc, 0, n], 8, 0, n, 8);
    } else if (shared && m >= 8) {
      rt.kernels.packTransposed(packed, n, pb, k, 0, n);
      pool.run('gemmOuter', [pc, n, pa, k, 1, packed, n, k, acc, 0, m, 0, n], 9, 0, m, 4);
    } else {
      rt.kernels.gemmABtDense(pc, pa, pb, packed, m, n, k, acc, 0, n);
    }
  }
  if (oc < 0) copyOut(rt, c.data, m * n, pc);
}

/** The outer-product loop over an m × n block of C, shared by columns (or by rows when C is narrow) in large products. */
function outer(
  rt: WasmRuntime,
  pool: ThreadPool | undefined,
  pc: number,
  ldc: number,
  pa: number,
  aRow: number,
  aCol: number,
  pb: number,
  ldb: number,
  k: number,
  accumulate: boolean,
  m: number,
  n: number,
): void {
  const acc = accumulate ? 1 : 0;
  const shared = pool && m * n * k >= THREAD_WORK;
  if (shared && n >= 16) {
    pool.run('gemmOuter', [pc, ldc, pa, aRow, aCol, pb, ldb, k, acc, 0, m, 0, n], 11, 0, n, 8);
  } else if (shared && m >= 8) {
    pool.run('gemmOuter', [pc, ldc, pa, aRow, aCol, pb, ldb, k, acc, 0, m, 0, n], 9, 0, m, 4);
  } else {
    rt.kernels.gemmOuter(pc, ldc, pa, aRow, aCol, pb, ldb, k, acc, 0, m, 0, n);
  }
}

/** Activation codes of assembly/elementwise.ts. */
export const activationCodes = { identity: 0, relu: 1, sigmoid: 2 } as const;

/** z += bias on every row, then a = σ(z); a may be z. */
export function biasActivateWasm(rt: WasmRuntime, z: Matrix, bias: Float32Array, code: number, a: Matrix): void {
  const rows = z.rows,
    cols = z.cols,
    size = rows * cols;
  if (size === 0) return;
  const oz = rt.address(z.data),
    obias = rt.address(bias);
  const pz = place(rt, oz, size, 'c'),
    pbias = place(rt, obias, cols, 'b');
  const inPlace = a.data === z.data;
  const oa = inPlace ? oz : rt.address(a.data);
  const pa = inPlace ? pz : place(rt, oa, size, 'a');
  if (oz < 0) copyIn(rt, z.data, size, pz);
  if (obias < 0) copyIn(rt, bias, cols, pbias);
  rt.kernels.biasActivate(pz, pa, pbias, cols, code, 0, rows);
  if (oz < 0) copyOut(rt, z.data, size, pz);
  if (!inPlace && oa < 0) copyOut(rt, a.data, size, pa);
}

/** a = σ(z) elementwise. */
export function activateWasm(rt: WasmRuntime, z: Matrix, code: number, a: Matrix): void {
  const size = z.rows * z.cols;
  if (size === 0) return;
  const oz = rt.address(z.data),
    pz = place(rt, oz, size, 'c');
  const inPlace = a.data === z.data;
  const oa = inPlace ? oz : rt.address(a.data);
  const pa = inPlace ? pz : place(rt, oa, size, 'a');
  if (oz < 0) copyIn(rt, z.data, size, pz);
  rt.kernels.activateInPlace(pz, pa, size, code);
  if (oa < 0) copyOut(rt, a.data, size, pa);
}

/** δ ⊙= σ'(z), given z and a = σ(z). */
export function activationBackwardWasm(rt: WasmRuntime, delta: Matrix, z: Matrix, a: Matrix, code: number): void {
  const size = delta.rows * delta.cols;
  if (size === 0 || code === activationCodes.identity) return;
  const od = rt.address(delta.data),
    pd = place(rt, od, size, 'c');
  // relu reads z, the sigmoid a.
  const source = code === activationCodes.relu ? z.data : a.data;
  const os = rt.address(source),
    ps = place(rt, os, size, 'a');
  if (od < 0) copyIn(rt, delta.data, size, pd);
  if (os < 0) copyIn(rt, source, size, ps);
  rt.kernels.scaleByDerivative(pd, ps, ps, size, code);
  if (od < 0) copyOut(rt, delta.data, size, pd);
}

/** out (+)= Σ over the rows of m. */
export function sumRowsWasm(rt: WasmRuntime, m: Matrix, out: Float32Array, accumulate: boolean): void {
  const rows = m.rows,
    cols = m.cols;
  if (cols === 0) return;
  const om = rt.address(m.data),
    oo = rt.address(out);
  const pm = place(rt, om, rows * cols, 'a'),
    po = place(rt, oo, cols, 'c');
  if (om < 0) copyIn(rt, m.data, rows * cols, pm);
  if (accumulate && oo < 0) copyIn(rt, out, cols, po);
  rt.kernels.sumRows(po, pm, rows, cols, accumulate ? 1 : 0);
  if (oo < 0) copyOut(rt, out, cols, po);
}
