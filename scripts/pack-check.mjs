// Use the packages as their users will: `pnpm pack` @downhill/network and the
// packages it depends on, install the tarballs into an empty folder outside
// the repository, then import them from plain Node ESM and type-check a
// TypeScript user with tsc. Expects the packages built (`pnpm build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = ['linalg', 'cost', 'network'];
const work = mkdtempSync(join(tmpdir(), 'downhill-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm runs this script directly, not as a turbo task
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error('run this through pnpm: pnpm pack-check');

for (const name of packages) {
  run(process.execPath, [pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', name));
}
execFileSync('mkdir', ['-p', app]);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'downhill-user', private: true, type: 'module' }));
const files = readdirSync(tarballs).map((f) => join(tarballs, f));
run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...files], app);

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
console.log('plain Node ESM: ok,', net.parameterCount, 'parameters, cost', cost.toFixed(4));
`,
);
console.log(run(process.execPath, ['main.js'], app).trim());

writeFileSync(
  join(app, 'main.ts'),
  `import { Rng, type Matrix } from '@downhill/linalg';
import { getCost, type Cost } from '@downhill/cost';
import { Network, sequentialSpec, type NetworkSpec } from '@downhill/network';
const spec: NetworkSpec = sequentialSpec([784, 16, 16, 10], 'sigmoid');
const net: Network = Network.create(spec, { rng: new Rng(1) });
const cost: Cost = getCost('quadratic');
const out: Matrix = net.forward({ rows: 1, cols: 784, data: new Float32Array(784) });
const n: number = net.parameterCount + out.cols + cost.name.length;
export default n;
`,
);
writeFileSync(
  join(app, 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }),
);
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
console.log('TypeScript (nodenext, strict): ok');
