// Shared checks for SVG output: well-formed XML, element counts, visible text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** Assert the string is one well-formed `<svg>` document and return it parsed. */
export function expectValidSvg(svg: string): Record<string, unknown> {
  expect(XMLValidator.validate(svg)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual(['svg']);
  return parsed;
}

/** How many `<tag` elements the SVG holds. */
export function countElements(svg: string, tag: string): number {
  return svg.match(new RegExp(`<${tag}[\\s/>]`, 'g'))?.length ?? 0;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The unescaped contents of every `<text>` element, in document order. */
export function textContents(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]));
}

/** Values of one attribute on every element of a tag. */
export function attributeValues(svg: string, tag: string, attribute: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\s[^>]*>`, 'g'))) {
    const a = m[0].match(new RegExp(`\\s${attribute}="([^"]*)"`));
    if (a) out.push(a[1]);
  }
  return out;
}

/** How many positions two byte arrays differ at (a loop: toEqual on big typed arrays is slow). */
export function byteMismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}
