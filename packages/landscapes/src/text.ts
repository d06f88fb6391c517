/**
 * Cost landscapes from formulas people type, parsed and differentiated
 * symbolically by mathjs (a subpath of its own because mathjs is large).
 *
 * @module @downhill/landscapes/text
 */
// `@downhill/landscapes/text`: cost landscapes from formulas people type, parsed
// and differentiated symbolically by mathjs. A subpath of its own because mathjs
// is large (about 90 MB of memory once loaded, 196 kB gzipped in a page): the
// built-in surfaces, the race and the verdicts in `@downhill/landscapes` do
// without it.
import { landscapeFromText } from './from-text.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';
import { getSurface, surfaces } from './surfaces.js';

export { landscapeFromText, type LandscapeFromTextOptions } from './from-text.js';

/**
 * A built-in by name (`rosenbrock`), or else the text parsed as a function (`x^2 + y^2`).
 * A bare word longer than one letter that is not a built-in is taken as a misspelt name, not as f(word) = word.
 */
export function getLandscape(nameOrText: string): Landscape {
  if (typeof nameOrText !== 'string') {
    throw new LandscapeError('bad-argument', `expected a surface name or a function as text, found ${typeof nameOrText}`);
  }
  const key = nameOrText.trim();
  const found = getSurface(key);
  if (found !== undefined) return found;
  if (/^[A-Za-z_][A-Za-z0-9_]+$/.test(key)) {
    throw new LandscapeError(
      'unknown-surface',
      `unknown surface ${JSON.stringify(key)}: expected one of ${[...surfaces.keys()].join(', ')}, or a function such as x^2 + 10 y^2`,
    );
  }
  return landscapeFromText(key);
}
