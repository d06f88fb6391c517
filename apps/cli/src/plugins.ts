// `downhill --plugin ./my-optimizer.js …`: modules the user names, loaded
// before the commands read their options, so that what they register (an
// optimizer) is there for `train --optimizer`, `descend`, `optimizers`. A
// plugin is code the user chose to run; what this adds is a clear message
// naming the file when it is missing, fails to load, or registers nothing.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { optimizers } from '@downhill/optim';
import { UsageError } from './errors.js';

/** `--plugin PATH` and `--plugin=PATH` (any number, anywhere before `--`) taken out of `argv`. */
export function extractPlugins(argv: readonly string[]): { argv: string[]; plugins: string[] } {
  const rest: string[] = [];
  const plugins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--plugin' || arg.startsWith('--plugin=')) {
      const path = arg === '--plugin' ? argv[++i] : arg.slice('--plugin='.length);
      if (path === undefined || path === '' || (arg === '--plugin' && path.startsWith('-'))) {
        throw new UsageError('--plugin: expected the path of a JavaScript module after it (e.g. --plugin ./my-optimizer.js), found nothing');
      }
      plugins.push(path);
      continue;
    }
    rest.push(arg);
  }
  return { argv: rest, plugins };
}

// What each module registered when it was first imported: importing it again
// (named twice, or by another command in the same process) runs nothing.
const registeredBy = new Map<string, string[]>();

/**
 * Import each plugin (relative paths from `cwd`), in order. Each must register
 * at least one optimizer (with `registerOptimizer` from '@downhill/optim');
 * returns the names each one registered.
 */
export async function loadPlugins(paths: readonly string[], cwd = process.cwd()): Promise<{ path: string; registered: string[] }[]> {
  const loaded: { path: string; registered: string[] }[] = [];
  for (const path of paths) {
    const file = resolve(cwd, path);
    const fail = (expected: string, found: string): never => {
      throw new UsageError(`--plugin ${path}: expected ${expected}, found ${found}`);
    };
    if (!existsSync(file)) fail('a JavaScript module that registers an optimizer', `no file at ${file}`);
    if (!statSync(file).isFile()) fail('a JavaScript module file', `a folder at ${file}`);
    const url = pathToFileURL(file).href;
    const earlier = registeredBy.get(url);
    if (earlier) {
      loaded.push({ path, registered: earlier });
      continue;
    }
    const before = new Map(optimizers);
    try {
      await import(url);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
      fail('a module that loads', `that importing it threw ${message}`);
    }
    const registered = [...optimizers].filter(([name, definition]) => before.get(name) !== definition).map(([name]) => name);
    if (registered.length === 0) {
      fail(
        "a module that registers an optimizer (registerOptimizer(defineOptimizer({ ... })) from '@downhill/optim')",
        'one that registered none (see CONTRIBUTING.md, "Optimizers from outside the monorepo")',
      );
    }
    registeredBy.set(url, registered);
    loaded.push({ path, registered });
  }
  return loaded;
}
