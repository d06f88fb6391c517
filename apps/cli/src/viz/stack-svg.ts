// Belongs in @downhill/viz: several charts as one figure, one above the other.
import { escapeXml } from '@downhill/viz';

const ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?<svg\b([^>]*)>/;

function size(svg: string): { width: number; height: number } {
  const attributes = ROOT.exec(svg)?.[1] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(attributes)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(attributes)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('stackSvgs: expected SVG documents with a width and height on the root element');
  return { width, height };
}

/**
 * Stack standalone SVG documents vertically in one document: each is nested
 * as an `<svg>` element at its offset (nesting keeps their own viewBoxes, ids
 * and styles intact).
 */
export function stackSvgs(svgs: readonly string[], title: string): string {
  let y = 0, width = 0;
  const parts: string[] = [];
  for (const svg of svgs) {
    const s = size(svg);
    parts.push(svg.replace(ROOT, (_, attributes: string) => `<svg x="0" y="${y}"${attributes}>`));
    y += s.height;
    width = Math.max(width, s.width);
  }
  const escaped = escapeXml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" role="img" aria-label="${escaped}">` +
    `<title>${escaped}</title>${parts.join('')}</svg>`
  );
}
