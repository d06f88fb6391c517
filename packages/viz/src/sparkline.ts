const LEVELS = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of a series for the terminal: ▁▂▃▄▅▆▇█ from its smallest to
 * its largest value. Non-finite values show as a space; a constant series as ▄.
 */
export function sparkline(values: ArrayLike<number>): string {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) out += ' ';
    else if (max === min) out += LEVELS[3];
    else out += LEVELS[Math.round(((v - min) / (max - min)) * (LEVELS.length - 1))];
  }
  return out;
}
