import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';

/** Options of `asciiChart`. */
export type AsciiChartOptions = {
  /** Rows of the plot. Default 8. */
  height?: number;
  /** Columns of the plot; longer series are averaged down to this. Default 60. */
  width?: number;
  /** A title line above the chart. */
  label?: string;
  /** 'unicode' (default) draws with box-drawing characters; 'ascii' with - | / \ only. */
  charset?: 'unicode' | 'ascii';
};

const UNICODE = { flat: '─', upFromLeft: '╯', upToRight: '╭', downFromLeft: '╮', downToRight: '╰', vertical: '│', axis: '┤' };
const ASCII = { flat: '-', upFromLeft: '/', upToRight: '/', downFromLeft: '\\', downToRight: '\\', vertical: '|', axis: '|' };

/**
 * A multi-line line chart of a series for the terminal, with y-axis labels:
 * exactly `height` lines (plus one title line when `label` is given), each
 * `label ┤ plot`. Non-finite values leave a gap.
 */
export function asciiChart(values: ArrayLike<number>, options: AsciiChartOptions = {}): string {
  const height = options.height ?? 8;
  const width = options.width ?? 60;
  if (!Number.isInteger(height) || height < 2) throw new VizInputError('asciiChart', 'height as an integer ≥ 2', describeValue(height));
  if (!Number.isInteger(width) || width < 2) throw new VizInputError('asciiChart', 'width as an integer ≥ 2', describeValue(width));
  if (!values || typeof values.length !== 'number') throw new VizInputError('asciiChart', 'values as an array of numbers', describeValue(values));
  const chars = options.charset === 'ascii' ? ASCII : UNICODE;
  const series = resample(values, width);

  let min = Infinity,
    max = -Infinity;
  for (const v of series) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) {
    min = 0;
    max = 1;
  } else if (min === max) {
    // A flat series: a ±10 % band with the value exactly on a row.
    const v = min;
    const s = (Math.abs(v) * 0.2 || 2) / (height - 1);
    min = v - Math.floor((height - 1) / 2) * s;
    max = min + (height - 1) * s;
  }
  const step = (max - min) / (height - 1);
  // Row 0 is the bottom; each row stands for min + row·step.
  const rowOf = (v: number) => Math.round((v - min) / step);

  const grid: string[][] = Array.from({ length: height }, () => Array<string>(series.length).fill(' '));
  let previous = Number.NaN;
  series.forEach((v, x) => {
    if (!Number.isFinite(v)) {
      previous = Number.NaN;
      return;
    }
    const r = rowOf(v);
    if (Number.isNaN(previous) || previous === r) {
      grid[r][x] = chars.flat;
    } else if (r > previous) {
      grid[previous][x] = chars.upFromLeft;
      grid[r][x] = chars.upToRight;
      for (let y = previous + 1; y < r; y++) grid[y][x] = chars.vertical;
    } else {
      grid[previous][x] = chars.downFromLeft;
      grid[r][x] = chars.downToRight;
      for (let y = r + 1; y < previous; y++) grid[y][x] = chars.vertical;
    }
    previous = r;
  });

  // Enough digits that neighbouring row labels differ.
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  const digits = Math.min(8, Math.max(3, Math.ceil(Math.log10(magnitude / step)) + 1));
  const labels = Array.from({ length: height }, (_, row) => formatNumber(min + row * step, digits));
  const labelWidth = Math.max(...labels.map((s) => s.length));
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    lines.push(`${labels[row].padStart(labelWidth)} ${chars.axis}${grid[row].join('').trimEnd()}`);
  }
  if (options.label !== undefined) lines.unshift(options.label);
  return lines.join('\n');
}

/** The series averaged down to at most `width` columns (non-finite values ignored; an all-bad bucket stays NaN). */
function resample(values: ArrayLike<number>, width: number): number[] {
  const n = values.length;
  if (n <= width) return Array.from(values);
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const start = Math.floor((c * n) / width);
    const end = Math.floor(((c + 1) * n) / width);
    let sum = 0,
      count = 0;
    for (let i = start; i < end; i++) {
      if (Number.isFinite(values[i])) {
        sum += values[i];
        count++;
      }
    }
    out.push(count > 0 ? sum / count : Number.NaN);
  }
  return out;
}
