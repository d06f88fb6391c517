import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DownhillError } from '../packages/linalg/src/downhill-error.js';

/**
 * Checks a package's errors against the codes it promises: every error class
 * the entry point exports extends DownhillError and appears in `expected`,
 * with the code given there (codes are a contract: changing one fails this).
 * `expected` maps each class's name to its code and a way to make one.
 * `base` is the package's copy of the DownhillError class and `copy` its file,
 * which must be the same as @downhill/linalg's (each package has one, so that
 * none depends on another for it).
 */
export function errorCodesTest(
  api: Record<string, unknown>,
  expected: Record<string, [code: string, make: () => DownhillError]>,
  { base, copy }: { base: typeof DownhillError; copy?: URL },
): void {
  const classes = Object.entries(api).filter(
    ([, value]) => typeof value === 'function' && value !== base && Object.prototype.isPrototypeOf.call(base.prototype, value.prototype),
  );
  describe('errors', () => {
    it('every error class exported has its code listed', () => {
      expect(classes.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
    });
    it.each(Object.entries(expected))('%s has its stable code, its name, and is a DownhillError', (name, [code, make]) => {
      const error = make();
      expect(error.code).toBe(code);
      expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(base);
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(api[name] as typeof Error);
      expect(error.message.length).toBeGreaterThan(0);
    });
    it("is the same class as every other package's: the same file, and instanceof holds across the copies", () => {
      if (copy) {
        expect(api.DownhillError).toBe(base);
        const canonical = new URL('../packages/linalg/src/downhill-error.ts', import.meta.url);
        expect(readFileSync(copy, 'utf8'), `${copy.pathname} differs from packages/linalg/src/downhill-error.ts: copy that file over it`).toBe(
          readFileSync(canonical, 'utf8'),
        );
      }
      for (const [, [, make]] of Object.entries(expected)) {
        expect(make()).toBeInstanceOf(DownhillError);
        expect(make()).toBeInstanceOf(base);
      }
      class OtherCopy extends Error {}
      Object.defineProperty(OtherCopy.prototype, Symbol.for('@downhill/error'), { value: true });
      expect(new OtherCopy()).toBeInstanceOf(base);
      expect(new Error('plain')).not.toBeInstanceOf(base);
      expect((null as unknown) instanceof base).toBe(false);
    });
  });
}
