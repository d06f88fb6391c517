import { defineConfig } from 'tsup';

/** How every library package builds: ESM with .d.ts and source maps, for ES2022. */
export function packageBuild(entry: string[]) {
  return defineConfig({ entry, format: ['esm'], dts: true, clean: true, sourcemap: true, target: 'es2022' });
}
