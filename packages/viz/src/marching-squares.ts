// Marching squares: the curves where a gridded function equals a level.
// Each grid cell whose corners straddle the level contributes a segment
// between two of its edges; segments sharing an edge are joined into polylines.

import { VizInputError, describeValue } from './errors.js';

/**
 * Contour lines of `values` (ny × nx, row j at y index j) at `level`, as
 * polylines in grid-index coordinates [i, j] (fractional). A closed curve
 * repeats its first point at the end. Cells with a non-finite corner are skipped.
 */
export function marchingSquares(values: ArrayLike<number>, nx: number, ny: number, level: number): number[][][] {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2 || values.length !== nx * ny) {
    throw new VizInputError(
      'marchingSquares',
      'an nx × ny grid with nx, ny ≥ 2 and nx·ny values',
      `${describeValue(nx)} × ${describeValue(ny)} with ${describeValue(values)}`,
    );
  }
  const H = ny * (nx - 1); // horizontal edges come first in the edge numbering
  const hEdge = (i: number, j: number) => j * (nx - 1) + i;
  const vEdge = (i: number, j: number) => H + j * nx + i;
  const points = new Map<number, [number, number]>();
  const links = new Map<number, number[]>();

  const crossing = (edge: number): number => {
    if (!points.has(edge)) {
      let i0: number, j0: number, i1: number, j1: number;
      if (edge < H) {
        j0 = j1 = Math.floor(edge / (nx - 1));
        i0 = edge - j0 * (nx - 1);
        i1 = i0 + 1;
      } else {
        const e = edge - H;
        j0 = Math.floor(e / nx);
        i0 = i1 = e - j0 * nx;
        j1 = j0 + 1;
      }
      const a = values[j0 * nx + i0];
      const b = values[j1 * nx + i1];
      const t = a === b ? 0.5 : (level - a) / (b - a);
      points.set(edge, [i0 + (i1 - i0) * t, j0 + (j1 - j0) * t]);
    }
    return edge;
  };
  const link = (e1: number, e2: number) => {
    crossing(e1);
    crossing(e2);
    (links.get(e1) ?? links.set(e1, []).get(e1))!.push(e2);
    (links.get(e2) ?? links.set(e2, []).get(e2))!.push(e1);
  };

  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v00 = values[j * nx + i];
      const v10 = values[j * nx + i + 1];
      const v11 = values[(j + 1) * nx + i + 1];
      const v01 = values[(j + 1) * nx + i];
      if (!Number.isFinite(v00) || !Number.isFinite(v10) || !Number.isFinite(v11) || !Number.isFinite(v01)) continue;
      const c = (v00 >= level ? 1 : 0) | (v10 >= level ? 2 : 0) | (v11 >= level ? 4 : 0) | (v01 >= level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const bottom = hEdge(i, j),
        top = hEdge(i, j + 1),
        left = vEdge(i, j),
        right = vEdge(i + 1, j);
      if (c === 5 || c === 10) {
        // Saddle: the cell centre decides which corners are joined.
        const centerAbove = (v00 + v10 + v11 + v01) / 4 >= level;
        if ((c === 5) === centerAbove) {
          link(bottom, right);
          link(top, left);
        } else {
          link(left, bottom);
          link(right, top);
        }
        continue;
      }
      const crossed: number[] = [];
      if ((c & 1) !== (c & 2) >> 1) crossed.push(bottom);
      if ((c & 2) >> 1 !== (c & 4) >> 2) crossed.push(right);
      if ((c & 4) >> 2 !== (c & 8) >> 3) crossed.push(top);
      if ((c & 8) >> 3 !== (c & 1)) crossed.push(left);
      link(crossed[0], crossed[1]);
    }
  }

  // Walk the chains: open ones from their ends first, then the closed loops.
  const used = new Set<number>();
  const lines: number[][][] = [];
  const walk = (start: number) => {
    const line: number[][] = [[...(points.get(start) as [number, number])]];
    used.add(start);
    let previous = -1;
    let current = start;
    for (;;) {
      const next = (links.get(current) as number[]).find((e) => e !== previous && (!used.has(e) || (e === start && line.length > 2)));
      if (next === undefined) break;
      line.push([...(points.get(next) as [number, number])]);
      if (next === start) break;
      used.add(next);
      previous = current;
      current = next;
    }
    lines.push(line);
  };
  for (const [edge, neighbors] of links) if (neighbors.length === 1 && !used.has(edge)) walk(edge);
  for (const edge of links.keys()) if (!used.has(edge)) walk(edge);
  return lines;
}
