import { svgDocument } from './chart-frame.js';
import { VizInputError, describeValue } from './errors.js';

/** The root `<svg …>` start tag of a document, after an optional XML declaration. */
const ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?<svg\b([^>]*)>/;

function size(svg: unknown, index: number): { width: number; height: number } {
  const attributes = typeof svg === 'string' ? (ROOT.exec(svg)?.[1] ?? '') : '';
  const width = Number(/\swidth="([\d.]+)"/.exec(attributes)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(attributes)?.[1]);
  if (!(width > 0 && height > 0)) {
    throw new VizInputError('stackSvgs', `SVG document ${index} to open with an <svg> root that has a width and a height in px`, describeValue(svg));
  }
  return { width, height };
}

/**
 * Several standalone SVG documents as one figure, one above the other, as wide
 * as the widest: e.g. a cost chart over an accuracy chart. Each is nested as an
 * `<svg>` element at its offset, which keeps its own viewBox and styles.
 */
export function stackSvgs(svgs: readonly string[], title: string): string {
  if (!Array.isArray(svgs) || svgs.length === 0) throw new VizInputError('stackSvgs', 'at least one SVG document', describeValue(svgs));
  let y = 0,
    width = 0;
  const parts: string[] = [];
  svgs.forEach((svg, i) => {
    const s = size(svg, i);
    parts.push(svg.replace(ROOT, (_: string, attributes: string) => `<svg x="0" y="${y}"${attributes}>`));
    y += s.height;
    width = Math.max(width, s.width);
  });
  return svgDocument({ width, height: y, title, body: parts });
}
