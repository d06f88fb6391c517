import { checkWritable, removeStaleTemporaries, sameFile } from './io.js';
import { UsageError } from './errors.js';

/** A file a command will write, named by the flag that chose it. */
export interface PlannedOutput {
  readonly flag: string;
  readonly path: string;
  /** About how many bytes it will take. */
  readonly bytes: number;
}

/** A file a command reads, which no output may replace. */
export interface PlannedInput {
  readonly flag: string;
  readonly path: string;
  /** Outputs (by flag) that may be this file: a checkpoint resumed and written again. */
  readonly mayBe?: readonly string[];
}

/**
 * Before a long run: refuse outputs that are the same file (`-o m --log m`
 * would write the log over the model) or that would replace an input, then
 * check each can be written, with room on its disk. Temporary files left
 * beside them by a killed earlier run are removed. Nothing is created.
 */
export async function checkOutputs(outputs: readonly PlannedOutput[], inputs: readonly PlannedInput[] = []): Promise<void> {
  outputs.forEach((a, i) => {
    for (const b of outputs.slice(i + 1)) {
      if (sameFile(a.path, b.path)) {
        throw new UsageError(`${b.flag}: ${b.path} is also ${a.flag}; the one would overwrite the other, so give them different paths`);
      }
    }
    for (const input of inputs) {
      if (!input.mayBe?.includes(a.flag) && sameFile(a.path, input.path)) {
        throw new UsageError(`${a.flag}: ${a.path} is also ${input.flag}, which this run reads; writing it would lose it, so give another path`);
      }
    }
  });
  for (const output of outputs) {
    await checkWritable(output.path, output.bytes);
    await removeStaleTemporaries(output.path);
  }
}
