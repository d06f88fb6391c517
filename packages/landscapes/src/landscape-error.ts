import { DownhillError } from './errors.js';
/** What went wrong, for callers that branch on it (the CLI, the web page). */
export type LandscapeErrorKind =
  | 'parse' // the text is not a formula mathjs can read
  | 'not-a-function' // it reads, but is not a number-valued expression (matrix, assignment, ...)
  | 'no-variable'
  | 'unknown-variable'
  | 'too-many-variables'
  | 'unknown-function'
  | 'no-derivative'
  | 'not-real' // not a real number at the point asked for
  | 'unknown-surface'
  | 'bad-argument';

/** Bad input to a landscape: the message says what was expected and what was found, on one line. */
export class LandscapeError extends DownhillError {
  override readonly code = 'LANDSCAPE';
  override readonly name = 'LandscapeError';
  /** What went wrong, for callers that branch on it (finer than `code`, which is `'LANDSCAPE'` for all). */
  readonly kind: LandscapeErrorKind;

  constructor(kind: LandscapeErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
