// The base class of every error downhill's packages throw. Each package has
// this same file (a test checks each copy against @downhill/linalg's), so that
// none depends on another for it and each package's source stands alone; a
// brand registered once per realm keeps `error instanceof DownhillError` true
// whichever package's copy of the class the check names.

const brand = Symbol.for('@downhill/error');

/**
 * The base class of every error a downhill package throws: bad input, a run
 * that diverged, a file that is not what it claims. Every one has a stable
 * `code` to branch on (messages say what was expected and what was found, and
 * their wording may change); `name` is the class's name.
 *
 * `error instanceof DownhillError` holds for an error from any downhill
 * package, whichever package you import `DownhillError` from (each exports
 * its own copy of the class, and they all agree).
 *
 * @example
 * ```ts
 * import { DownhillError, readIdx } from '@downhill/datasets';
 * try {
 *   readIdx(bytes, 'train-images');
 * } catch (error) {
 *   if (error instanceof DownhillError && error.code === 'IDX_FORMAT') console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export abstract class DownhillError extends Error {
  /**
   * What kind of error this is, in capitals: `'IDX_FORMAT'`, `'SHAPE_MISMATCH'`,
   * `'DIVERGENCE'`, …, one per class. Codes never change once released (a new
   * kind of error gets a new code), so branch on the code rather than on the
   * message or the class's name, which a minifier may rename.
   */
  abstract readonly code: string;

  /** The class's name (`'IdxFormatError'`), as `Error` has it; `code` is what to branch on. */
  abstract override readonly name: string;

  /**
   * `value instanceof DownhillError`: true for the errors of every downhill
   * package, each of which has its own copy of this class. Subclasses test
   * their own prototype as usual.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, a subclass as often as not
    if (this !== DownhillError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
  }
}

Object.defineProperty(DownhillError.prototype, brand, { value: true });
