import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { el, escapeXml, polylinePath, px, stableId, text } from './xml.js';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('makes any string safe as element text and as an attribute, keeping what XML allows', () => {
    // Any UTF-16 code unit (lone surrogates included), weighted towards the troublesome ones.
    const unit = fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", '\u0000', '\u0007', '\t', '\n', '\ud800', '\udc00', '😀', 'é', '\ufffe'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
        const doc = `<svg a="${escapeXml(s)}"><text>${escapeXml(s)}</text></svg>`;
        if (XMLValidator.validate(doc) !== true) return false;
        // Only characters XML forbids are dropped.
        const kept = escapeXml(s).replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] as string);
        return [...kept].every((c) => s.includes(c));
      }),
    );
  });

  it('drops control characters and lone surrogates that XML 1.0 forbids', () => {
    expect(escapeXml('a\u0000b\u0007c\ud800d')).toBe('abcd');
    expect(escapeXml('tab\tnewline\n😀')).toBe('tab\tnewline\n😀');
  });
});

describe('el and text', () => {
  it('rounds numeric attributes, leaves out undefined ones and escapes strings', () => {
    expect(el('rect', { x: 1.23456, y: undefined, fill: 'a"b', hidden: false })).toBe('<rect x="1.23" fill="a&quot;b"/>');
    const t = text(0, 10, '5 < 6 & 7');
    expect(new XMLParser().parse(t).text).toBe('5 < 6 & 7');
  });

  it('clamps absurd coordinates so renderers do not choke', () => {
    expect(px(1e300)).toBe('1000000');
    expect(px(-1e300)).toBe('-1000000');
    expect(px(-0.001)).toBe('0');
  });
});

describe('polylinePath', () => {
  it('starts a new subpath after every non-finite point', () => {
    const d = polylinePath([0, 1, Number.NaN, 3, 4], [0, 1, 2, Number.POSITIVE_INFINITY, 4]);
    expect(d).toBe('M0 0L1 1M4 4');
  });
});

describe('stableId', () => {
  it('is the same for the same content and differs for different content', () => {
    expect(stableId('c', 'abc')).toBe(stableId('c', 'abc'));
    expect(stableId('c', 'abc')).not.toBe(stableId('c', 'abd'));
    expect(stableId('clip', 'x')).toMatch(/^clip-[0-9a-z]+$/);
  });
});
