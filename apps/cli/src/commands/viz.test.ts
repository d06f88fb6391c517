import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from '@downhill/viz';
import { beforeAll, describe, expect, it } from 'vitest';
// fast-xml-parser is a devDependency of @downhill/viz, not of the CLI: reach it by path.
import { XMLValidator } from 'fast-xml-parser';
import { runMain } from '../../test/run-cli.js';

/** Run `downhill ARGS` in-process; collect what it printed. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runMain(args);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function expectValidSvg(path: string): string {
  const svg = readFileSync(path, 'utf8');
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  return svg;
}

/** A failure: exit 1, one line on stderr starting "downhill:", no stack trace, nothing written. */
function expectOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^downhill: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\.ts:\d+/);
}

let dir: string, model: string, log: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'downhill-viz-'));
  model = join(dir, 'small.safetensors');
  log = join(dir, 'small.jsonl');
  const r = await run('train', '--limit', '2000', '--test-limit', '500', '--epochs', '2', '--out', model);
  expect(r.code).toBe(0);
});

describe('downhill viz weights', () => {
  it('writes the 16 first-layer tiles of 784-16-16-10 as a PNG: 4 × 4 tiles of 28 × 28 at 4 px, grey gaps', async () => {
    const out = join(dir, 'weights.png');
    const r = await run('viz', 'weights', model, '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}`);
    const image = decodePng(new Uint8Array(readFileSync(out)));
    // 4 columns · 28 weights · 4 px + 3 gaps of 4 px.
    expect(image.width).toBe(4 * 28 * 4 + 3 * 4);
    expect(image.height).toBe(4 * 28 * 4 + 3 * 4);
    const pixel = (x: number, y: number) => Array.from(image.data.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 4));
    // The gaps between tiles are one grey; inside a tile, weights of a trained net are not all that grey.
    const gap = pixel(112, 5);
    expect(pixel(113, 300)).toEqual(gap);
    expect(pixel(300, 229)).toEqual(gap);
    const tile = new Set<string>();
    for (let x = 0; x < 112; x += 4) tile.add(pixel(x, 50).join());
    expect(tile.size).toBeGreaterThan(5);
    expect(tile.has(gap.join())).toBe(false);
  });

  it('writes an SVG with a title, 16 tiles and a colour bar when -o ends in .svg', async () => {
    const out = join(dir, 'weights.svg');
    expect((await run('viz', 'weights', model, '-o', out)).code).toBe(0);
    const svg = expectValidSvg(out);
    expect(svg.match(/<image/g)).toHaveLength(16);
    expect(svg).toContain('neuron 16');
    expect(svg).not.toContain('neuron 17');
    expect(svg).toContain('First-layer weights of small.safetensors: 16 neurons × 784 inputs');
  });

  it('refuses an unknown extension before loading anything, a missing model and a file that is not a model', async () => {
    expectOneLineError(await run('viz', 'weights', model, '-o', join(dir, 'w.jpg')), /w\.jpg: expected a \.png or \.svg file name, found "\.jpg"/);
    expectOneLineError(await run('viz', 'weights', join(dir, 'nope.safetensors'), '-o', join(dir, 'w.png')), /nope\.safetensors: no such file/);
    expectOneLineError(await run('viz', 'weights', log, '-o', join(dir, 'w2.png')), /small\.jsonl/);
    expect(existsSync(join(dir, 'w2.png'))).toBe(false);
  });
});

describe('downhill viz curves', () => {
  it('plots one run: training and test cost, training and test accuracy, in one valid SVG', async () => {
    const out = join(dir, 'curves.svg');
    expect((await run('viz', 'curves', log, '-o', out)).code).toBe(0);
    const svg = expectValidSvg(out);
    for (const label of [
      'training cost',
      'test cost',
      'training set',
      'test set',
      'test set, weights averaged',
      'epoch',
      'accuracy (%)',
      'sgd η 3, batch 10, 784-16-16-10',
    ]) {
      expect(svg).toContain(label);
    }
  });

  it('overlays several runs named by their files, with a log-scale cost', async () => {
    const other = join(dir, 'other.jsonl');
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    writeFileSync(other, `${lines.map((l) => JSON.stringify(l.type === 'epoch' ? { ...l, cost: l.cost / 2 } : l)).join('\n')}\n`);
    const out = join(dir, 'two.svg');
    expect((await run('viz', 'curves', log, other, '--log-y', '--metric', 'cost', '-o', out)).code).toBe(0);
    const svg = expectValidSvg(out);
    expect(svg).toContain('>small<');
    expect(svg).toContain('>other<');
    expect(svg).toContain('log scale');
    expect(svg).not.toContain('accuracy (%)');
  });

  it('says which line of which file is not a run log', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"type":"header"}\nnot json\n');
    expectOneLineError(await run('viz', 'curves', bad, '-o', join(dir, 'c.svg')), /bad\.jsonl, line 2: expected a JSON object/);
    expectOneLineError(await run('viz', 'curves', model, '-o', join(dir, 'c.svg')), /small\.safetensors, line 1: .*binary data/);
  });
});

