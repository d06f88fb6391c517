import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@downhill/linalg';
import { Network, saveModel, sequentialSpec } from '@downhill/network';
import { decodePng } from '@downhill/viz';
import { describe, expect, it } from 'vitest';
// fast-xml-parser is a devDependency of @downhill/viz, not of the CLI: reach it by path.
import { XMLValidator } from '../../../../packages/viz/node_modules/fast-xml-parser';
import { backpropExperiment } from '../experiments/backprop.js';
import { gradientExperiment } from '../experiments/gradient.js';
import { noiseExperiment } from '../experiments/noise.js';
import { optimizersExperiment } from '../experiments/optimizers.js';
import { randomLabelsExperiment } from '../experiments/random-labels.js';
import { saddleExperiment } from '../experiments/saddle.js';
import { weightsExperiment } from '../experiments/weights.js';
import type { Output } from '../progress.js';
import { parseRace } from '../viz/race.js';
import { runMain } from '../../test/run-cli.js';

// Each experiment in a reduced mode (a few thousand images, an epoch or
// three): the point is that it runs, writes pictures that parse and prints
// findings computed from the run, not that it reproduces the full figures.

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => lines.push(text), isTTY: false };
}

function expectPictures(files: readonly string[], dir: string, expected: readonly string[]): void {
  expect(readdirSync(dir).sort()).toEqual([...expected].sort());
  expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual([...expected].sort());
  for (const file of files) {
    if (file.endsWith('.svg')) expect(XMLValidator.validate(readFileSync(file, 'utf8'))).toBe(true);
    else expect(decodePng(new Uint8Array(readFileSync(file))).width).toBeGreaterThan(0);
  }
}

/** Every finding carries at least one number from the run. */
function expectNumbers(findings: readonly string[]): void {
  expect(findings.length).toBeGreaterThanOrEqual(3);
  for (const f of findings) expect(f).toMatch(/\d/);
}

const tempDir = (name: string) => join(mkdtempSync(join(tmpdir(), 'downhill-experiment-')), name);

