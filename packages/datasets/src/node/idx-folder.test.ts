import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, IdxFormatError } from '../errors.js';
import { encodeIdx } from '../idx.js';
import { type LabeledImages, subset } from '../labeled-images.js';
import { loadIdxFolder, readIdxFile } from './idx-folder.js';
import { loadMnist } from './mnist.js';

function imagesIdx(set: LabeledImages): Uint8Array {
  return encodeIdx({ dtype: 'uint8', shape: [set.count, set.rows, set.cols], data: set.pixels });
}

function labelsIdx(set: LabeledImages): Uint8Array {
  return encodeIdx({ dtype: 'uint8', shape: [set.count], data: set.labels });
}

describe('loadIdxFolder', () => {
  let root: string, train: LabeledImages, test: LabeledImages;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'downhill-datasets-'));
    const mnist = await loadMnist();
    train = subset(mnist.train, 200, 100);
    test = subset(mnist.test, 50);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function folder(name: string, files: Record<string, Uint8Array>): Promise<string> {
    const dir = join(root, name);
    await mkdir(dir);
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
    return dir;
  }

  it('reads gzipped and plain files under either naming', async () => {
    const dir = await folder('mixed', {
      'train-images-idx3-ubyte.gz': gzipSync(imagesIdx(train)),
      'train-labels.idx1-ubyte.gz': gzipSync(labelsIdx(train)),
      't10k-images.idx3-ubyte': imagesIdx(test),
      't10k-labels-idx1-ubyte.gz': gzipSync(labelsIdx(test)),
    });
    const loaded = await loadIdxFolder(dir);
    for (const [got, want] of [
      [loaded.train, train],
      [loaded.test, test],
    ] as const) {
      expect([got.count, got.rows, got.cols, got.classes]).toEqual([want.count, 28, 28, 10]);
      expect(Buffer.from(got.pixels).equals(Buffer.from(want.pixels))).toBe(true);
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(Object.getPrototypeOf(got.pixels)).toBe(Uint8Array.prototype);
    }
  });

  it('lists the names it looked for when a file is missing', async () => {
    const dir = await folder('missing', {
      'train-images-idx3-ubyte': imagesIdx(train),
      'train-labels-idx1-ubyte': labelsIdx(train),
      't10k-images-idx3-ubyte': imagesIdx(test),
    });
    const error = await loadIdxFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(
      `${dir}: expected one of the files t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, ` +
        't10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz, found none of them',
    );
  });

  it('names the file whose contents are bad', async () => {
    const truncated = labelsIdx(test).subarray(0, 30);
    const dir = await folder('bad', {
      'train-images-idx3-ubyte': imagesIdx(train),
      'train-labels-idx1-ubyte': labelsIdx(train),
      't10k-images-idx3-ubyte': imagesIdx(test),
      't10k-labels-idx1-ubyte': truncated,
    });
    const error = await loadIdxFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdxFormatError);
    expect((error as Error).message).toBe(`${join(dir, 't10k-labels-idx1-ubyte')}: expected 50 data bytes for 50 uint8, found 22 (truncated file)`);
  });

  it('names both files when images and labels disagree, and takes a class count', async () => {
    const labels = Uint8Array.from(test.labels);
    labels[3] = 11;
    const dir = await folder('classes', {
      'train-images-idx3-ubyte': imagesIdx(train),
      'train-labels-idx1-ubyte': labelsIdx(train),
      't10k-images-idx3-ubyte': imagesIdx(test),
      't10k-labels-idx1-ubyte': labelsIdx({ ...test, labels }),
    });
    await expect(loadIdxFolder(dir)).rejects.toThrow(
      `${join(dir, 't10k-images-idx3-ubyte')} with ${join(dir, 't10k-labels-idx1-ubyte')}: expected labels below 10 (the class count), found label 11 at index 3`,
    );
    const loaded = await loadIdxFolder(dir, { classes: 12 });
    expect(loaded.test.classes).toBe(12);
    expect(loaded.test.labels[3]).toBe(11);
  });
});

describe('readIdxFile', () => {
  it('reads one file and names it in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'downhill-idx-'));
    try {
      const path = join(dir, 'w.idx');
      await writeFile(path, encodeIdx({ dtype: 'float64', shape: [2], data: Float64Array.of(0.5, -3) }));
      expect(await readIdxFile(path)).toEqual({ dtype: 'float64', shape: [2], data: Float64Array.of(0.5, -3) });
      const bad = join(dir, 'bad.idx');
      await writeFile(bad, 'GIF89a');
      await expect(readIdxFile(bad)).rejects.toThrow(`${bad}: expected an IDX magic number`);
      await expect(readIdxFile(join(dir, 'nope.idx'))).rejects.toThrow(/nope\.idx/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
