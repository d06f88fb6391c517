import { wasm } from './backend.js';
import { gatherBytes, gatherOnKernels, gatherUnitRows } from './elementwise.js';
import { ShapeMismatchError } from './errors.js';
import type { Matrix } from './matrix.js';
import type { WasmRuntime } from './wasm/runtime.js';
import { WasmListing } from './wasm/ops.js';

// Sparse operands: about 81 % of an MNIST image's pixels are 0, and the first
// layer's two products with the input batch x (z = x·Wᵀ forward, ∂C/∂W = δᵀ·x
// backward) need only the rest. `SparseRows` lists them once per batch for
// both products; the kernels also list a plain operand themselves, per call.

/**
 * Non-zeros of some rows (CSR): row r's are value[q] at column index[q], for
 * q from rowStart[r] to rowStart[r+1].
 */
export interface Csr {
  rowStart: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

/** Entries of a sparse operand gathered at once by the JavaScript kernels: ~80 MNIST images, in at most 512 KB. */
const GATHER_ENTRIES = 1 << 16;

/** How many rows of `cols` numbers the JavaScript kernels take at once. */
export const gatherRows = (cols: number): number => Math.max(1, Math.floor(GATHER_ENTRIES / Math.max(cols, 1)));

/** Room in `csr` for `rows` rows (+1 start) and `entries` entries; grown when short, then kept. */
export function reserveCsr(csr: Csr, rows: number, entries: number): void {
  if (csr.rowStart.length < rows + 1) csr.rowStart = new Int32Array(rows + 1);
  if (csr.index.length < entries) {
    csr.index = new Int32Array(entries);
    csr.value = new Float32Array(entries);
  }
}

/**
 * Gather the non-zeros of `rows` rows of `cols` numbers from data[offset ..]
 * into `csr` as its rows r0 …, from entry csr.rowStart[r0] on, giving up
 * (false) once there are too many for the sparse path to pay: one pass over a
 * sparse block, a third of one over a dense block. `csr` must have room.
 */
export function gatherSparse(data: Float32Array, offset: number, rows: number, cols: number, csr: Csr, r0: number): boolean {
  const start = csr.rowStart,
    idx = csr.index,
    val = csr.value;
  // Sparse pays while at most a third of the entries are non-zero (measured on MNIST's first layer and ReLU layers).
  const first = start[r0]!;
  const limit = first + Math.floor((rows * cols) / 3);
  let n = first;
  for (let r = 0; r < rows; r++) {
    start[r0 + r] = n;
    const o = offset + r * cols;
    for (let p = 0; p < cols; p++) {
      const v = data[o + p]!;
      if (v !== 0) {
        idx[n] = p;
        val[n++] = v;
      }
    }
    if (n > limit) return false;
  }
  start[r0 + rows] = n;
  return true;
}

/** The JavaScript kernels' listing: the rows in blocks of `gatherRows(cols)`, each sparse (listed in `csr`) or dense. */
export interface JsListing {
  rows: number;
  cols: number;
  /** Per block of rows: 1 when listed, 0 when too dense. */
  sparse: Uint8Array;
  csr: Csr;
}

function listJs(m: Matrix, listing: JsListing | undefined): JsListing {
  const rows = m.rows,
    cols = m.cols,
    block = gatherRows(cols),
    blocks = Math.ceil(rows / block);
  const out = listing ?? { rows, cols, sparse: new Uint8Array(0), csr: { rowStart: new Int32Array(0), index: new Int32Array(0), value: new Float32Array(0) } };
  out.rows = rows;
  out.cols = cols;
  if (out.sparse.length < blocks) out.sparse = new Uint8Array(blocks);
  // Each block lists at most a third of its entries, and may overshoot by one row before it checks.
  reserveCsr(out.csr, rows, Math.floor((rows * cols) / 3) + cols);
  out.csr.rowStart[0] = 0;
  for (let b = 0, r0 = 0; r0 < rows; b++, r0 += block) {
    const n = Math.min(block, rows - r0),
      first = out.csr.rowStart[r0]!;
    const sparse = gatherSparse(m.data, r0 * cols, n, cols, out.csr, r0);
    out.sparse[b] = sparse ? 1 : 0;
    // A dense block lists nothing: its rows are empty and the next block starts where it did.
    if (!sparse) out.csr.rowStart.fill(first, r0, r0 + n + 1);
  }
  return out;
}

/**
 * A matrix's rows with their non-zero entries listed, for several products
 * with the same sparse operand: list the batch once, then pass this object
 * where the matrix goes (`gemmABt(rows, W, z)` forward and
 * `gemmAtB(delta, rows, dW)` for the weight gradient). It is the listed
 * matrix itself too (rows, cols, data), so any other function takes it as
 * that matrix. The listing is valid until the matrix's numbers change: list
 * the next batch into the same object (nothing is allocated once it has seen
 * the largest batch).
 */
export class SparseRows implements Matrix {
  /** Number of rows of the listed matrix. */
  rows = 0;
  /** Number of columns of the listed matrix. */
  cols = 0;
  /** The listed matrix's numbers, row-major (the same array, not a copy). */
  data: Float32Array = new Float32Array(0);
  private jsListing: JsListing | undefined;
  private wasmListing: WasmListing | undefined;
  private listedBy: WasmRuntime | 'js' | undefined;

