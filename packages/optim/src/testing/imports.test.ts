import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// '@downhill/optim/testing' must load where vitest is not installed (a user's
// package that runs the checks under node:test, say): follow its static
// imports through the package's own files and collect the bare specifiers.
function bareImports(entry: string): Set<string> {
  const found = new Set<string>(),
    seen = new Set<string>(),
    todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // `import ... from '...'`, `export ... from '...'` and `import '...'`; `import type` is erased.
    const source = readFileSync(file, 'utf8');
    for (const [, fromClause, sideEffect] of source.matchAll(
      /^\s*(?:import|export)\s+(?!type\b)[^'";/()]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm,
    )) {
      const specifier = fromClause ?? sideEffect!;
      if (specifier.startsWith('.')) todo.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else found.add(specifier);
    }
  }
  return found;
}

const here = dirname(fileURLToPath(import.meta.url));

// The package's own runtime dependencies (the kernels of @downhill/linalg) install with it; nothing else may be needed.
const dependencies = Object.keys(JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')).dependencies ?? {});

it("'@downhill/optim/testing' imports nothing but the package's own dependencies (no vitest); '/testing/vitest' does import vitest", () => {
  expect([...bareImports(resolve(here, 'index.ts'))].filter((s) => !dependencies.includes(s))).toEqual([]);
  expect([...bareImports(resolve(here, 'vitest.ts'))].filter((s) => !dependencies.includes(s))).toEqual(['vitest']);
  expect(dependencies).not.toContain('vitest');
});
