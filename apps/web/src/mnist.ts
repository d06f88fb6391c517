// The real MNIST, in the worker: the gzipped shards a run needs (see
// shards.ts), each fetched once, kept in the browser's cache across visits
// (the Cache API, where the page is a secure context), and read by our own
// IDX reader and gunzip. Shards already read stay in memory, so a second run
// on more digits fetches only what it lacks.
import { type IdxTensor, type LabeledImages, labeledImages, readIdx } from '@downhill/datasets';
import { type DataNeed, filesFor, type MnistShards, SHARD_CACHE, type Shard, type ShardFile, shardsFor } from './shards.js';

export interface Mnist {
  readonly train: LabeledImages;
  readonly test: LabeledImages;
}

/** Bytes so far of the files being fetched, their total, and how much of it came from the browser's cache. */
export type LoadProgress = (progress: { loaded: number; total: number; cached: number }) => void;

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(SHARD_CACHE);
  } catch {
    return undefined; // no cache here (an insecure context, a private window): fetch every time
  }
}

export class MnistShardStore {
  private readonly read = new Map<string, Promise<IdxTensor>>();
  private cache: Promise<Cache | undefined> | undefined;
  private tidied = false;

  /** `base`: the absolute URL of the folder the shards are in. */
  constructor(
    private readonly manifest: MnistShards,
    private readonly base: string,
  ) {}

  /** The first `need.train` training and `need.test` test images (0 for none). */
  async load(need: DataNeed, onProgress: LoadProgress = () => {}): Promise<Mnist> {
    this.cache ??= openCache();
    const cache = await this.cache;
    const missing = filesFor(this.manifest, need).filter((f) => !this.read.has(f.name));
    const total = missing.reduce((n, f) => n + f.bytes, 0);
    const progress = { loaded: 0, total, cached: 0 };
    onProgress({ ...progress });
    for (const file of missing) {
      const parsed = this.fetchFile(file, cache, (bytes, fromCache) => {
        progress.loaded += bytes;
        if (fromCache) progress.cached += bytes;
        onProgress({ ...progress });
      }).then((bytes) => readIdx(bytes, file.name));
      this.read.set(file.name, parsed);
      // A failed download may succeed when asked again.
      parsed.catch(() => this.read.delete(file.name));
    }
    const [train, test] = await Promise.all([this.set('train', need.train), this.set('test', need.test)]);
    if (cache && !this.tidied) {
      this.tidied = true;
      void this.tidy(cache);
    }
    return { train, test };
  }

  private async set(kind: 'train' | 'test', count: number): Promise<LabeledImages> {
    const name = kind === 'train' ? 'MNIST training set' : 'MNIST test set';
    const shards = shardsFor(this.manifest[kind], count);
    const parts = await Promise.all(
      shards.map(async (s: Shard) => labeledImages(await this.read.get(s.images.name)!, await this.read.get(s.labels.name)!, name)),
    );
    if (parts.length === 0) return { count: 0, rows: 28, cols: 28, pixels: new Uint8Array(0), labels: new Uint8Array(0), classes: 10 };
    const n = Math.min(
      count,
      parts.reduce((sum, p) => sum + p.count, 0),
    );
    const { rows, cols } = parts[0]!;
    if (parts.length === 1)
      return n === parts[0]!.count
        ? parts[0]!
        : { ...parts[0]!, count: n, pixels: parts[0]!.pixels.subarray(0, n * rows * cols), labels: parts[0]!.labels.subarray(0, n) };
    const pixels = new Uint8Array(n * rows * cols);
    const labels = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      const take = Math.min(p.count, n - at);
      pixels.set(p.pixels.subarray(0, take * rows * cols), at * rows * cols);
      labels.set(p.labels.subarray(0, take), at);
      at += take;
    }
    return { count: n, rows, cols, pixels, labels, classes: parts[0]!.classes };
  }

  private async fetchFile(file: ShardFile, cache: Cache | undefined, onBytes: (bytes: number, fromCache: boolean) => void): Promise<Uint8Array> {
    const url = new URL(file.name, this.base).href;
    const cached = await cache?.match(url).catch(() => undefined);
    if (cached) {
      const bytes = new Uint8Array(await cached.arrayBuffer());
      onBytes(bytes.length, true);
      return bytes;
    }
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`MNIST: could not fetch ${file.name} from ${url} (HTTP ${response.status} ${response.statusText})`);
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
      onBytes(value.length, false);
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    // Kept for the next visit; a full disk only means fetching again then.
    await cache?.put(url, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } })).catch(() => {});
    return bytes;
  }

  /** Forget shards of other builds (their names hold other hashes). */
  private async tidy(cache: Cache): Promise<void> {
    const current = new Set([...this.manifest.train, ...this.manifest.test].flatMap((s) => [s.images.name, s.labels.name]));
    for (const request of await cache.keys()) {
      const name = new URL(request.url).pathname.split('/').pop() ?? '';
      if (!current.has(name)) await cache.delete(request);
    }
  }
}
