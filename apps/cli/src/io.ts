import { existsSync, rmSync, statSync } from 'node:fs';
import { access, constants, mkdir, open, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatBytes } from '@downhill/train';
import { fileErrorReasons, UsageError } from './errors.js';

/**
 * A file that could not be written, named as the user named it (never the
 * temporary file beside it), with the reason in words.
 */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    super(`${path}: cannot write it: ${reason}`);
  }
}

const REASONS = fileErrorReasons;

/** The error to show for a failed write to `path`, whatever file the system call was on. */
export function writeError(path: string, error: unknown): Error {
  if (error instanceof FileWriteError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in REASONS) return new FileWriteError(path, code, REASONS[code]!);
  return error as Error;
}

// Temporary files this process has open, removed on every way out (see removeTemporaries).
const temporaries = new Set<string>();

/** The temporary file beside `path` that an atomic write goes through. */
const temporaryFor = (path: string): string => `${path}.${process.pid}.tmp`;

/** Remove the temporary files of writes still under way (on exit, or on a signal). Synchronous: it runs in 'exit' handlers. */
export function removeTemporaries(): void {
  for (const file of temporaries) rmSync(file, { force: true });
  temporaries.clear();
}

/**
 * Write files so that each is either wholly there or not there at all: write
 * every temporary file first, then rename each into place (atomic on one file
 * system). An error or a signal half-way leaves the old files, never a torn
 * one, and no temporary file. Files written together (a model and its run
 * log) are renamed one right after the other, once all the bytes are safely down.
 */
export async function writeFilesAtomic(files: readonly { path: string; data: Uint8Array | string }[]): Promise<void> {
  const written: string[] = [];
  let current = files[0]?.path ?? '';
  try {
    for (const { path, data } of files) {
      current = path;
      await mkdir(dirname(path), { recursive: true });
      const temporary = temporaryFor(path);
      temporaries.add(temporary);
      written.push(temporary);
      await writeFile(temporary, data);
    }
    for (const { path } of files) {
      current = path;
      await rename(temporaryFor(path), path);
      temporaries.delete(temporaryFor(path));
    }
  } catch (error) {
    for (const temporary of written) {
      await rm(temporary, { force: true });
      temporaries.delete(temporary);
    }
    throw writeError(current, error);
  }
}

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeFilesAtomic([{ path, data }]);
}

/** Whether process `pid` is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporary files left beside `path` by writes of processes that no
 * longer run: a `kill -9` during a save leaves `path.<pid>.tmp` behind, and no
 * process can clean up after its own SIGKILL. Returns the files removed.
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const dir = dirname(path),
    name = basename(path);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`) || !entry.endsWith('.tmp')) continue;
    const pid = entry.slice(name.length + 1, -'.tmp'.length);
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || alive(Number(pid))) continue;
    await rm(join(dir, entry), { force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}

/** The same file, whether or not it exists yet: the same inode if both exist, else the same absolute path. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a),
      y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Check, before any long work, that `path` can be written with about `bytes`
 * bytes: it is not a folder, the folder it goes in is a folder (or can be
 * made in one), a file can be created there, and the disk has room. Creates
 * nothing that stays: a refused run leaves the disk as it was.
 */
export async function checkWritable(path: string, bytes: number): Promise<void> {
  const fail = (code: string, reason = REASONS[code]!): never => {
    throw new FileWriteError(path, code, reason);
  };
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) fail('EISDIR');
  // The nearest folder that exists: the file's own, or the one its missing folders would be made in.
  let dir = dirname(resolve(path));
  for (;;) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : fail(error.code ?? 'EACCES')));
    if (found?.isDirectory()) break;
    if (found) fail('ENOTDIR');
    const parent = dirname(dir);
    if (parent === dir) fail('ENOENT', 'no folder of its path exists');
    dir = parent;
  }
  await access(dir, constants.W_OK | constants.X_OK).catch((error: NodeJS.ErrnoException) => fail(error.code === 'EROFS' ? 'EROFS' : 'EACCES'));
  // access() does not see a read-only mount everywhere: create a file to be sure.
  const probe = join(dir, `.${basename(path)}.${process.pid}.probe.tmp`);
  temporaries.add(probe);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    fail((error as NodeJS.ErrnoException).code ?? 'EACCES');
  } finally {
    rmSync(probe, { force: true });
    temporaries.delete(probe);
  }
  const space = await statfs(dir).catch(() => undefined);
  if (space !== undefined) {
    const free = Number(space.bavail) * Number(space.bsize);
    if (free < bytes) fail('ENOSPC', `it needs about ${formatBytes(bytes)}, the disk has ${formatBytes(free)} free`);
  }
}

/**
 * The bytes of the file at `path`: a regular file (not a folder, a pipe or
 * /dev/zero, which would never end) of at most `maxBytes`.
 */
export async function readBytes(path: string, maxBytes = 2 ** 31): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UsageError(`${path}: is a folder, expected a file`);
    if (!info.isFile()) throw new UsageError(`${path}: expected a regular file, found a device, pipe or socket`);
    if (info.size > maxBytes) throw new UsageError(`${path}: expected at most ${formatBytes(maxBytes)}, found ${formatBytes(info.size)}`);
    const bytes = new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Whether a file (not a folder) exists at `path`. */
export const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();