describe('downhill viz confusion, network, digit', () => {
  it('confusion: a valid SVG of the test set and the accuracy printed', async () => {
    const out = join(dir, 'cm.svg');
    const r = await run('viz', 'confusion', model, '--test-limit', '500', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy \d+\.\d\d% \(\d+ \/ 500\)/);
    const svg = expectValidSvg(out);
    expect(svg).toContain('500 images');
  });

  it('network: the 784 inputs as one image and 16 + 16 + 10 neurons', async () => {
    const out = join(dir, 'net.svg');
    const r = await run('viz', 'network', model, '--index', '3', '-o', out);
    expect(r.code).toBe(0);
    // MNIST test image 3 is a 0.
    expect(r.stdout).toMatch(/test image 3 is a 0; the network answers \d \(output 0\.\d{3}\)/);
    const svg = expectValidSvg(out);
    expect(svg.match(/<circle/g)).toHaveLength(16 + 16 + 10);
    expect(svg).toContain('<image');
  });

  it('digit: the image and its 10 outputs; an index past the test set is one clear line', async () => {
    const out = join(dir, 'digit.svg');
    const r = await run('viz', 'digit', model, '--index', '0', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test image 0 is a 7/);
    const svg = expectValidSvg(out);
    expect(svg).toContain('test image 0: a 7');
    expectOneLineError(await run('viz', 'digit', model, '--index', '10000', '-o', out), /--index: expected a test image number below 10000, found 10000/);
  });
});

