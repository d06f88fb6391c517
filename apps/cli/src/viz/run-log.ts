import { basename, dirname, extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** One epoch line of a run log, as `downhill train` writes it. */
export interface EpochRecord {
  epoch: number;
  cost: number;
  trainAccuracy?: number;
  testAccuracy?: number;
  testCost?: number;
  /** Test accuracy of the weights averaged so far (stochastic weight averaging). */
  averageTestAccuracy?: number;
  seconds?: number;
  examplesPerSecond?: number;
}

export interface RunLog {
  path: string;
  /** The settings line, when the log has one. */
  header?: Record<string, unknown>;
  epochs: EpochRecord[];
}

const optionalNumbers = ['trainAccuracy', 'testAccuracy', 'testCost', 'averageTestAccuracy', 'seconds', 'examplesPerSecond'] as const;

/** Parse a run log (JSON lines: a header, then one object per epoch); errors name the file and line. */
export function parseRunLog(text: string, path: string): RunLog {
  const log: RunLog = { path, epochs: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mean a binary file
      const found = /[\u0000-\u0008\u000e-\u001f]/.test(line) ? 'binary data (a model file?)' : JSON.stringify(line.slice(0, 40));
      throw new UsageError(`${path}, line ${i + 1}: expected a JSON object (a run log written by \`downhill train\`), found ${found}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UsageError(`${path}, line ${i + 1}: expected a JSON object, found ${JSON.stringify(value)}`);
    }
    const record = value as Record<string, unknown>;
    if (record.type === 'header') {
      log.header = record;
      return;
    }
    if (record.type !== 'epoch') return; // other record types may come later; skip them
    const { epoch, cost } = record;
    if (typeof epoch !== 'number' || typeof cost !== 'number') {
      throw new UsageError(`${path}, line ${i + 1}: expected an epoch record with numbers "epoch" and "cost", found ${line.slice(0, 60)}`);
    }
    const epochRecord: EpochRecord = { epoch, cost };
    for (const key of optionalNumbers) if (typeof record[key] === 'number') epochRecord[key] = record[key] as number;
    log.epochs.push(epochRecord);
  });
  if (log.epochs.length === 0) throw new UsageError(`${path}: no epoch records (expected a run log written by \`downhill train\`)`);
  return log;
}

export async function readRunLog(path: string): Promise<RunLog> {
  return parseRunLog(await readFile(path, 'utf8'), path);
}

/**
 * A short legend name for each run: its file name, and when two runs share
 * one, the folder too.
 */
export function runNames(logs: readonly RunLog[]): string[] {
  const base = logs.map((l) => basename(l.path, extname(l.path)));
  return base.map((name, i) => (base.indexOf(name) !== base.lastIndexOf(name) ? `${basename(dirname(logs[i]!.path))}/${name}` : name));
}

/** One line about a run's settings, from its header: "sgd η 3, batch 10, 784-16-16-10". */
export function describeRun(log: RunLog): string | undefined {
  const h = log.header;
  if (!h) return undefined;
  const parts: string[] = [];
  const hyper = h.hyperparameters as Record<string, number> | undefined;
  if (typeof h.optimizer === 'string') parts.push(`${h.optimizer}${hyper?.learningRate !== undefined ? ` η ${hyper.learningRate}` : ''}`);
  if (typeof h.batch === 'number') parts.push(`batch ${h.batch}`);
  if (Array.isArray(h.layers)) parts.push(h.layers.join('-'));
  if (typeof h.cost === 'string') parts.push(h.cost);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
