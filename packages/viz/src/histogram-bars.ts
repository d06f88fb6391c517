import { VizInputError, describeValue } from './errors.js';
import { formatNumber } from './format.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A text histogram, one line per bin: `label │██████▌ count`, the longest bar
 * `width` characters, drawn to an eighth of a character.
 */
export function histogramBars(counts: ArrayLike<number>, labels: readonly string[], options: { width?: number } = {}): string {
  const width = options.width ?? 40;
  if (!counts || typeof counts.length !== 'number') throw new VizInputError('histogramBars', 'counts as an array of numbers', describeValue(counts));
  if (!Array.isArray(labels) || labels.length !== counts.length) {
    throw new VizInputError('histogramBars', `one label per count (${counts.length})`, describeValue(labels));
  }
  if (!Number.isInteger(width) || width < 1) throw new VizInputError('histogramBars', 'width as a positive integer', describeValue(width));
  let max = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isFinite(c) || c < 0) throw new VizInputError('histogramBars', `a non-negative finite count at ${i}`, describeValue(c));
    if (c > max) max = c;
  }
  const labelWidth = labels.reduce((m, s) => Math.max(m, s.length), 0);
  const lines: string[] = [];
  for (let i = 0; i < counts.length; i++) {
    const eighths = max > 0 ? Math.round((counts[i] / max) * width * 8) : 0;
    const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
    const count = Number.isInteger(counts[i]) ? String(counts[i]) : formatNumber(counts[i]);
    lines.push(`${labels[i].padEnd(labelWidth)} │${bar} ${count}`);
  }
  return lines.join('\n');
}
