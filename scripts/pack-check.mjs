// Use the packages as their users will: `pnpm pack` every library package,
// check each tarball with @arethetypeswrong/cli, install the tarballs into an
// empty folder outside the repository, then use them every way the README says
// is supported, and the ways it says are not:
//   - plain Node ESM imports every entry point and trains a step;
//   - TypeScript ESM (nodenext and bundler resolution, strict) type-checks;
//   - TypeScript CommonJS finds no types (a require() there would type-check
//     against a module that older Node cannot load);
//   - require() works (Node ≥ 20.19 / 22.12 load ESM synchronously) or throws
//     a message that says "ESM only".
// Prints a table of the tarballs (size, files, share of source maps). Expects
// the packages built (`pnpm build`; `pnpm lint` builds first).
//
//   node scripts/pack-check.mjs [--node PATH]...   also require() with other Node binaries
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
/** Every library package, and each one's entry points (its `exports` but ./package.json). */
const packages = {
  linalg: ['.'],
  cost: ['.'],
  network: ['.'],
  optim: ['.', './testing', './testing/vitest'],
  datasets: ['.', './node'],
  train: ['.'],
  landscapes: ['.', './text'],
  viz: ['.'],
  onnx: ['.'],
};
const specifiers = Object.entries(packages).flatMap(([name, entries]) => entries.map((e) => `@downhill/${name}${e.slice(1)}`));
const otherNodes = process.argv.flatMap((arg, i) => (arg === '--node' ? [process.argv[i + 1]] : []));

const work = mkdtempSync(join(tmpdir(), 'downhill-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm runs this script directly, not as a turbo task
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error('run this through pnpm: pnpm pack-check');
const failures = [];

// ── The tarballs. ──────────────────────────────────────────────────────────
const tarballOf = {};
for (const name of Object.keys(packages)) {
  run(process.execPath, [pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', name));
  tarballOf[name] = join(
    tarballs,
    readdirSync(tarballs).find((f) => f.startsWith(`downhill-${name}-`)),
  );
}
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log('package               tarball   files   unpacked   source maps');
for (const [name, tarball] of Object.entries(tarballOf)) {
  // GNU tar's verbose listing: mode owner size date time path.
  const entries = run('tar', ['-tzvf', tarball], work)
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map((f) => ({ size: Number(f[2]), path: f.slice(5).join(' ') }));
  const unpacked = entries.reduce((s, e) => s + e.size, 0);
  const maps = entries.filter((e) => e.path.endsWith('.map')).reduce((s, e) => s + e.size, 0);
  console.log(
    `@downhill/${name}`.padEnd(20),
    kB(statSync(tarball).size).padStart(9),
    String(entries.length).padStart(7),
    kB(unpacked).padStart(10),
    `${Math.round((100 * maps) / unpacked)} %`.padStart(13),
  );
}

// ── Are the types wrong? ESM only: node10 and CommonJS resolution are expected to find no types. ──
const attw = join(root, 'node_modules/.bin/attw');
const verdicts = [];
for (const [name, tarball] of Object.entries(tarballOf)) {
  const result = spawnSync(attw, [tarball, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8' });
  const { analysis } = JSON.parse(result.stdout);
  const ignored = new Set(['node10', 'node16-cjs']);
  const problems = Object.values(analysis.problems ?? [])
    .flat()
    .filter((p) => !ignored.has(p.resolutionKind));
  const kinds = new Set();
  for (const [entry, { resolutions }] of Object.entries(analysis.entrypoints)) {
    if (entry === './package.json') continue;
    const cjs = resolutions['node16-cjs']?.resolution;
    const esm = resolutions['node16-esm']?.resolution;
    const bundler = resolutions.bundler?.resolution;
    if (!esm?.isTypeScript || !bundler?.isTypeScript) failures.push(`@downhill/${name}${entry.slice(1)}: no types for import`);
    if (cjs?.isTypeScript) failures.push(`@downhill/${name}${entry.slice(1)}: require() resolves to types (CommonJS TypeScript would type-check)`);
    kinds.add(cjs?.isTypeScript ? 'CJS types' : 'ESM only');
  }
  for (const p of problems) failures.push(`@downhill/${name}: attw ${p.kind} (${p.entrypoint}, ${p.resolutionKind})`);
  verdicts.push(`@downhill/${name}: ${problems.length ? problems.map((p) => p.kind).join(', ') : 'no problems'} (${[...kinds].join(', ')})`);
}
console.log(`\n@arethetypeswrong/cli --profile esm-only:\n  ${verdicts.join('\n  ')}`);

// ── Installed from the tarballs. ───────────────────────────────────────────
mkdirSync(app, { recursive: true });
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'downhill-user', private: true, type: 'module' }));
run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...Object.values(tarballOf)], app);

writeFileSync(
  join(app, 'main.js'),
  `import { Rng, fromRows } from '@downhill/linalg';
import { getCost } from '@downhill/cost';
import { Network, sequentialSpec, saveModel, loadModel } from '@downhill/network';
const net = Network.create(sequentialSpec([784, 16, 16, 10], 'sigmoid'), { rng: new Rng(1) });
if (net.params.length !== 13002) throw new Error('expected 13,002 parameters, found ' + net.params.length);
const cost = net.computeGradients(fromRows([new Array(784).fill(0.5)]), fromRows([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]]), getCost('quadratic'));
const again = loadModel(saveModel(net), 'memory').network;
if (!(cost > 0) || again.params.some((p, i) => p !== net.params[i])) throw new Error('round trip failed');
// One error base class across packages, though each package bundles its own copy of it.
const { DownhillError } = await import('@downhill/viz');
const { ShapeMismatchError } = await import('@downhill/linalg');
const mismatch = new ShapeMismatchError('gemm', '3 × 4', '3 × 5');
if (!(mismatch instanceof DownhillError) || mismatch.code !== 'SHAPE_MISMATCH') throw new Error('a linalg error is not a DownhillError as viz exports it');
// Every other entry point loads (but the one that needs vitest, which is not installed here).
const entries = ${JSON.stringify(specifiers.filter((s) => !s.endsWith('/vitest')))};
for (const entry of entries) if (Object.keys(await import(entry)).length === 0) throw new Error(entry + ' exports nothing');
console.log('plain Node ESM: ok,', net.parameterCount, 'parameters, cost', cost.toFixed(4) + ';', entries.length, 'entry points import; errors of one package are DownhillErrors of another');
`,
);
console.log(`\n${run(process.execPath, ['main.js'], app).trim()}`);

// TypeScript ESM users, with Node's resolution and with a bundler's.
writeFileSync(
  join(app, 'main.ts'),
  `import { Rng, type Matrix } from '@downhill/linalg';
import { getCost, type Cost } from '@downhill/cost';
import { Network, sequentialSpec, type NetworkSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { checkConvergesOnBowl } from '@downhill/optim/testing';
import { readIdx } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { train } from '@downhill/train';
import { surfaces } from '@downhill/landscapes';
import { landscapeFromText } from '@downhill/landscapes/text';
import { lineChart } from '@downhill/viz';
import { exportOnnx } from '@downhill/onnx';
const spec: NetworkSpec = sequentialSpec([784, 16, 16, 10], 'sigmoid');
const net: Network = Network.create(spec, { rng: new Rng(1) });
const cost: Cost = getCost('quadratic');
const out: Matrix = net.forward({ rows: 1, cols: 784, data: new Float32Array(784) });
const n: number = net.parameterCount + out.cols + cost.name.length + createOptimizer('adam', 2).h.learningRate + surfaces.size;
export const used = [n, checkConvergesOnBowl, readIdx, loadMnist, train, landscapeFromText, lineChart, exportOnnx];
`,
);
for (const [module, moduleResolution] of [
  ['nodenext', 'nodenext'],
  ['preserve', 'bundler'],
]) {
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module, moduleResolution, target: 'es2022', noEmit: true, skipLibCheck: false, types: [] },
      files: ['main.ts'],
    }),
  );
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  console.log(`TypeScript ESM (${moduleResolution}, strict): ok`);
}

