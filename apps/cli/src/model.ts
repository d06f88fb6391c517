import { type ActivationName, ActivationsUnknownError, activations, loadModel } from '@downhill/network';
import { type Command, Option } from 'commander';
import { readBytes } from './io.js';

/** The activations a file may not say (one saved from PyTorch holds only tensors), as `--activation` and `--output` give them. */
export interface ActivationFlags {
  activation?: ActivationName;
  output?: ActivationName;
}

const hiddenNames = () => [...activations.values()].filter((a) => a.elementwise).map((a) => a.name);

/** Add `--activation` and `--output` to a command that reads a model: for files that do not say their activations. */
export function withActivationFlags(command: Command): Command {
  return command
    .addOption(
      new Option('--activation <name>', "the hidden layers' activation, for a model file that does not say it (e.g. saved from PyTorch)").choices(
        hiddenNames(),
      ),
    )
    .addOption(new Option('--output <name>', "the output layer's activation, likewise (default: --activation)").choices([...activations.keys()]));
}

/**
 * Read and validate a .safetensors model file (downhill's own, a checkpoint,
 * or one another tool wrote, whose activations come from `flags`); errors
 * name the file and the flags that would help. Notes (tensors converted to
 * float32) go to stderr. The file's bytes come back too (to hash them, say).
 */
export async function readModel(path: string, flags: ActivationFlags = {}) {
  const bytes = await readBytes(path);
  try {
    const model = loadModel(bytes, {
      source: path,
      ...(flags.activation ? { activation: flags.activation } : {}),
      ...(flags.output ? { output: flags.output } : {}),
    });
    for (const note of model.notes) process.stderr.write(`downhill: note: ${path}: ${note}\n`);
    return { ...model, bytes };
  } catch (error) {
    // The library names its options; here they are flags.
    if (error instanceof ActivationsUnknownError) {
      throw new ActivationsUnknownError(error.source, error.sizes, error.format, error.missing, { activation: '--activation', output: '--output' });
    }
    throw error;
  }
}
