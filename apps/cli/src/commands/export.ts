import { extname } from 'node:path';
import { CHECKPOINT_METADATA } from '@downhill/network';
import { ONNX_OPSET, exportOnnx } from '@downhill/onnx';
import { formatBytes } from '@downhill/train';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { type ActivationFlags, readModel, withActivationFlags } from '../model.js';
import { checkOutputs } from '../outputs.js';
import { type Output, stdoutOutput } from '../progress.js';

/** `model.safetensors` → `model.onnx`, beside it. */
const onnxBeside = (path: string): string => `${extname(path) === '' ? path : path.slice(0, -extname(path).length)}.onnx`;

export function exportCommand(output: Output = stdoutOutput): Command {
  return withActivationFlags(
    new Command('export')
      .summary('write a model as ONNX, for ONNX Runtime on any machine')
      .description(
        'Write a model as an ONNX file (opset 17): one Gemm and one activation per layer, input "input" [batch, inputs] with the batch symbolic. ' +
          'ONNX Runtime (Python, JavaScript, C#, C++, Java) runs it; docs/interop.md shows how.',
      )
      .argument('<model>', 'a .safetensors file written by `downhill train`, or by PyTorch with --activation (see docs/interop.md)')
      .option('-o, --out <file>', "the .onnx file to write (default: the model's name with .onnx)"),
  ).action(async (modelPath: string, flags: { out?: string } & ActivationFlags) => {
    const out = flags.out ?? onnxBeside(modelPath);
    if (extname(out).toLowerCase() !== '.onnx')
      throw new UsageError(`-o/--out: expected a .onnx file name, found ${extname(out) === '' ? 'no extension' : `"${extname(out)}"`} in ${out}`);
    const { network, metadata } = await readModel(modelPath, flags);
    const { [CHECKPOINT_METADATA]: _checkpoint, ...kept } = metadata;
    const bytes = exportOnnx(network, { metadata: kept });
    await checkOutputs([{ flag: '-o/--out', path: out, bytes: bytes.length }], [{ flag: '<model>', path: modelPath }]);
    await writeFileAtomic(out, bytes);
    const layers = network.layers;
    output.line(
      `wrote ${out} (${formatBytes(bytes.length)}): ONNX opset ${ONNX_OPSET}, input 'input' [batch, ${network.inputSize}] float32 → ` +
        `${layers.map((l) => `Gemm ${l.outputSize}${l.activation.name === 'identity' ? '' : ` → ${l.activation.name}`}`).join(' → ')} → output 'output' [batch, ${network.outputSize}]`,
    );
  });
}
