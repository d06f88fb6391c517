import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * How every library package builds: ESM with .d.ts and source maps, for ES2022,
 * plus `dist/esm-only.cjs`, what `require()` finds where Node cannot require an
 * ES module (before 20.19 and 22.12; newer versions take the `module-sync`
 * condition to the ESM build instead): one line that says so and what to do.
 */
export function packageBuild(entry: string[]) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    onSuccess: async () => writeEsmOnlyStub(),
  });
}

function writeEsmOnlyStub(): void {
  const { name } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string };
  const message =
    `${name} is ESM only: use import (import { … } from '${name}'), or await import('${name}') from CommonJS; ` +
    'Node.js 20.19+ and 22.12+ can also require() it';
  writeFileSync('dist/esm-only.cjs', `'use strict';\nthrow new Error(${JSON.stringify(message)});\n`);
}
