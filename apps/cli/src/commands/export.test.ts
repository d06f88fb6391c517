import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@downhill/datasets/node';
import { encodeSafetensors, loadModel } from '@downhill/network';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../test/run-cli.js';

let dir: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'downhill-export-'));
  model = join(dir, 'm.safetensors');
  const r = await runMain(['train', '--limit', '2000', '--test-limit', '200', '--epochs', '1', '--cost', 'cross-entropy', '--out', model]);
  expect(r.status).toBe(0);
});

/** The ten outputs `downhill predict` prints, as numbers. */
const printedOutputs = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^\d {2}\d\.\d{4}/.test(l))
    .map((l) => Number(l.slice(3, 9)));

describe('downhill export', () => {
  it('writes MODEL.onnx beside the model; ONNX Runtime gives the outputs downhill predict prints', async () => {
    const r = await runMain(['export', model]);
    expect(r.status).toBe(0);
    const onnxFile = join(dir, 'm.onnx');
    expect(r.stdout).toBe(
      `wrote ${onnxFile} (${(readFileSync(onnxFile).length / 1000).toPrecision(3)} kB): ONNX opset 17, input 'input' [batch, 784] float32 → ` +
        "Gemm 16 → sigmoid → Gemm 16 → sigmoid → Gemm 10 → softmax → output 'output' [batch, 10]\n",
    );
    const { test } = await loadMnist();
    const session = await ort.InferenceSession.create(onnxFile);
    const pixels = Float32Array.from(test.pixels.subarray(0, 784), (p) => p / 255);
    const { output } = await session.run({ input: new ort.Tensor('float32', pixels, [1, 784]) });
    const predicted = printedOutputs((await runMain(['predict', model, '--index', '0'])).stdout);
    expect(predicted).toHaveLength(10);
    // predict prints 4 decimals: within half of the last one.
    const got = Array.from(output!.data as Float32Array);
    expect(Math.max(...got.map((a, digit) => Math.abs(a - predicted[digit]!)))).toBeLessThanOrEqual(0.00005 + 1e-6);
  });

  it('-o names the file; it must end in .onnx and must not be the model', async () => {
    const out = join(dir, 'sub', 'exported.onnx');
    expect((await runMain(['export', model, '-o', out])).status).toBe(0);
    expect(existsSync(out)).toBe(true);
    const wrong = await runMain(['export', model, '-o', join(dir, 'x.safetensors')]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe(`downhill: -o/--out: expected a .onnx file name, found ".safetensors" in ${join(dir, 'x.safetensors')}\n`);
    expect(existsSync(join(dir, 'x.safetensors'))).toBe(false);
  });

  it('exports a PyTorch file given its activations, and says which flags it needs without them', async () => {
    const { network } = loadModel(new Uint8Array(readFileSync(model)), model);
    const torchFile = join(dir, 'torch.safetensors');
    writeFileSync(
      torchFile,
      encodeSafetensors(
        network.layers.flatMap((layer, l) => [
          { name: `fc${l + 1}.weight`, dtype: 'F32' as const, shape: [layer.outputSize, layer.inputSize], data: layer.weight },
          { name: `fc${l + 1}.bias`, dtype: 'F32' as const, shape: [layer.outputSize], data: layer.bias },
        ]),
        { format: 'pt' },
      ),
    );
    const without = await runMain(['export', torchFile]);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain(
      "(expected the hidden layers' activation in --activation (sigmoid, tanh, relu, identity) and the output layer's in --output",
    );
    expect(existsSync(join(dir, 'torch.onnx'))).toBe(false);
    const r = await runMain(['export', torchFile, '--activation', 'sigmoid', '--output', 'softmax']);
    expect(r.status).toBe(0);
    // The same network, so the same graph and weights; only the metadata differs (the file's own metadata is kept).
    const session = await ort.InferenceSession.create(join(dir, 'torch.onnx'));
    const x = new ort.Tensor('float32', new Float32Array(784).fill(0.5), [1, 784]);
    const { output } = await session.run({ input: x });
    const expected = network.forward({ rows: 1, cols: 784, data: new Float32Array(784).fill(0.5) }).data;
    expect(Math.max(...Array.from(output!.data as Float32Array, (a, i) => Math.abs(a - expected[i]!)))).toBeLessThan(1e-5);
  });

  it('names a model file that is not there', async () => {
    const r = await runMain(['export', join(dir, 'no-such.safetensors')]);
    expect(r.stderr).toBe(`downhill: ${join(dir, 'no-such.safetensors')}: no such file\n`);
  });
});
