import { extname } from 'node:path';
import { matrix } from '@downhill/linalg';
import { decodePng, type RgbaImage } from '@downhill/viz';
import { Command } from 'commander';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { scalePixels, toMnistPixels } from '@downhill/datasets';
import { readBytes } from '../io.js';
import { type ActivationFlags, readModel, withActivationFlags } from '../model.js';
import { nonNegativeInteger } from '../options.js';
import { type Output, stdoutOutput } from '../progress.js';
import { pickImage } from '../viz/network-parts.js';

const shades = ' .:-=+*#%@';

/** The digit in the terminal: one character per pixel, darker characters for more ink. */
export function asciiDigit(pixels: Uint8Array, width: number): string {
  const lines: string[] = [];
  for (let y = 0; y < pixels.length / width; y++) {
    let line = '';
    for (let x = 0; x < width; x++) line += shades[Math.min(shades.length - 1, Math.floor((pixels[y * width + x]! / 256) * shades.length))]!.repeat(2);
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

export function predictCommand(output: Output = stdoutOutput): Command {
  return withActivationFlags(
    new Command('predict')
      .summary('ask a trained model which digit an image shows')
      .description('Show the model one image — a test image by --index, or a PNG file — and print its 10 output activations.')
      .argument('<model>', 'a .safetensors file written by `downhill train`, or by PyTorch with --activation (see docs/interop.md)')
      .argument('[image]', 'a PNG picture of a digit (28×28 grayscale, or any size: it is scaled)')
      .option('--index <n>', 'use test image number n instead of a file', nonNegativeInteger)
      .option('--data <dir>', 'with --index: a folder of MNIST-named IDX files (default: MNIST)'),
  ).action(async (modelPath: string, imagePath: string | undefined, flags: { index?: number; data?: string } & ActivationFlags) => {
    if ((imagePath === undefined) === (flags.index === undefined)) {
      throw new UsageError(`predict: expected either an image file or --index N, found ${imagePath ? 'both' : 'neither'}`);
    }
    const { network } = await readModel(modelPath, flags);
    let pixels: Uint8Array, label: number | undefined, what: string;
    if (imagePath !== undefined) {
      if (extname(imagePath).toLowerCase() !== '.png') throw new UsageError(`${imagePath}: expected a .png image`);
      // A PNG is at most 64 MB here; decodePng caps the pixels (4096 × 4096) before decoding, and names the file.
      const image: RgbaImage = decodePng(await readBytes(imagePath, 64e6), { source: imagePath });
      pixels = toMnistPixels(image);
      what = `${imagePath} (${image.width}×${image.height}${image.width === 28 && image.height === 28 ? '' : ', scaled to 28×28'})`;
    } else {
      const { test, name } = await loadData({ ...(flags.data ? { data: flags.data } : {}) });
      ({ pixels, label } = pickImage(test, flags.index!, network, modelPath));
      what = `${name} test image ${flags.index}`;
    }
    if (pixels.length !== network.spec.inputSize) {
      throw new UsageError(`${modelPath}: the model expects ${network.spec.inputSize} inputs, the image has ${pixels.length} pixels`);
    }
    const outputs = Array.from(network.forward(matrix(1, pixels.length, scalePixels(pixels))).data);
    const best = outputs.indexOf(Math.max(...outputs));
    output.line(what);
    output.line(asciiDigit(pixels, 28));
    output.line('');
    outputs.forEach((a, digit) => {
      output.line(`${digit}  ${a.toFixed(4)}  ${'█'.repeat(Math.round(Math.max(0, Math.min(1, a)) * 40))}${digit === best ? '  ← prediction' : ''}`);
    });
    output.line('');
    output.line(`prediction: ${best}${label !== undefined ? ` (true label ${label}, ${label === best ? 'right' : 'wrong'})` : ''}`);
  });
}
