import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from '../errors.js';
import { type IdxTensor, type ReadIdxOptions, readIdx } from '../idx.js';
import { type LabeledImages, labeledImages } from '../labeled-images.js';

/** Read one IDX file, plain or gzipped; errors name `path`. */
export async function readIdxFile(path: string, options: ReadIdxOptions = {}): Promise<IdxTensor> {
  const buffer = await readFile(path);
  // A plain Uint8Array, so uint8 data comes back as a plain view (not a Buffer).
  return readIdx(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), path, options);
}

/** Options of `loadIdxFolder`. */
export interface IdxFolderOptions extends ReadIdxOptions {
  /** Number of classes (default 10, as in MNIST and Fashion-MNIST). */
  classes?: number;
}

/** The names a file goes by: `train-images-idx3-ubyte`, `train-images.idx3-ubyte`, each also with `.gz`. */
function candidates(stem: string, kind: string): string[] {
  const names = [`${stem}-${kind}`, `${stem}.${kind}`];
  return names.flatMap((name) => [name, `${name}.gz`]);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function findFile(dir: string, stem: string, kind: string): Promise<string> {
  const names = candidates(stem, kind);
  for (const name of names) {
    const path = join(dir, name);
    if (await exists(path)) return path;
  }
  throw new DatasetError(dir, `one of the files ${names.join(', ')}`, 'none of them');
}

async function loadPart(dir: string, stem: string, classes: number, options: ReadIdxOptions): Promise<LabeledImages> {
  const [imagesPath, labelsPath] = await Promise.all([findFile(dir, `${stem}-images`, 'idx3-ubyte'), findFile(dir, `${stem}-labels`, 'idx1-ubyte')]);
  const [images, labels] = await Promise.all([readIdxFile(imagesPath, options), readIdxFile(labelsPath, options)]);
  return labeledImages(images, labels, `${imagesPath} with ${labelsPath}`, classes);
}

/**
 * Load a folder of IDX files named as MNIST's are (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`,
 * each plain or `.gz`, with `-` or `.` before `idx`): MNIST, Fashion-MNIST,
 * Kuzushiji-MNIST and other sets in that form.
 */
export async function loadIdxFolder(dir: string, options: IdxFolderOptions = {}): Promise<{ train: LabeledImages; test: LabeledImages }> {
  const { classes = 10, ...read } = options;
  const [train, test] = await Promise.all([loadPart(dir, 'train', classes, read), loadPart(dir, 't10k', classes, read)]);
  return { train, test };
}