// A TypeScript CommonJS user must not type-check: each import is an error.
writeFileSync(join(app, 'main.cts'), specifiers.map((s, i) => `import * as m${i} from '${s}';\nexport const x${i} = m${i};\n`).join(''));
writeFileSync(
  join(app, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: [] },
    files: ['main.cts'],
  }),
);
const cjs = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
const cjsErrors = cjs.stdout.split('\n').filter((l) => /error TS/.test(l));
const noTypes = cjsErrors.filter((l) => /error TS7016: Could not find a declaration file for module '@downhill\/[^']+'\. '[^']*esm-only\.cjs'/.test(l));
if (noTypes.length !== specifiers.length || cjsErrors.length !== specifiers.length) {
  failures.push(`TypeScript CommonJS: expected ${specifiers.length} errors TS7016 (no types for require), found:\n${cjs.stdout}`);
} else console.log(`TypeScript CommonJS (nodenext): no types for any of the ${specifiers.length} entry points (TS7016), as it should`);

// require(): works where Node can require ESM, else says "ESM only".
writeFileSync(
  join(app, 'require.cjs'),
  `const results = {};
for (const entry of ${JSON.stringify(specifiers.filter((s) => !s.endsWith('/vitest')))}) {
  try {
    results[entry] = Object.keys(require(entry)).length > 0 ? 'ok' : 'empty';
  } catch (error) {
    results[entry] = String(error.message).split('\\n')[0];
  }
}
console.log(JSON.stringify(results));
`,
);
for (const node of [process.execPath, ...otherNodes]) {
  const version = run(node, ['--version'], app).trim();
  const results = JSON.parse(run(node, ['require.cjs'], app));
  const ok = Object.values(results).filter((r) => r === 'ok').length;
  const esmOnly = Object.entries(results).filter(([, r]) => r !== 'ok');
  for (const [entry, r] of esmOnly) if (!r.includes('is ESM only')) failures.push(`require('${entry}') on Node ${version}: ${r}`);
  console.log(
    `require() on Node ${version}: ${ok} of ${specifiers.length - 1} entry points load` +
      (esmOnly.length ? `; the others throw ${JSON.stringify(esmOnly[0][1])}` : ''),
  );
}

if (failures.length) {
  console.error(`\npack-check failed (the files are in ${work}):\n- ${failures.join('\n- ')}`);
  process.exitCode = 1;
} else rmSync(work, { recursive: true, force: true });
