import { textWidth, theme } from './theme.js';
import { el, text } from './xml.js';

export type LegendItem = {
  name: string;
  color: string;
  /** 'line' for a series, 'swatch' for a filled area. */
  kind?: 'line' | 'swatch';
  dashed?: boolean;
};

const ROW = 20;
const KEY = 22;

/** Width a vertical legend of these items needs. */
export function legendWidth(items: readonly LegendItem[]): number {
  if (items.length === 0) return 0;
  return KEY + 8 + items.reduce((m, item) => Math.max(m, textWidth(item.name)), 0) + 16;
}

/** A vertical legend with its top-left corner at (x, y). */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  if (items.length === 0) return '';
  const rows = items.map((item, i) => {
    const cy = y + 10 + i * ROW;
    const key =
      item.kind === 'swatch'
        ? el('rect', { x: x + 8, y: cy - 6, width: 14, height: 12, rx: 2, fill: item.color })
        : el('path', {
            d: `M${x + 4} ${cy}h${KEY - 4}`,
            stroke: item.color,
            'stroke-width': 2.5,
            'stroke-linecap': 'round',
            'stroke-dasharray': item.dashed ? '5 3' : undefined,
          });
    return key + text(x + KEY + 8, cy + 4, item.name, { fill: theme.text });
  });
  return el('g', { class: 'legend' }, rows);
}

/** Height of a vertical legend of n items. */
export function legendHeight(n: number): number {
  return n * ROW;
}