describe('downhill experiment', () => {
  it('weights: the 16 tiles before, after and their change, and how smooth they are', async () => {
    const out = tempDir('weights');
    const output = capture();
    const r = await weightsExperiment({ out, seed: 1, limit: 2000, testLimit: 500, epochs: 1 }, output);
    expectPictures(r.files, out, ['weights-trained.png', 'weights-trained.svg', 'weights-initial.svg', 'weights-change.svg']);
    const png = decodePng(new Uint8Array(readFileSync(join(out, 'weights-trained.png'))));
    expect([png.width, png.height]).toEqual([460, 460]);
    expectNumbers(r.findings);
    const [smooth, , blank] = r.findings;
    // The random start has no spatial structure: its neighbour correlation is near 0.
    const initial = Number(/the random start: (-?[\d.e-]+)/.exec(smooth!)?.[1]);
    expect(Math.abs(initial)).toBeLessThan(0.1);
    // Blank pixels get no gradient, so their weights did not move at all.
    expect(blank).toMatch(/^\d+ of 784 pixels are blank .* moved by at most 0:/);
    expect(output.lines).toContain('findings (weights):');
  });

  it('noise: histograms of confidence and answers on noise vs digits, and an example', async () => {
    const out = tempDir('noise');
    const r = await noiseExperiment({ out, seed: 1, limit: 2000, testLimit: 500, epochs: 1, count: 500 }, capture());
    expectPictures(r.files, out, ['noise-confidence.svg', 'noise-classes.svg', 'noise-example.svg']);
    expectNumbers(r.findings);
    expect(r.findings.join('\n')).toMatch(/mean largest output of the lesson's network after 1 epochs? is 0\.\d+ \(on real test digits: 0\.\d+\)/);
    const svg = readFileSync(join(out, 'noise-confidence.svg'), 'utf8');
    expect(svg).toContain('uniform noise (500)');
    expect(svg).toContain('MNIST test digits (500)');
  });

  it('random-labels: true and shuffled labels trained alike, curves overlaid, findings from the runs', async () => {
    const out = tempDir('random-labels');
    const r = await randomLabelsExperiment({ out, seed: 1, limit: 500, testLimit: 200, epochs: 3 }, capture());
    expectPictures(r.files, out, ['random-labels-cost.svg', 'random-labels-accuracy.svg']);
    expectNumbers(r.findings);
    const all = r.findings.join('\n');
    expect(all).toMatch(/Shuffling left \d+ of 500 labels/);
    expect(all).toMatch(/After 3 epochs the network fits [\d.]+% of the shuffled labels/);
    const cost = readFileSync(join(out, 'random-labels-cost.svg'), 'utf8');
    expect(cost).toContain('true labels');
    expect(cost).toContain('shuffled labels');
  });

  it('optimizers: same budget for each, full-batch GD takes one step per pass', async () => {
    const out = tempDir('optimizers');
    const output = capture();
    const r = await optimizersExperiment({ out, seed: 1, limit: 1000, testLimit: 200, budget: 3000, race: parseRace('gd:3,sgd:3,adam:0.005') }, output);
    expectPictures(r.files, out, ['optimizers-cost.svg']);
    expectNumbers(r.findings);
    expect(r.findings.join('\n')).toMatch(/Full-batch gd took 3 steps .* mini-batch sgd took 300 steps/);
    expect(output.lines.join('\n')).toMatch(/^gd +3 +3 /m);
  });

  it('findings come from the run: another seed, other numbers', async () => {
    const run = async (seed: number) =>
      (await optimizersExperiment({ out: tempDir(`seed-${seed}`), seed, limit: 500, testLimit: 100, budget: 1000, race: parseRace('gd:3,sgd:3') }, capture()))
        .findings;
    const [a, b] = [await run(1), await run(2)];
    expect(a[0]).not.toEqual(b[0]);
  });

  it('is a command with a help text per experiment and one-line errors', async () => {
    const help = await runMain(['experiment', '--help']);
    expect(help.status).toBe(0);
    for (const name of ['weights', 'noise', 'random-labels', 'optimizers']) expect(help.stdout).toContain(name);
    const missing = await runMain([
      'experiment',
      'noise',
      '--model',
      '/nonexistent/model.safetensors',
      '--limit',
      '100',
      '--test-limit',
      '10',
      '--out',
      tempDir('x'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual(['downhill: /nonexistent/model.safetensors: no such file']);
  });

  it('backprop: one backward pass against two forward passes a parameter, and the gradients agree; the findings follow the batch', async () => {
    const out = tempDir('backprop');
    const r = await backpropExperiment({ out, seed: 1, index: 0, batch: 5 }, capture());
    expectPictures(r.files, out, ['backprop-vs-finite-differences.svg']);
    expectNumbers(r.findings);
    expect(r.findings[0]).toMatch(/^Backprop computed all 13,002 components .* Finite differences needed 26,004 forward passes \(two per parameter\)/);
    const worst = Number(/largest disagreement is (\S+) /.exec(r.findings[1]!)![1]);
    const largest = Number(/the largest component \((\S+)\)/.exec(r.findings[1]!)![1]);
    expect(worst).toBeLessThan(1e-3 * largest);
    // Another mini-batch: other blank pixels, another gradient.
    const other = await backpropExperiment({ out: tempDir('backprop-2'), seed: 1, index: 5, batch: 5 }, capture());
    expect(other.findings[1]).not.toBe(r.findings[1]);
    expect(other.findings[2]).not.toBe(r.findings[2]);
  });

  it('saddle --surface: a surface the defaults run off to infinity on is refused in one line that says what to change', async () => {
    const r = await runMain(['experiment', 'saddle', '--surface', 'rosenbrock', '--out', tempDir('saddle-rosenbrock')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--surface rosenbrock: descent from -1\.2, 1 with η = 0\.05 .*ran off to infinity .*give a smaller --lr/);
  });

  it('backprop and gradient: a --model that does not take the test images, or a range past the test set, is refused naming what was expected', async () => {
    const model = tempDir('small.safetensors');
    writeFileSync(model, saveModel(Network.create(sequentialSpec([196, 10, 10], 'sigmoid'), { rng: new Rng(1) })));
    const fiveOutputs = tempDir('five-outputs.safetensors');
    writeFileSync(fiveOutputs, saveModel(Network.create(sequentialSpec([784, 16, 5], 'sigmoid'), { rng: new Rng(1) })));
    for (const name of ['backprop', 'gradient']) {
      const wrongModel = await runMain(['experiment', name, '--model', model, '--out', tempDir(`${name}-refused`)]);
      expect(wrongModel.status).toBe(1);
      expect(wrongModel.stderr).toContain(
        `${model}: expected a network from 784 inputs (28×28 images) through at least one hidden layer to 10 outputs (one per class), found 196 → 10 → 10`,
      );
      const wrongOutputs = await runMain(['experiment', name, '--model', fiveOutputs, '--out', tempDir(`${name}-refused-5`)]);
      expect(wrongOutputs.status).toBe(1);
      expect(wrongOutputs.stderr).toContain('found 784 → 16 → 5');
      expect(wrongOutputs.stdout).toBe('');
    }
    // --out a file, or under one: refused before any work, saying so.
    const aFile = tempDir('a-file.txt');
    writeFileSync(aFile, 'x');
    for (const out of [aFile, join(aFile, 'pictures')]) {
      const r = await runMain(['experiment', 'backprop', '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--out .*: expected a folder for the pictures, (found a file|but .*a-file\.txt is a file)/);
      expect(r.stdout).toBe('');
    }
    // backprop's mini-batch starts at --index; gradient's digit is --index, its mini-batch the last --batch images near the end.
    const pastTheEnd = await runMain(['experiment', 'backprop', '--index', '9998', '--batch', '5', '--out', tempDir('backprop-range')]);
    expect(pastTheEnd.status).toBe(1);
    expect(pastTheEnd.stderr).toContain(
      '--index 9998 and --batch 5: expected images within the 10,000 of the test set (with --batch 5, an --index from 0 to 9,995)',
    );
    const outside = await runMain(['experiment', 'gradient', '--index', '10000', '--out', tempDir('gradient-range')]);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/--index/);
  });

  it('gradient: pictures of the nudges and findings computed from the gradient, which change with the image', async () => {
    const out = tempDir('gradient');
    const r = await gradientExperiment({ out, seed: 1, epochs: 1, limit: 2000, index: 0, batch: 5 }, capture());
    expectPictures(r.files, out, ['gradient-first-layer.svg', 'gradient-other-layers.svg', 'gradient-magnitudes.svg']);
    expectNumbers(r.findings);
    // Image 0 of MNIST's test set is a 7 with 668 blank pixels: their 668 × 16 weights get exactly 0.
    expect(r.findings[0]).toMatch(/test image 0 \(a 7\) has 13,002 components/);
    expect(r.findings[0]).toMatch(/10,688 of them the weights from the 668 pixels/);
    for (const m of r.findings[2]!.matchAll(/lowers the cost by (\S+), \S+ random ones by (\S+) /g)) expect(Number(m[1])).toBeGreaterThan(Number(m[2]));
    const other = await gradientExperiment({ out: tempDir('gradient-2'), seed: 1, epochs: 1, limit: 2000, index: 1, batch: 5 }, capture());
    expect(other.findings[0]).toMatch(/test image 1 \(a 2\)/);
    expect(other.findings[0]).not.toMatch(/668 pixels/);
  });

  it('saddle: full-batch descent rests on the saddle and in the shallow valley, mini-batch noise carries most runs to the deep one; the counts come from the runs', async () => {
    const out = tempDir('saddle');
    const r = await saddleExperiment({ out, seed: 1, runs: 8, epochs: 150 }, capture());
    expectPictures(r.files, out, ['saddle-paths.svg', 'saddle-outcomes.svg']);
    expectNumbers(r.findings);
    expect(r.findings[0]).toMatch(/it never leaves the ridge and slides down it to the saddle point/);
    expect(r.findings[0]).toMatch(/it ends in the shallow valley/);
    const deep = [...r.findings[1]!.matchAll(/(\d+) of 8/g)].map((m) => Number(m[1]));
    expect(deep).toHaveLength(2);
    for (const d of deep) expect(d).toBeGreaterThanOrEqual(5);
    // Less noise (bigger batches): fewer escapes, counted in the third finding.
    const calm = [...r.findings[2]!.matchAll(/(\d+) of 8|and (\d+) from/g)].map((m) => Number(m[1] ?? m[2]));
    expect(calm[0]! + calm[1]!).toBeLessThan(deep[0]! + deep[1]!);
    // A typed surface with Gaussian noise: plain descent stays in the shallow valley, noisy runs reach the deep one.
    const typed = await saddleExperiment({ out: tempDir('saddle-typed'), seed: 1, runs: 6, surface: '(x^2-1)^2 + 0.9 x + y^2', from: [2, 1] }, capture());
    expect(typed.findings[0]).toMatch(/ends at \(0\.859, \S+\), f = 0\.84\d+ \(a minimum\)/);
    expect(typed.findings[1]).toMatch(/in the lowest, \(-1\.1, \S+\) with f = -0\.946/);
  });
});
