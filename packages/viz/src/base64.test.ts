import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from './base64.js';

describe('toBase64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const enc = (s: string) => toBase64(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg==');
    expect(enc('fo')).toBe('Zm8=');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foobar')).toBe('Zm9vYmFy');
  });

  it("agrees with Node's encoder on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (bytes) => toBase64(bytes) === Buffer.from(bytes).toString('base64')),
      { numRuns: 60 },
    );
  });
});
