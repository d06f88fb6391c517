import { DownhillError } from '@downhill/linalg';

/** A problem with what the user asked for: printed as one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a file-system error code means, in words. */
export const fileErrorReasons: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links',
};

// Errors the libraries throw (every one a DownhillError, with a stable `code`)
// say what was expected and what was found, so the CLI prints them as they
// are; so are its own UsageErrors and the RangeErrors of bad numbers.
function isExpected(error: Error): boolean {
  if (error instanceof DownhillError || error instanceof UsageError || error.name === 'RangeError') return true;
  return error.name.endsWith('Error') && error.name !== 'Error' && error.name !== 'TypeError';
}

/** The one line to print for an error, and whether it was the user's input (vs a bug). */
export function describeError(error: unknown): { message: string; expected: boolean } {
  if (error instanceof Error) {
    const fsError = error as NodeJS.ErrnoException;
    // A system call's error (it has a syscall): name the path and the reason in words.
    if (fsError.syscall && fsError.code && fsError.path) {
      if (fsError.code === 'ENOENT') return { message: `${fsError.path}: no such file`, expected: true };
      if (fsError.code === 'EISDIR') return { message: `${fsError.path}: is a folder, expected a file`, expected: true };
      const reason = fileErrorReasons[fsError.code];
      if (reason) return { message: `${fsError.path}: ${reason}`, expected: true };
    }
    const oneLine = error.message.split('\n')[0]!;
    return { message: oneLine, expected: isExpected(error) };
  }
  return { message: String(error), expected: false };
}
