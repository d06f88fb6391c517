import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { mnistShards } from './mnist-shards.js';

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
  // Every URL relative to the page, so the built site works under any path (GitHub Pages' /downhill/, say).
  base: './',
  // No public folder: MNIST comes in gzipped shards made by the plugin below, the lesson's network is an asset.
  publicDir: false,
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // Pre-bundle the packages' npm dependencies at start-up, so `vite dev` never
  // reloads the page when it meets them later (in the worker).
  optimizeDeps: { include: ['@downhill/viz > fast-png', '@downhill/viz > fflate', '@downhill/landscapes > mathjs'] },
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  plugins: [headersFile, mnistShards()],
  // mathjs, which reads typed functions for "Roll downhill", is one ~650 kB
  // module; it comes in its own chunk, loaded when a function is first typed.
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
});
