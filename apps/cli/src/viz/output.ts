import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io.js';

export type PictureFormat = 'svg' | 'png';

/**
 * The picture format a file name asks for, checked before any work is done, so
 * a typo in `-o` fails at once rather than after a minute of computing.
 */
export function pictureFormat(path: string, allowed: readonly PictureFormat[]): PictureFormat {
  const extension = extname(path).toLowerCase();
  const format = extension.slice(1) as PictureFormat;
  if (!allowed.includes(format)) {
    const names = allowed.map((f) => `.${f}`).join(' or ');
    throw new UsageError(`${path}: expected a ${names} file name, found ${extension === '' ? 'no extension' : `"${extension}"`}`);
  }
  return format;
}

/** Write a picture whole or not at all, and say where it went. */
export async function writePicture(path: string, content: string | Uint8Array, line: (text: string) => void): Promise<void> {
  await writeFileAtomic(path, content);
  line(`wrote ${path}`);
}
