// Same seed, same bytes? Trains with `downhill train` several times — wasm
// kernels with one thread, twice; with two threads; and the js kernels — and
// compares the saved models' SHA-256 and test accuracy.
//
//   node scripts/kernels-identity.mjs [--network W1|W2|W3] [--epochs 1]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { network: { type: 'string', default: 'W2' }, epochs: { type: 'string', default: '1' } } });
const flags = {
  W1: ['--layers', '784,16,16,10', '--activation', 'sigmoid', '--cost', 'quadratic', '--optimizer', 'sgd', '--lr', '3', '--batch', '10', '--init', 'normal'],
  W2: ['--layers', '784,100,10', '--activation', 'relu', '--cost', 'cross-entropy', '--optimizer', 'adam', '--batch', '128'],
  W3: ['--layers', '784,800,10', '--activation', 'relu', '--cost', 'cross-entropy', '--optimizer', 'adam', '--batch', '128'],
}[values.network];
if (!flags) throw new RangeError(`--network: expected W1, W2 or W3, found ${values.network}`);

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'downhill-identity-'));
const runs = [
  ['wasm, 1 thread', { DOWNHILL_KERNELS: 'wasm', DOWNHILL_THREADS: '1' }],
  ['wasm, 1 thread, again', { DOWNHILL_KERNELS: 'wasm', DOWNHILL_THREADS: '1' }],
  ['wasm, 2 threads', { DOWNHILL_KERNELS: 'wasm', DOWNHILL_THREADS: '2' }],
  ['js', { DOWNHILL_KERNELS: 'js' }],
];
try {
  for (const [i, [name, env]] of runs.entries()) {
    const out = join(work, `model-${i}.safetensors`);
    const log = execFileSync(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'apps/cli/src/bin.ts',
        'train',
        ...flags,
        '--epochs',
        values.epochs,
        '--no-average',
        '--no-train-accuracy',
        '--out',
        out,
      ],
      { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    const accuracy = /test accuracy ([\d.]+%)/.exec(log)?.[1];
    const sha = createHash('sha256').update(readFileSync(out)).digest('hex').slice(0, 16);
    console.log(`${values.network} ${name.padEnd(22)} sha256 ${sha}  test ${accuracy}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
