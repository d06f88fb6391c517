import { svgDocument } from './chart-frame.js';
import { blues, rgbToHex } from './colormaps.js';
import { VizInputError, describeValue } from './errors.js';
import { formatNumber, formatPercent } from './format.js';
import { textWidth, theme } from './theme.js';
import { el, text } from './xml.js';

/** Options of `confusionMatrix`. */
export type ConfusionMatrixOptions = {
  /** counts[true][predicted]. */
  matrix: readonly (readonly number[])[];
  /** Class names; default "0", "1", …. */
  labels?: readonly string[];
  /** The chart's title. */
  title?: string;
};

/**
 * A confusion matrix as a heat map: rows are the true class, columns the
 * predicted class, each cell shows its count and is shaded by the share of its
 * row (so rare and common classes read alike). The right column gives each
 * row's accuracy (recall); the footer the overall accuracy.
 */
export function confusionMatrix(options: ConfusionMatrixOptions): string {
  const { matrix } = options;
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new VizInputError('confusionMatrix', 'a non-empty square array of counts [true][predicted]', describeValue(matrix));
  }
  const n = matrix.length;
  matrix.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new VizInputError('confusionMatrix', `row ${i} with ${n} counts (a square matrix)`, describeValue(row));
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) throw new VizInputError('confusionMatrix', `a non-negative finite count at [${i}][${j}]`, describeValue(v));
    });
  });
  const labels = options.labels ?? Array.from({ length: n }, (_, i) => String(i));
  if (labels.length !== n) throw new VizInputError('confusionMatrix', `${n} labels`, `${labels.length}`);
  const title = options.title ?? 'Confusion matrix';

  const rowTotals = matrix.map((row) => row.reduce((a: number, b: number) => a + b, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  let correct = 0;
  for (let i = 0; i < n; i++) correct += matrix[i][i];

  const width = 800;
  const labelWidth = labels.reduce((m, s) => Math.max(m, textWidth(s)), 0);
  const cell = Math.max(22, Math.min(52, Math.floor(520 / n)));
  const gridSize = cell * n;
  const top = 48 + 44; // title, then "predicted" and column labels
  const accuracyWidth = 70;
  const left = Math.max(24 + theme.labelSize + 14 + labelWidth + 10, (width - gridSize - accuracyWidth) / 2);
  const height = top + gridSize + 56;
  const fontSize = cell < 30 ? 10 : theme.fontSize;
  const parts: string[] = [
    text(width / 2, 28, title, { 'text-anchor': 'middle', 'font-size': theme.titleSize, 'font-weight': 600, fill: theme.title }),
    text(left + gridSize / 2, top - 30, 'predicted', { 'text-anchor': 'middle', 'font-size': theme.labelSize, fill: theme.title }),
  ];
  const yTitleX = left - labelWidth - 26;
  const yTitleY = top + gridSize / 2;
  parts.push(
    text(yTitleX, yTitleY, 'true', {
      'text-anchor': 'middle',
      'dominant-baseline': 'central',
      transform: `rotate(-90 ${yTitleX} ${yTitleY})`,
      'font-size': theme.labelSize,
      fill: theme.title,
    }),
  );
  for (let j = 0; j < n; j++) parts.push(text(left + (j + 0.5) * cell, top - 8, labels[j], { 'text-anchor': 'middle' }));
  parts.push(text(left + gridSize + accuracyWidth / 2 + 6, top - 8, 'accuracy', { 'text-anchor': 'middle', fill: theme.mutedText }));

  // Mistakes are a few percent of a row at most; shading them on the same scale
  // as the diagonal would hide them, so they get a warm scale of their own.
  let worstConfusion = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j && rowTotals[i] > 0) worstConfusion = Math.max(worstConfusion, matrix[i][j] / rowTotals[i]);
  }

  for (let i = 0; i < n; i++) {
    const y = top + i * cell;
    parts.push(text(left - 8, y + cell / 2 + 4, labels[i], { 'text-anchor': 'end' }));
    for (let j = 0; j < n; j++) {
      const count = matrix[i][j];
      const share = rowTotals[i] > 0 ? count / rowTotals[i] : 0;
      const x = left + j * cell;
      parts.push(
        el('rect', {
          x,
          y,
          width: cell,
          height: cell,
          fill: i === j ? rgbToHex(blues(share)) : mistakeColor(worstConfusion > 0 ? share / worstConfusion : 0),
          stroke: '#ffffff',
          'stroke-width': 1,
        }),
      );
      if (count !== 0 || i === j) {
        parts.push(
          text(x + cell / 2, y + cell / 2 + fontSize / 3, Number.isInteger(count) ? String(count) : formatNumber(count), {
            'text-anchor': 'middle',
            'font-size': fontSize,
            // Light text on dark cells keeps the count legible.
            fill: i === j && share > 0.55 ? '#ffffff' : theme.text,
            'font-weight': i === j ? 600 : undefined,
          }),
        );
      }
    }
    const recall = rowTotals[i] > 0 ? matrix[i][i] / rowTotals[i] : Number.NaN;
    parts.push(text(left + gridSize + accuracyWidth / 2 + 6, y + cell / 2 + 4, formatPercent(recall), { 'text-anchor': 'middle' }));
  }
  parts.push(el('rect', { x: left - 0.5, y: top - 0.5, width: gridSize + 1, height: gridSize + 1, fill: 'none', stroke: theme.axis }));
  const overall = total > 0 ? correct / total : Number.NaN;
  const countText = Number.isInteger(correct) && Number.isInteger(total) ? ` (${correct} of ${total})` : '';
  parts.push(
    text(
      width / 2,
      top + gridSize + 32,
      `overall accuracy ${formatPercent(overall)}${countText} · blue: share of the row right · orange: mistakes (darker = more)`,
      {
        'text-anchor': 'middle',
        fill: theme.mutedText,
      },
    ),
  );
  return svgDocument({ width, height, title, body: parts });
}

/** White to a soft orange-red for t in [0, 1]; light enough that dark text stays legible. */
function mistakeColor(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  return rgbToHex([255 + (240 - 255) * u, 255 + (128 - 255) * u, 255 + (96 - 255) * u]);
}
