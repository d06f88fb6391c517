import { CHECKPOINT_METADATA, saveModel } from '@downhill/network';
import { formatBytes } from '@downhill/train';
import { Command } from 'commander';
import { writeFileAtomic } from '../io.js';
import { type ActivationFlags, readModel, withActivationFlags } from '../model.js';
import { checkOutputs } from '../outputs.js';
import { type Output, stdoutOutput } from '../progress.js';

export function importCommand(output: Output = stdoutOutput): Command {
  return withActivationFlags(
    new Command('import')
      .summary('turn a safetensors file from PyTorch (or another tool) into a downhill model')
      .description(
        "Read a safetensors file another tool wrote (a PyTorch state_dict: layers.N, nn.Sequential's N, or fcN weights and biases) and write it as a downhill model, " +
          'its architecture included, so eval, predict and viz need no flags. The file has no activations: give them with --activation and --output.',
      )
      .argument('<file>', 'a .safetensors file (e.g. safetensors.torch.save_file(model.state_dict(), path))')
      .requiredOption('-o, --out <file>', 'the downhill model to write (.safetensors)'),
  ).action(async (path: string, flags: { out: string } & ActivationFlags) => {
    const { network, metadata } = await readModel(path, flags);
    // A checkpoint's network, without its run's state, is a plain model.
    const { [CHECKPOINT_METADATA]: _checkpoint, ...kept } = metadata;
    const bytes = saveModel(network, kept);
    await checkOutputs([{ flag: '-o/--out', path: flags.out, bytes: bytes.length }], [{ flag: '<file>', path }]);
    await writeFileAtomic(flags.out, bytes);
    output.line(network.describe());
    output.line(
      `wrote ${flags.out} (${formatBytes(bytes.length)}): a downhill model, ${[network.inputSize, ...network.layers.map((l) => l.outputSize)].join('-')} ${network.layers.map((l) => l.activation.name).join('/')}`,
    );
  });
}
