// The few SVG-writing helpers every renderer shares. Strings are built
// directly (no DOM) so renderers run the same in Node and in the browser.

/** Characters XML 1.0 forbids outright; dropped rather than escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape text for XML content or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ENTITY[c]);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A coordinate rounded to 0.01 px: enough for any screen, and keeps the SVG small. */
export function px(value: number): string {
  // Renderers choke on astronomically large coordinates from diverging runs; 1e6 px is off any canvas.
  const clamped = Math.min(1e6, Math.max(-1e6, value));
  const rounded = Math.round(clamped * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type Attributes = Record<string, string | number | undefined | false>;

/** An SVG element as a string. Number attributes are rounded like coordinates; undefined/false ones are left out. */
export function el(name: string, attributes: Attributes, children?: string | readonly string[]): string {
  let out = `<${name}`;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined || value === false) continue;
    out += ` ${key}="${typeof value === 'number' ? px(value) : escapeXml(value)}"`;
  }
  if (children === undefined) return `${out}/>`;
  const inner = typeof children === 'string' ? children : children.join('');
  return `${out}>${inner}</${name}>`;
}

/** A `<text>` element whose content is escaped. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return el('text', { x, y, ...attributes }, escapeXml(content));
}

/** Path data for a polyline through points, breaking the line wherever a point is not finite. */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x)} ${px(y)}`;
    pen = true;
  }
  return d;
}

/**
 * An id for `clipPath`s and gradients that is stable for the same chart (so
 * output is deterministic) yet unlikely to clash when several charts share a page.
 */
export function stableId(prefix: string, content: string): string {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < content.length; i++) {
    h ^= content.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${prefix}-${(h >>> 0).toString(36)}`;
}
