// MNIST in shards of 10,000 images (made at build time, see ../mnist-shards.ts):
// which shards a run needs, and how many bytes that is to download.

export interface ShardFile {
  /** The file's name under the site's mnist/ folder (it holds a hash of the bytes). */
  readonly name: string;
  /** Its size, gzipped, as downloaded. */
  readonly bytes: number;
}

export interface Shard {
  /** The index of its first image in the whole set. */
  readonly start: number;
  readonly count: number;
  readonly images: ShardFile;
  readonly labels: ShardFile;
}

export interface MnistShards {
  readonly shardSize: number;
  readonly train: readonly Shard[];
  readonly test: readonly Shard[];
}

/** How many of the first training and test images a run uses. */
export interface DataNeed {
  readonly train: number;
  readonly test: number;
}

/** The shards holding the first `count` images of a set. */
export function shardsFor(shards: readonly Shard[], count: number): Shard[] {
  return shards.filter((s) => s.start < count);
}

/** The files a run needs, training shards first. */
export function filesFor(manifest: MnistShards, need: DataNeed): ShardFile[] {
  return [...shardsFor(manifest.train, need.train), ...shardsFor(manifest.test, need.test)].flatMap((s) => [s.images, s.labels]);
}

/** Bytes to download for `need`, leaving out the files already here (in the browser's cache). */
export function downloadBytes(manifest: MnistShards, need: DataNeed, have: ReadonlySet<string> = new Set()): number {
  return filesFor(manifest, need)
    .filter((f) => !have.has(f.name))
    .reduce((n, f) => n + f.bytes, 0);
}

/** Megabytes as the page shows them: `3.3 MB`, `0.4 MB`. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The name of the browser cache the shards are kept in across visits. */
export const SHARD_CACHE = 'downhill-mnist';
