import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadModel } from '@downhill/network';
import { optimizers } from '@downhill/optim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runMain } from '../test/run-cli.js';
import { extractPlugins } from './plugins.js';

// CONTRIBUTING.md's "Optimizers from outside the monorepo", run as written:
// its two examples are copied into a folder outside the repository that looks
// like a user's package (node_modules/@downhill/* linked to these packages).

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const contributing = readFileSync(join(repository, 'CONTRIBUTING.md'), 'utf8');
function example(marker: string): string {
  const found = new RegExp(`<!-- ${marker}:start -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`).exec(contributing);
  if (!found) throw new Error(`CONTRIBUTING.md: expected a js block between <!-- ${marker}:start --> and <!-- ${marker}:end -->, found none`);
  return found[1]!;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A user's package: the examples, and @downhill/* installed (linked, or for optim a copy of its own when `ownOptim`). */
function userPackage(ownOptim = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-plugin-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-optimizers', private: true, type: 'module' }));
  writeFileSync(join(dir, 'sign-descent.js'), example('plugin-example'));
  writeFileSync(join(dir, 'train-moons.js'), example('plugin-train-example'));
  writeFileSync(join(dir, 'registers-nothing.js'), 'export const answer = 42;\n');
  writeFileSync(join(dir, 'throws.js'), "throw new Error('the plugin itself is broken');\n");
  mkdirSync(join(dir, 'node_modules', '@downhill'), { recursive: true });
  for (const name of ['optim', 'train', 'datasets', 'linalg', 'network', 'cost']) {
    const target = join(dir, 'node_modules', '@downhill', name),
      source = join(repository, 'packages', name);
    if (name === 'optim' && ownOptim) {
      cpSync(join(source, 'src'), join(target, 'src'), { recursive: true });
      cpSync(join(source, 'package.json'), join(target, 'package.json'));
    } else {
      symlinkSync(source, target, 'dir');
    }
  }
  return dir;
}

describe('--plugin', () => {
  let dir: string;
  let plugin: string;
  beforeAll(() => {
    dir = userPackage();
    plugin = join(dir, 'sign-descent.js');
  });

  it('is taken out of the arguments wherever it is, as --plugin PATH or --plugin=PATH, until --', () => {
    expect(extractPlugins(['--plugin', 'a.js', 'train', '--plugin=b.js', '--epochs', '1', '--', '--plugin', 'c.js'])).toEqual({
      argv: ['train', '--epochs', '1', '--', '--plugin', 'c.js'],
      plugins: ['a.js', 'b.js'],
    });
    expect(() => extractPlugins(['train', '--plugin'])).toThrow(
      '--plugin: expected the path of a JavaScript module after it (e.g. --plugin ./my-optimizer.js), found nothing',
    );
    expect(() => extractPlugins(['--plugin', '--epochs', '1'])).toThrow(/--plugin: expected the path/);
  });

  it("loads CONTRIBUTING's sign-descent.js: the optimizer is listed, and rolls down (w − 2)² by steps of η", async () => {
    const listed = await runMain(['--plugin', plugin, 'optimizers', 'sign-descent']);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toContain('sign-descent: Sign descent (Bernstein et al. 2018): steps of η against the sign of each partial derivative');
    expect(optimizers.has('sign-descent')).toBe(true);
    // The same file again, twice (here, in the same process, it is imported once): no complaint.
    const r = await runMain([
      'descend',
      '(w-2)^2',
      '--from',
      '4',
      '--plugin',
      plugin,
      '--optimizer',
      'sign-descent',
      '--lr',
      '0.5',
      '--steps',
      '2',
      `--plugin=${plugin}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Step 0: w=3.5000\nStep 1: w=3.0000\nFinal: 3.0000\n');
  });

  it('trains with it: downhill train --optimizer sign-descent learns, at its own default η, and saves a model that names it', async () => {
    const out = join(dir, 'model.safetensors');
    const r = await runMain([
      '--plugin',
      plugin,
      'train',
      '--optimizer',
      'sign-descent',
      '--limit',
      '2000',
      '--test-limit',
      '500',
      '--epochs',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('optimizer sign-descent (learningRate 0.01)');
    expect(Number(/^test accuracy ([\d.]+)%/m.exec(r.stdout)?.[1])).toBeGreaterThan(50); // chance is 10 %
    const { metadata } = loadModel(new Uint8Array(readFileSync(out)), out);
    expect(JSON.parse(metadata.optimizer!)).toMatchObject({ name: 'sign-descent', hyperparameters: { learningRate: 0.01 } });
  });

  it("runs CONTRIBUTING's train-moons.js: createRun and train() with the registered optimizer, by name", async () => {
    const { accuracy } = (await import(pathToFileURL(join(dir, 'train-moons.js')).href)) as { accuracy: number };
    expect(accuracy).toBeGreaterThan(0.85);
  });

  it('names the file and says why when it is missing, throws, or registers nothing', async () => {
    const cases: [string, RegExp][] = [
      [
        './no-such-plugin.js',
        /^downhill: --plugin \.\/no-such-plugin\.js: expected a JavaScript module that registers an optimizer, found no file at \/.*no-such-plugin\.js\n$/,
      ],
      [dir, /^downhill: --plugin .*: expected a JavaScript module file, found a folder at /],
      [
        join(dir, 'throws.js'),
        /^downhill: --plugin .*throws\.js: expected a module that loads, found that importing it threw Error: the plugin itself is broken\n$/,
      ],
      [
        join(dir, 'registers-nothing.js'),
        /^downhill: --plugin .*registers-nothing\.js: expected a module that registers an optimizer \(registerOptimizer\(defineOptimizer\(\{ \.\.\. \}\)\) from '@downhill\/optim'\), found one that registered none/,
      ],
    ];
    for (const [path, message] of cases) {
      const r = await runMain(['--plugin', path, 'optimizers']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/looks like a bug/);
    }
  });

  it('works in the real binary with a copy of @downhill/optim of its own: one registry for both copies', () => {
    const own = userPackage(true);
    const r = runCli([
      '--plugin',
      join(own, 'sign-descent.js'),
      'descend',
      '(w-2)^2',
      '--from',
      '4',
      '--optimizer',
      'sign-descent',
      '--lr',
      '0.5',
      '--steps',
      '2',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Step 0: w=3.5000\nStep 1: w=3.0000\nFinal: 3.0000\n');
    expect(r.status).toBe(0);
  });
});
