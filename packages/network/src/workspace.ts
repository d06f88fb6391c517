import { type Matrix, allocFloat32, matrix, subview } from '@downhill/linalg';

/**
 * One matrix per layer (`widths[l]` columns) for a batch of any number of rows.
 *
 * Storage is allocated for the largest batch seen and only ever grows; each
 * batch size gets views into it, made once and cached, so alternating between
 * a training batch size, a smaller last batch and a test-set pass allocates
 * nothing once warmed up. The storage is allocated where the kernels work on
 * it in place (`allocFloat32`), and no view outlives its storage (`subview`).
 */
export class MatrixPool {
  private capacity = 0;
  private storage: Float32Array[] = [];
  private readonly views = new Map<number, Matrix[]>();

  constructor(private readonly widths: readonly number[]) {}

  get(rows: number): Matrix[] {
    const cached = this.views.get(rows);
    if (cached !== undefined) return cached;
    if (rows > this.capacity) {
      this.capacity = rows;
      this.storage = this.widths.map((w) => allocFloat32(rows * w));
      this.views.clear();
    }
    // A loop over ever-changing batch sizes should not hoard views.
    if (this.views.size >= 8) this.views.clear();
    const made = this.widths.map((w, l) => matrix(rows, w, subview(this.storage[l]!, 0, rows * w)));
    this.views.set(rows, made);
    return made;
  }
}
