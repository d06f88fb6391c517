// `downhill import` and the --activation/--output flags of eval and predict,
// on a file laid out as PyTorch writes it: an nn.Sequential's state_dict
// (0.weight, 0.bias, 2.weight, ...) with {"format": "pt"} and nothing else.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Network, encodeSafetensors, loadModel } from '@downhill/network';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../test/run-cli.js';

let dir: string;
let model: string;
let torchFile: string;
let network: Network;

/** The network's tensors under nn.Sequential's names, as safetensors.torch.save_file writes them. */
function asTorch(net: Network): Uint8Array {
  return encodeSafetensors(
    net.layers.flatMap((layer, l) => [
      { name: `${2 * l}.weight`, dtype: 'F32' as const, shape: [layer.outputSize, layer.inputSize], data: layer.weight },
      { name: `${2 * l}.bias`, dtype: 'F32' as const, shape: [layer.outputSize], data: layer.bias },
    ]),
    { format: 'pt' },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'downhill-import-'));
  model = join(dir, 'm.safetensors');
  const r = await runMain(['train', '--limit', '2000', '--test-limit', '200', '--epochs', '1', '--out', model]);
  expect(r.status).toBe(0);
  network = loadModel(new Uint8Array(readFileSync(model)), model).network;
  torchFile = join(dir, 'torch.safetensors');
  writeFileSync(torchFile, asTorch(network));
});

const accuracyLine = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('accuracy'));

describe('a PyTorch file in eval and predict', () => {
  it('without --activation: names what is missing and the flags that supply it', async () => {
    for (const command of ['eval', 'predict']) {
      const r = await runMain([command, torchFile, ...(command === 'predict' ? ['--index', '0'] : [])]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `downhill: ${torchFile}: the file does not say its activations (format 'pt' (PyTorch), no architecture; layers 784 → 16 → 16 → 10 from the tensors' shapes) ` +
          "(expected the hidden layers' activation in --activation (sigmoid, tanh, relu, identity) and the output layer's in --output " +
          "(sigmoid, tanh, relu, identity, softmax; default: the hidden layers'), found neither)\n",
      );
    }
  });

  it('with --activation: the same accuracy and outputs as the downhill model it came from', async () => {
    const own = await runMain(['eval', model, '--test-limit', '500']);
    const foreign = await runMain(['eval', torchFile, '--test-limit', '500', '--activation', 'sigmoid']);
    expect(foreign.status).toBe(0);
    expect(accuracyLine(foreign.stdout)).toBe(accuracyLine(own.stdout)!.replace(/, mean quadratic cost [\d.]+/, ''));
    const predicted = await runMain(['predict', torchFile, '--index', '3', '--activation', 'sigmoid', '--output', 'sigmoid']);
    expect(predicted.status).toBe(0);
    expect(predicted.stdout).toBe((await runMain(['predict', model, '--index', '3'])).stdout);
  });

  it('refuses flags that contradict a downhill model, and names that are not activations', async () => {
    const r = await runMain(['eval', model, '--activation', 'relu']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `downhill: ${model}: option activation 'relu' disagrees with the file's architecture (expected 'sigmoid' (what the file says) or no option, found 'relu')\n`,
    );
    const softmax = await runMain(['eval', torchFile, '--activation', 'softmax']);
    expect(softmax.status).toBe(1);
    expect(softmax.stderr).toMatch(
      /^downhill: option '--activation <name>' argument 'softmax' is invalid\. Allowed choices are sigmoid, tanh, relu, identity\. \(see --help\)\n$/,
    );
  });
});

describe('downhill import', () => {
  it('writes a downhill model that eval reads without flags, the weights unchanged', async () => {
    const out = join(dir, 'imported.safetensors');
    const r = await runMain(['import', torchFile, '--activation', 'sigmoid', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/total +13,002\n/);
    expect(r.stdout).toContain(`wrote ${out} (`);
    expect(r.stdout).toContain('a downhill model, 784-16-16-10 sigmoid/sigmoid/sigmoid');
    const imported = loadModel(new Uint8Array(readFileSync(out)), out);
    expect(imported.network.spec).toEqual(network.spec);
    expect(imported.network.params).toEqual(network.params);
    expect((await runMain(['eval', out, '--test-limit', '100'])).status).toBe(0);
  });

  it('notes F64 tensors converted to float32', async () => {
    const layer = network.layers[0]!;
    const f64 = new Float64Array(layer.outputSize * 785);
    f64.set(layer.weight);
    f64.set(layer.bias, layer.weight.length);
    const header = JSON.stringify({
      'fc1.weight': { dtype: 'F64', shape: [layer.outputSize, 784], data_offsets: [0, 8 * layer.weight.length] },
      'fc1.bias': { dtype: 'F64', shape: [layer.outputSize], data_offsets: [8 * layer.weight.length, 8 * f64.length] },
    });
    const bytes = new Uint8Array(8 + header.length + 8 * f64.length);
    new DataView(bytes.buffer).setUint32(0, header.length, true);
    bytes.set(new TextEncoder().encode(header), 8);
    bytes.set(new Uint8Array(f64.buffer), 8 + header.length);
    const file = join(dir, 'f64.safetensors');
    writeFileSync(file, bytes);
    const r = await runMain(['import', file, '--output', 'sigmoid', '-o', join(dir, 'f64-imported.safetensors')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`downhill: note: ${file}: F64 tensors converted to float32 (rounded to the nearest float32): 'fc1.weight', 'fc1.bias'\n`);
  });

  it('needs -o, and will not write over the file it reads', async () => {
    const none = await runMain(['import', torchFile, '--activation', 'sigmoid']);
    expect(none.status).toBe(1);
    expect(none.stderr).toBe("downhill: required option '-o, --out <file>' not specified (see --help)\n");
    const same = await runMain(['import', torchFile, '--activation', 'sigmoid', '-o', torchFile]);
    expect(same.status).toBe(1);
    expect(same.stderr).toBe(`downhill: -o/--out: ${torchFile} is also <file>, which this run reads; writing it would lose it, so give another path\n`);
    expect(readFileSync(torchFile)).toEqual(Buffer.from(asTorch(network)));
    expect(existsSync(join(dir, 'never.safetensors'))).toBe(false);
  });
});
