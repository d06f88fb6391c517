import { showValue } from '@downhill/train';
import { UsageError } from './errors.js';

/** One line of a run log (JSON lines): the header, an epoch, a resume, an interruption, the save. */
export type LogRecord = { readonly type: 'header' | 'epoch' | 'resumed' | 'interrupted' | 'saved' | 'weights' } & Record<string, unknown>;

const carried = new Set(['header', 'epoch', 'resumed', 'interrupted', 'weights']);

/**
 * The run log a checkpoint carries (so a resumed run's log continues the
 * original: its epochs, then a `resumed` line, then the new epochs). It comes
 * from a file, so each line is checked: a JSON object of a known type, epochs
 * numbered up to the checkpoint's. A checkpoint without one starts a new log.
 */
export function parseResumedLog(text: string | undefined, path: string, epoch: number): LogRecord[] {
  if (text === undefined) return [];
  const records: LogRecord[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      record = undefined;
    }
    const fields = record as Record<string, unknown> | undefined;
    const ok =
      typeof fields === 'object' &&
      fields !== null &&
      !Array.isArray(fields) &&
      carried.has(fields.type as string) &&
      (fields.type !== 'epoch' || (Number.isInteger(fields.epoch) && (fields.epoch as number) >= 1 && (fields.epoch as number) <= epoch)) &&
      (fields.type !== 'weights' ||
        (Number.isInteger(fields.epoch) && (fields.epoch as number) >= 0 && (fields.epoch as number) <= epoch && typeof fields.params === 'string'));
    if (!ok) {
      throw new UsageError(
        `${path}: run log line ${i + 1}: expected a header, epoch (1 to ${epoch}), weights, resumed or interrupted record, found ${showValue(line)}`,
      );
    }
    records.push(fields as LogRecord);
  }
  return records;
}