describe('downhill viz landscape', () => {
  it('races sgd, momentum and adam down Rosenbrock, each at its best learning rate of a sweep', async () => {
    const out = join(dir, 'race.svg');
    const r = await run('viz', 'landscape', 'rosenbrock', '--race', 'sgd,momentum,adam', '--steps', '300', '-o', out);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(sgd|momentum|adam) /.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/η [\d.e-]+ \(best of a sweep\)/);
    const svg = expectValidSvg(out);
    for (const name of ['sgd, η =', 'momentum, η =', 'adam, η =']) expect(svg).toContain(name);
  });

  it('takes a typed function, a start, a learning rate per optimizer, and a 1-D function as the ball on a curve', async () => {
    const out = join(dir, 'bowl.svg');
    const r = await run('viz', 'landscape', 'x^2 + 10 y^2', '--from', '-4,2', '--race', 'sgd:0.05,momentum:0.01', '--steps', '50', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sgd +η 0\.05 +still moving after 50 steps, 0\.02\d+ from the minimum \(0, 0\), f = /m);
    expectValidSvg(out);
    const ball = join(dir, 'ball.svg');
    const b = await run('viz', 'landscape', '(w - 2)^2', '--from', '4', '--lr', '0.3', '--steps', '5', '-o', ball);
    expect(b.code).toBe(0);
    // w ← w − 0.3 · 2(w − 2): 4 → 2.8 → 2.32 → 2.128 → 2.0512 → 2.02048.
    expect(b.stdout).toMatch(/still moving after 5 steps, 0\.02047\d* from the minimum w = 2/);
    expectValidSvg(ball);
  });

  it('explains bad requests in one line', async () => {
    const out = join(dir, 'x.svg');
    expectOneLineError(await run('viz', 'landscape', 'sin(x', '-o', out), /does not parse/);
    expectOneLineError(
      await run('viz', 'landscape', 'parabola', '--race', 'sgd,adam', '-o', out),
      /a 1-D landscape shows one ball: expected one optimizer, found 2/,
    );
    expectOneLineError(await run('viz', 'landscape', 'rosenbrock', '--from', '1,2,3', '-o', out), /--from: expected two numbers x,y/);
    expectOneLineError(await run('viz', 'landscape', 'rosenbrock', '-o', join(dir, 'x.png')), /expected a \.svg file name/);
    // Flag errors of nested subcommands read like every other error.
    expectOneLineError(
      await run('viz', 'landscape', 'rosenbrock', '--steps', 'abc', '-o', out),
      /--steps <n>.*expected a whole number from 1 to 20,000, found "abc"/,
    );
    expectOneLineError(await run('viz', 'landscape', 'rosenbrock', '--race', 'sgd,foo', '-o', out), /--race .*found 'foo'/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('downhill viz slice', () => {
  it("slices the network's own cost: the line from its start and the plane of the path it took, the centre being the model's own cost", async () => {
    const { evaluate, imageExamples } = await import('@downhill/train');
    const { getCost } = await import('@downhill/cost');
    const { subset } = await import('@downhill/datasets');
    const { loadModel } = await import('@downhill/network');
    const { loadData } = await import('../data.js');
    const model = join(dir, 'path.safetensors');
    expect((await run('train', '--record-path', '--limit', '1000', '--test-limit', '100', '--epochs', '4', '--no-train-accuracy', '-o', model)).code).toBe(0);
    const log = readFileSync(join(dir, 'path.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.filter((r) => r.type === 'weights').map((r) => r.epoch)).toEqual([0, 1, 2, 3, 4]);
    const out = join(dir, 'slice.svg');
    const r = await run('viz', 'slice', model, '--log', join(dir, 'path.jsonl'), '--examples', '300', '--resolution', '7', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(readFileSync(out, 'utf8'))).toBe(true);
    expect(r.stdout).toMatch(/the plane of the training path \(its first two principal directions, [\d.]+ % of its spread\): 7 × 7 costs/);
    // The centre of the slice is the model's own cost on the same 300 images.
    const center = Number(/at its centre: (\S+)/.exec(r.stdout)![1]);
    const { network, metadata } = loadModel(new Uint8Array(readFileSync(model)), model);
    const { train } = await loadData({});
    const own = evaluate(network, imageExamples(subset(train, 300)), { cost: getCost(metadata.cost!) }).cost!;
    expect(Math.abs(center - own)).toBeLessThan(1e-6);
    // Without a recorded path: two random directions (and the line from the start its seed makes again).
    const random = await run('viz', 'slice', model, '--examples', '300', '--resolution', '5', '-o', join(dir, 'random.svg'));
    expect(random.stdout).toMatch(/two random directions through the trained weights/);
    expect(random.stdout).toMatch(/cost at the initial weights [\d.]+, at the trained ones [\d.]+/);

    // A --log it cannot use is refused, never quietly replaced by random directions; nothing is written.
    const refused = async (log: string, message: RegExp) => {
      const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.svg`);
      const r = await run('viz', 'slice', model, '--log', log, '--examples', '100', '--resolution', '3', '-o', out);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    };
    writeFileSync(join(dir, 'garbage.jsonl'), 'not a log\n');
    await refused(join(dir, 'garbage.jsonl'), /garbage\.jsonl, line 1: expected a run log .*found "not a log"/);
    await refused(model, /expected a run log/);
    await refused(dir, /is a folder, expected a file/);
    const full = readFileSync(join(dir, 'path.jsonl'), 'utf8');
    writeFileSync(join(dir, 'cut.jsonl'), full.slice(0, Math.floor(full.length / 2)));
    await refused(join(dir, 'cut.jsonl'), /cut\.jsonl, line \d+: expected a run log .*cut off/);
    // A run that did not record its path, and the log of another run of the same network.
    const other = join(dir, 'other.safetensors');
    expect((await run('train', '--limit', '500', '--test-limit', '100', '--epochs', '2', '--seed', '2', '--no-train-accuracy', '-o', other)).code).toBe(0);
    await refused(join(dir, 'other.jsonl'), /other\.jsonl: the run did not record its path .*--record-path/);
    expect(
      (await run('train', '--record-path', '--limit', '500', '--test-limit', '100', '--epochs', '2', '--seed', '2', '--no-train-accuracy', '-o', other)).code,
    ).toBe(0);
    await refused(join(dir, 'other.jsonl'), /other\.jsonl: this log belongs to another model \(.*other\.safetensors with sha256/);
    // A model with another number of outputs than MNIST's classes.
    const { Network, saveModel, sequentialSpec } = await import('@downhill/network');
    const { Rng } = await import('@downhill/linalg');
    const five = join(dir, 'five.safetensors');
    writeFileSync(five, saveModel(Network.create(sequentialSpec([784, 16, 5], 'sigmoid'), { rng: new Rng(1) })));
    const wrong = await run('viz', 'slice', five, '--examples', '100', '--resolution', '3', '-o', join(dir, 'five.svg'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/five\.safetensors: the model has 5 outputs, MNIST has 10 classes; expected one output per class/);
  });
});
