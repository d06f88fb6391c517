import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source (the `source` export
// condition), so `pnpm test` needs no build first.
const conditions = ['source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
