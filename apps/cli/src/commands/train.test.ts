import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@downhill/network';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../test/run-cli.js';

const small = ['--limit', '2000', '--test-limit', '500', '--epochs', '2'];

describe('downhill train', () => {
  it('--dry-run prints the lesson network: 784-16-16-10, 13,002 weights and biases', async () => {
    const { status, stdout } = await runMain(['train', '--dry-run']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/784 → 16 +sigmoid +12,560/);
    expect(stdout).toMatch(/16 → 10 +sigmoid +170/);
    expect(stdout).toMatch(/total +13,002/);
    expect(stdout).toMatch(/cost quadratic, init lecun, optimizer sgd \(learningRate 3/);
    expect(stdout).toMatch(/batch 10, 30 epochs, seed 1/);
  });

  it('same command and seed twice: same accuracies, byte-identical model files; a run log beside the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-train-'));
    const a = await runMain(['train', ...small, '--out', join(dir, 'a.safetensors')]);
    const b = await runMain(['train', ...small, '--out', join(dir, 'b.safetensors')]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const accuracies = (s: string) =>
      s
        .split('\n')
        .filter((l) => l.startsWith('epoch'))
        .map((l) => l.replace(/ {2}[\d.]+ s .*$/, ''));
    expect(accuracies(a.stdout)).toHaveLength(2);
    expect(accuracies(a.stdout)).toEqual(accuracies(b.stdout));
    const bytesA = readFileSync(join(dir, 'a.safetensors'));
    expect(bytesA.equals(readFileSync(join(dir, 'b.safetensors')))).toBe(true);

    const { network, metadata } = loadModel(new Uint8Array(bytesA), 'a.safetensors');
    expect(network.parameterCount).toBe(13_002);
    expect(JSON.parse(metadata.optimizer!)).toMatchObject({ name: 'sgd', hyperparameters: { learningRate: 3 } });

    const log = readFileSync(join(dir, 'a.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The last line names the model the log belongs to.
    expect(log.at(-1)).toEqual({ type: 'saved', model: 'a.safetensors', bytes: bytesA.length, sha256: createHash('sha256').update(bytesA).digest('hex') });
    log.pop();
    expect(log[0]).toMatchObject({
      type: 'header',
      layers: [784, 16, 16, 10],
      activation: 'sigmoid',
      cost: 'quadratic',
      optimizer: 'sgd',
      batch: 10,
      epochs: 2,
      seed: 1,
    });
    expect(log.slice(1).map((e) => e.epoch)).toEqual([1, 2]);
    for (const epoch of log.slice(1)) {
      expect(epoch.type).toBe('epoch');
      expect(epoch.testAccuracy).toBeGreaterThan(0.2); // chance is 0.1
      expect(epoch.trainAccuracy).toBeGreaterThan(0.2);
      expect(epoch.seconds).toBeGreaterThan(0);
      expect(epoch.examplesPerSecond).toBeGreaterThan(0);
    }
    // The printed final accuracy is the log's last one (of the saved, averaged weights).
    expect(a.stdout).toContain(`test accuracy ${(100 * log[2].averageTestAccuracy).toFixed(2)}%`);
    await runMain(['train', ...small, '--seed', '2', '--out', join(dir, 'c.safetensors')]);
    expect(readFileSync(join(dir, 'c.safetensors')).equals(bytesA)).toBe(false);
  });

  it('takes the flags of the second acceptance run (relu, cross-entropy, adam) and --opt.* hyperparameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-train-'));
    const out = join(dir, 'relu.safetensors');
    const r = await runMain([
      'train',
      '--layers',
      '784,100,10',
      '--activation',
      'relu',
      '--cost',
      'cross-entropy',
      '--optimizer',
      'adam',
      '--lr',
      '0.001',
      '--batch',
      '128',
      '--opt.beta1',
      '0.8',
      ...small,
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/100 → 10 +softmax/);
    expect(r.stdout).toMatch(/init he, optimizer adam \(learningRate 0.001, beta1 0.8/);
    const { network, metadata } = loadModel(new Uint8Array(readFileSync(out)), out);
    expect(network.parameterCount).toBe(784 * 100 + 100 + 100 * 10 + 10);
    expect(metadata.cost).toBe('cross-entropy');
    expect(JSON.parse(metadata.optimizer!).hyperparameters.beta1).toBe(0.8);
  });

  it('saves the weights averaged over the second half of the epochs; --average-from and --no-average choose otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-average-'));
    const four = ['--limit', '2000', '--test-limit', '500', '--epochs', '4', '--no-train-accuracy'];
    const averaged = await runMain(['train', ...four, '--out', join(dir, 'avg.safetensors')]);
    expect(averaged.status).toBe(0);
    expect(averaged.stdout).toContain('saving the weights averaged over epochs 3–4');
    const log = readFileSync(join(dir, 'avg.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.type !== 'saved');
    expect(log[0].averageFrom).toBe(3);
    expect(log.slice(1).map((e) => e.averagedEpochs)).toEqual([undefined, undefined, 1, 2]);
    const last = log[4];
    expect(averaged.stdout).toContain(
      `test accuracy ${(100 * last.averageTestAccuracy).toFixed(2)}% (${Math.round(500 * last.averageTestAccuracy)} / 500) with the weights averaged over epochs 3–4 ` +
        `(the last epoch's weights alone: ${(100 * last.testAccuracy).toFixed(2)}%)`,
    );
    const plain = await runMain(['train', ...four, '--no-average', '--checkpoint', join(dir, 'ckpt.safetensors'), '--out', join(dir, 'plain.safetensors')]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain('averaged');
    // --no-average saves the last step's weights: the same as the checkpoint's layers. The average differs from them.
    const weights = (file: string) =>
      Array.from(loadModel(new Uint8Array(readFileSync(join(dir, file))), file, { extraTensorPrefix: 'optimizer.' }).network.params);
    expect(weights('plain.safetensors')).toEqual(weights('ckpt.safetensors'));
    expect(weights('avg.safetensors')).not.toEqual(weights('plain.safetensors'));
    const early = await runMain(['train', ...four, '--average-from', '1', '--out', join(dir, 'early.safetensors')]);
    expect(early.stdout).toContain('saving the weights averaged over epochs 1–4');
    const late = await runMain(['train', ...four, '--average-from', '5', '--out', join(dir, 'late.safetensors')]);
    expect(late.status).toBe(1);
    expect(late.stderr.trim()).toBe("downhill: --average-from: expected an epoch from 1 to the run's 4, found 5");
    expect(readdirSync(dir)).not.toContain('late.safetensors');
  });

  it('--checkpoint then --resume ends byte-identical to a run that never stopped (optimizer state included)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-resume-'));
    const base = ['train', '--limit', '1500', '--test-limit', '100', '--optimizer', 'adam', '--lr', '0.01'];
    expect((await runMain([...base, '--epochs', '3', '--out', join(dir, 'whole.safetensors')])).status).toBe(0);
    expect((await runMain([...base, '--epochs', '2', '--checkpoint', join(dir, 'ckpt.safetensors'), '--out', join(dir, 'half.safetensors')])).status).toBe(0);
    const resumed = await runMain([
      'train',
      '--limit',
      '1500',
      '--test-limit',
      '100',
      '--epochs',
      '3',
      '--resume',
      join(dir, 'ckpt.safetensors'),
      '--out',
      join(dir, 'resumed.safetensors'),
    ]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('after epoch 2');
    expect(resumed.stdout).toMatch(/optimizer adam \(learningRate 0.01/);
    expect(readFileSync(join(dir, 'resumed.safetensors')).equals(readFileSync(join(dir, 'whole.safetensors')))).toBe(true);
    // A checkpoint of a run's last epoch (its final save cut short, say) only saves: the same model, no training.
    const finish = await runMain([
      'train',
      '--limit',
      '1500',
      '--test-limit',
      '100',
      '--epochs',
      '2',
      '--resume',
      join(dir, 'ckpt.safetensors'),
      '--out',
      join(dir, 'x.safetensors'),
    ]);
    expect(finish.status).toBe(0);
    expect(finish.stdout).toContain('holds all 2 epochs: saving its model');
    expect(finish.stdout).not.toMatch(/^epoch /m);
    expect(readFileSync(join(dir, 'x.safetensors')).equals(readFileSync(join(dir, 'half.safetensors')))).toBe(true);
    const late = await runMain(['train', '--epochs', '1', '--resume', join(dir, 'ckpt.safetensors'), '--out', join(dir, 'y.safetensors')]);
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/is at epoch 2 already; expected --epochs of at least 2, found 1/);
  });

  it('--lr 1000 stops with one line naming the learning rate, exit 1, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-train-'));
    const r = await runMain(['train', '--lr', '1000', ...small, '--out', join(dir, 'm.safetensors')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^downhill: training diverged at epoch 1, batch 1: .*learning rate 1000 is likely too large/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('warns "not learning" only after 1,000 mini-batches at chance, not after the few of a small --limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-train-'));
    const few = await runMain(['train', '--limit', '100', '--test-limit', '200', '--epochs', '1', '--lr', '0.01', '--out', join(dir, 'few.safetensors')]);
    expect(few.status).toBe(0);
    expect(few.stderr).not.toMatch(/not learning/);
    // η = 100 saturates the lesson's sigmoid neurons: 1,000 mini-batches later it reads digits at chance.
    const saturated = await runMain([
      'train',
      '--limit',
      '10000',
      '--test-limit',
      '200',
      '--epochs',
      '1',
      '--lr',
      '100',
      '--out',
      join(dir, 'sat.safetensors'),
    ]);
    expect(saturated.status).toBe(0);
    expect(saturated.stderr).toMatch(
      /warning: after 1,000 mini-batches \(one epoch\) the network is right \d+\.\d% of the time, about chance \(10%\): it is not learning; the learning rate 100/,
    );
  });

  it('--preset tweaks is the lesson\'s "with tweaks" run; a flag given beside it overrides its part', async () => {
    const r = await runMain(['train', '--preset', 'tweaks', '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/784 → 800 +relu/);
    expect(r.stdout).toMatch(/800 → 10 +softmax/);
    expect(r.stdout).toMatch(/cost cross-entropy, init he, optimizer adam \(learningRate 0\.001,/);
    expect(r.stdout).toMatch(/batch 128, 8 epochs, seed 1, η annealed to 0\.00001 \(cosine\)$/m);
    const shorter = await runMain(['train', '--preset', 'tweaks', '--epochs', '2', '--layers', '784,100,10', '--dry-run']);
    expect(shorter.stdout).toMatch(/784 → 100 +relu/);
    expect(shorter.stdout).toMatch(/batch 128, 2 epochs/);
    const lesson = await runMain(['train', '--preset', 'lesson', '--dry-run']);
    expect(lesson.stdout).toMatch(/optimizer sgd \(learningRate 3,.*batch 10, 30 epochs, seed 1, saving the weights averaged over epochs 16–30$/m);
  });

  it('explains itself with --help', async () => {
    const r = await runMain(['train', '--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--layers',
      '--activation',
      '--cost',
      '--optimizer',
      '--lr',
      '--batch',
      '--epochs',
      '--seed',
      '--out',
      '--log',
      '--data',
      '--dry-run',
      '--opt.NAME',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
