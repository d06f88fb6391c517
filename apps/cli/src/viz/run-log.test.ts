import { describe, expect, it } from 'vitest';
import { describeRun, parseRunLog, runNames } from './run-log.js';

const header = JSON.stringify({
  type: 'header',
  command: 'train',
  layers: [784, 16, 16, 10],
  cost: 'quadratic',
  optimizer: 'sgd',
  hyperparameters: { learningRate: 3 },
  batch: 10,
});
const epoch = (n: number, extra: object = {}) => JSON.stringify({ type: 'epoch', epoch: n, cost: 1 / n, testAccuracy: 0.9, ...extra });

describe('run logs', () => {
  it('reads the header and the epochs, keeping only numeric fields, skipping unknown record types', () => {
    const log = parseRunLog(
      `${header}\n${epoch(1, { seconds: 1.5, trainAccuracy: 'x', averageTestAccuracy: 0.91 })}\n{"type":"note"}\n\n${epoch(2)}\n`,
      'a.jsonl',
    );
    expect(log.epochs).toEqual([
      { epoch: 1, cost: 1, testAccuracy: 0.9, averageTestAccuracy: 0.91, seconds: 1.5 },
      { epoch: 2, cost: 0.5, testAccuracy: 0.9 },
    ]);
    expect(describeRun(log)).toBe('sgd η 3, batch 10, 784-16-16-10, quadratic');
  });

  it('names the file and line of what it cannot read', () => {
    expect(() => parseRunLog(`${header}\n[1, 2]\n`, 'a.jsonl')).toThrow(/^a\.jsonl, line 2: expected a JSON object, found \[1,2\]$/);
    expect(() => parseRunLog(`${header}\n{"type":"epoch","epoch":1}\n`, 'a.jsonl')).toThrow(
      /a\.jsonl, line 2: expected an epoch record with numbers "epoch" and "cost"/,
    );
    expect(() => parseRunLog(header, 'h.jsonl')).toThrow('h.jsonl: no epoch records');
  });

  it('names runs by file, adding the folder only where two files share a name', () => {
    const log = (path: string) => parseRunLog(epoch(1), path);
    expect(runNames([log('runs/a/model.jsonl'), log('runs/b/model.jsonl'), log('other.jsonl')])).toEqual(['a/model', 'b/model', 'other']);
  });
});