  /** List the non-zeros of `m`'s rows (a matrix too dense to gain from it is only noted as such). */
  list(m: Matrix): this {
    this.rows = m.rows;
    this.cols = m.cols;
    this.data = m.data;
    const rt = wasm();
    if (rt) {
      this.wasmListing ??= new WasmListing(rt, this);
      this.wasmListing.list(m);
      this.listedBy = rt;
    } else {
      this.jsListing = listJs(m, this.jsListing);
      this.listedBy = 'js';
    }
    return this;
  }

  /**
   * `gatherUnitRows(bytes, rowLength, indices, start, count, out)` (a batch
   * of images as numbers in [0, 1]), then list the result as `list` does:
   * afterwards this is the count × rowLength matrix in `out`, listed. On the
   * kernels the bytes are converted and listed in one pass; the numbers and
   * the list are the same either way.
   */
  gatherUnitRows(bytes: Uint8Array, rowLength: number, indices: ArrayLike<number>, start: number, count: number, out: Float32Array): this {
    const n = count * rowLength;
    if (!Number.isInteger(n) || n < 0 || n > out.length) {
      throw new ShapeMismatchError('gatherUnitRows', `room for ${count} rows of ${rowLength}`, `an output of ${out.length}`);
    }
    const rt = gatherOnKernels(out, n);
    if (!rt) {
      gatherUnitRows(bytes, rowLength, indices, start, count, out);
      return this.list({ rows: count, cols: rowLength, data: out });
    }
    const from = gatherBytes(rt, bytes, rowLength, indices, start, count);
    this.rows = count;
    this.cols = rowLength;
    this.data = out;
    this.wasmListing ??= new WasmListing(rt, this);
    this.wasmListing.listUnitBytes(from, rt.address(out), count, rowLength);
    this.listedBy = rt;
    return this;
  }

  /** Whether the products skip zeros (some rows were sparse enough to list). */
  get sparse(): boolean {
    if (this.listedBy === 'js') return this.jsListing!.sparse.subarray(0, Math.ceil(this.rows / gatherRows(this.cols))).includes(1);
    return this.listedBy !== undefined && this.wasmListing!.count >= 0;
  }

  /** The JavaScript kernels' listing, if the JavaScript kernels made it. */
  listingForJs(): JsListing | undefined {
    return this.listedBy === 'js' ? this.jsListing : undefined;
  }

  /** The wasm kernels' listing, if `rt`'s kernels made it. */
  listingForWasm(rt: WasmRuntime): WasmListing | undefined {
    return this.listedBy === rt ? this.wasmListing : undefined;
  }
}
