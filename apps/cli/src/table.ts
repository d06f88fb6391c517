/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths: number[] = [];
  for (const r of cells) {
    r.forEach((c, j) => {
      widths[j] = Math.max(widths[j] ?? 0, c.length);
    });
  }
  return cells
    .map((r) =>
      r
        .map((c, j) => (/^[-+]?[\d.,]+%?$/.test(c) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
