/** A problem with what the user asked for: printed as one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

// Errors the libraries throw on bad input: their messages already say what was
// expected and what was found, so the CLI prints them as they are.
const userFacing = new Set([
  'UsageError',
  'IdxFormatError',
  'SafetensorsFormatError',
  'ModelFormatError',
  'ShapeMismatchError',
  'DivergenceError',
  'UnknownOptimizerError',
  'NonFiniteGradientError',
  'LandscapeError',
  'RangeError',
]);

/** The one line to print for an error, and whether it was the user's input (vs a bug). */
export function describeError(error: unknown): { message: string; expected: boolean } {
  if (error instanceof Error) {
    const fsError = error as NodeJS.ErrnoException;
    if (fsError.code === 'ENOENT' && fsError.path) return { message: `${fsError.path}: no such file`, expected: true };
    if (fsError.code === 'EISDIR' && fsError.path) return { message: `${fsError.path}: is a folder, expected a file`, expected: true };
    if (fsError.code === 'EACCES' && fsError.path) return { message: `${fsError.path}: permission denied`, expected: true };
    const oneLine = error.message.split('\n')[0]!;
    return { message: oneLine, expected: userFacing.has(error.name) || error.name.endsWith('Error') && error.name !== 'Error' && error.name !== 'TypeError' };
  }
  return { message: String(error), expected: false };
}
