import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@downhill/datasets/node';
import { encodePng } from '@downhill/viz';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../test/run-cli.js';

let dir: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'downhill-eval-'));
  model = join(dir, 'm.safetensors');
  const r = await runMain(['train', '--limit', '3000', '--test-limit', '200', '--epochs', '2', '--out', model]);
  expect(r.status).toBe(0);
});

describe('downhill eval', () => {
  it('reports accuracy, per-digit accuracy and a confusion matrix that add up', async () => {
    const r = await runMain(['eval', model, '--test-limit', '1000']);
    expect(r.status).toBe(0);
    const accuracy = /accuracy ([\d.]+)% \((\d+) \/ 1000\)/.exec(r.stdout);
    expect(accuracy).not.toBeNull();
    expect(Number(accuracy![1])).toBeGreaterThan(50);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('confusion matrix'));
    const rows = lines.slice(at + 2, at + 12).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows).toHaveLength(10);
    const total = rows.reduce((s, row) => s + row.slice(1).reduce((a, b) => a + b, 0), 0);
    const diagonal = rows.reduce((s, row, i) => s + row[i + 1]!, 0);
    expect(total).toBe(1000);
    expect(diagonal).toBe(Number(accuracy![2]));
    expect(r.stdout).toMatch(/class +images +right +accuracy/);
  });
});

describe('downhill predict', () => {
  it("--index N shows the test image and the network's ten outputs", async () => {
    const r = await runMain(['predict', model, '--index', '0']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('MNIST test image 0');
    expect(r.stdout).toMatch(/prediction: \d \(true label 7, (right|wrong)\)/);
    expect(r.stdout.split('\n').filter((l) => /^\d {2}\d\.\d{4}/.test(l))).toHaveLength(10);
  });

  it('a PNG of the same digit, at 28×28 or scaled up and dark on light, gives the same outputs', async () => {
    const { test } = await loadMnist();
    const pixels = test.pixels.subarray(0, 784);
    const gray = (w: number, f: (x: number, y: number) => number) => {
      const data = new Uint8ClampedArray(w * w * 4);
      for (let y = 0; y < w; y++)
        for (let x = 0; x < w; x++) {
          const v = f(x, y);
          data.set([v, v, v, 255], 4 * (y * w + x));
        }
      return encodePng({ width: w, height: w, data });
    };
    writeFileSync(
      join(dir, 'seven.png'),
      gray(28, (x, y) => pixels[y * 28 + x]!),
    );
    writeFileSync(
      join(dir, 'seven-big.png'),
      gray(56, (x, y) => 255 - pixels[(y >> 1) * 28 + (x >> 1)]!),
    );
    const outputs = (s: string) =>
      s
        .split('\n')
        .filter((l) => /^\d {2}\d\.\d{4}/.test(l))
        .map((l) => l.slice(0, 9));
    const byIndex = outputs((await runMain(['predict', model, '--index', '0'])).stdout);
    const small = await runMain(['predict', model, join(dir, 'seven.png')]);
    const big = await runMain(['predict', model, join(dir, 'seven-big.png')]);
    expect(small.status).toBe(0);
    expect(outputs(small.stdout)).toEqual(byIndex);
    expect(big.stdout).toContain('56×56, scaled to 28×28');
    expect(outputs(big.stdout)).toEqual(byIndex);
  });

  it('says what is wrong with a file that is not a PNG', async () => {
    writeFileSync(join(dir, 'fake.png'), 'not a png');
    const r = await runMain(['predict', model, join(dir, 'fake.png')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/fake\.png: expected PNG bytes \(starting 89 50 4e 47 0d 0a 1a 0a\), found 9 bytes starting 6e 6f 74/);
  });
});
