import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { getCost } from '@downhill/cost';
import { Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { subset } from '@downhill/datasets';
import { costAt, createRun, filterNormalizedDirection, imageExamples, pickSettings, principalDirections } from '@downhill/train';
import { functionWithBall, landscapeChart, stackSvgs } from '@downhill/viz';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import { readBytes } from '../io.js';
import { readModel } from '../model.js';
import { type Output, workProgress } from '../progress.js';

export interface SliceFlags {
  out: string;
  log?: string;
  examples: number;
  resolution: number;
  span: number;
  seed: number;
  data?: string;
}

/**
 * The weights recorded in a run log by `downhill train --record-path`, epoch by
 * epoch (epoch 0: the start), after checking that `text` is a downhill run log,
 * that it recorded a path, and, when it names the model it saved, that the
 * model is this one (`modelSha256`): a log of another run would draw another
 * run's start and path around this model.
 */
export function recordedPath(text: string, path: string, parameters: number, modelSha256?: string): { epoch: number; params: Float32Array }[] {
  const found: { epoch: number; params: Float32Array }[] = [];
  let header = false;
  let saved: { model?: unknown; sha256?: unknown } | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let record: { type?: unknown; epoch?: unknown; params?: unknown; model?: unknown; sha256?: unknown };
    try {
      record = JSON.parse(line);
    } catch {
      throw new UsageError(
        `${path}, line ${i + 1}: expected a run log (one JSON record a line, as downhill train writes), found ${JSON.stringify(line.slice(0, 40))}${line.length > 40 ? '…' : ''} (another file, or one cut off)`,
      );
    }
    if (record === null || typeof record !== 'object')
      throw new UsageError(`${path}, line ${i + 1}: expected a run log record (an object with a type), found ${line.slice(0, 40)}`);
    if (i === 0 && record.type === 'header') header = true;
    if (record.type === 'saved') saved = record;
    if (record.type !== 'weights') continue;
    if (!Number.isInteger(record.epoch) || typeof record.params !== 'string') {
      throw new UsageError(`${path}, line ${i + 1}: expected a weights record { epoch, params (base64 float32) }, found ${line.slice(0, 60)}`);
    }
    const bytes = Buffer.from(record.params, 'base64');
    if (bytes.length !== 4 * parameters) {
      throw new UsageError(
        `${path}, line ${i + 1}: expected the weights of ${parameters.toLocaleString('en-US')} parameters (the model's), found ${Math.floor(bytes.length / 4).toLocaleString('en-US')}`,
      );
    }
    const params = new Float32Array(parameters);
    new Uint8Array(params.buffer).set(bytes);
    if (!params.every(Number.isFinite)) throw new UsageError(`${path}, line ${i + 1}: the weights of epoch ${record.epoch} are not all finite`);
    found.push({ epoch: record.epoch as number, params });
  }
  if (!header) throw new UsageError(`${path}: expected a run log of downhill train (its first line a header record), found none`);
  if (found.length === 0) {
    throw new UsageError(`${path}: the run did not record its path (expected weights records; train with --record-path to record them), found none`);
  }
  if (modelSha256 !== undefined && saved && typeof saved.sha256 === 'string' && saved.sha256 !== modelSha256) {
    throw new UsageError(
      `${path}: this log belongs to another model (expected the log of the run that saved this one, found the log of ${typeof saved.model === 'string' ? saved.model : 'a model'} with sha256 ${saved.sha256.slice(0, 12)}…, not ${modelSha256.slice(0, 12)}…)`,
    );
  }
  return found.sort((a, b) => a.epoch - b.epoch);
}

/**
 * The network's own cost landscape on real MNIST: (a) along the straight line
 * from its initial weights to its trained ones (the lesson's 1-D picture, the
 * ball at both ends), and (b) on a plane through the trained weights — along
 * the path training took (its first two principal directions) when the run
 * log recorded it, else along two random directions normalised neuron by
 * neuron (Li et al. 2018) — with the path drawn on it.
 */
export async function slicePicture(modelPath: string, flags: SliceFlags, output: Output): Promise<{ svg: string; lines: string[] }> {
  const { network, metadata, bytes } = await readModel(modelPath);
  const costName = metadata.cost ?? 'quadratic';
  const cost = getCost(costName);
  const { train, name } = await loadData(flags);
  if (train.rows * train.cols !== network.spec.inputSize) {
    throw new UsageError(`${modelPath}: the model expects ${network.spec.inputSize} inputs, ${name} images have ${train.rows}×${train.cols}`);
  }
  if (network.outputSize !== train.classes) {
    throw new UsageError(`${modelPath}: the model has ${network.outputSize} outputs, ${name} has ${train.classes} classes; expected one output per class`);
  }
  const examples = imageExamples(flags.examples >= train.count ? train : subset(train, flags.examples));
  const trained = network.params.slice();
  const lines: string[] = [];

  // The path, if the log recorded one; else the start from the model's own settings (seed and initialiser).
  let path: { epoch: number; params: Float32Array }[] = [];
  if (flags.log) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    path = recordedPath(new TextDecoder().decode(await readBytes(flags.log, 1 << 30)), flags.log, network.parameterCount, sha256);
  }
  let initial = path[0]?.epoch === 0 ? path[0].params : undefined;
  if (initial === undefined) initial = initialWeights(network, metadata.settings, modelPath);
  const charts: string[] = [];

  if (initial !== undefined) {
    const direction = Float32Array.from(trained, (v, i) => v - initial![i]!);
    const tick = workProgress(output, 'the line from the initial weights', 400, 'costs');
    let done = 0;
    const along = (alpha: number) => {
      tick(++done);
      return costAt(network, examples, cost, initial!, [direction], [alpha]);
    };
    const startCost = costAt(network, examples, cost, initial, [], []),
      endCost = costAt(network, examples, cost, trained, [], []);
    charts.push(
      functionWithBall({
        f: along,
        xRange: [-0.25, 1.25],
        path: [0, 1],
        title: `Cost on ${examples.count.toLocaleString('en-US')} ${name} images, from the initial weights (α = 0) to the trained (α = 1)`,
        xLabel: 'α (weights = (1 − α)·initial + α·trained)',
        yLabel: `${costName} cost`,
        note: `the ball at both ends: initial weights (α = 0) ${startCost.toPrecision(4)}, trained (α = 1) ${endCost.toPrecision(4)}`,
      }),
    );
    lines.push(`cost at the initial weights ${startCost.toPrecision(5)}, at the trained ones ${endCost.toPrecision(5)}`);
  } else {
    lines.push(`${modelPath}: no initial weights (no recorded path, no settings to draw them from): the line slice is left out`);
  }

  // The plane: principal directions of the recorded path, or two random filter-normalised ones.
  let directions: [Float32Array, Float32Array];
  let coordinates: (readonly [number, number])[] = [];
  let about: string;
  if (path.length >= 3) {
    const pca = principalDirections(
      path.map((p) => p.params),
      trained,
    );
    directions = [pca.directions[0], pca.directions[1]];
    coordinates = pca.coordinates.slice();
    about = `the plane of the training path (its first two principal directions, ${(100 * (pca.explained[0] + pca.explained[1])).toFixed(1)} % of its spread)`;
  } else {
    const rng = new Rng(flags.seed);
    directions = [filterNormalizedDirection(network, rng), filterNormalizedDirection(network, rng)];
    about = 'two random directions through the trained weights, each neuron scaled to its own weights (Li et al. 2018)';
  }
  // A model saved as the mean of its last epochs' weights (train's default) is not the path's last point.
  const averaged = path.at(-1)?.params.some((v, i) => v !== trained[i]) ?? false;
  const n = flags.resolution;
  // The window: the path with a margin, or ±span along random directions.
  const extent = coordinates.length > 0 ? Math.max(...coordinates.flatMap(([a, b]) => [Math.abs(a), Math.abs(b)])) * 1.25 : flags.span;
  const axis = (k: number) => -extent + (2 * extent * k) / (n - 1);
  const values = new Float64Array(n * n);
  const tick = workProgress(output, `the ${n} × ${n} plane`, n * n, 'costs');
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      values[j * n + i] = costAt(network, examples, cost, trained, directions, [axis(i), axis(j)]);
      tick(j * n + i + 1);
    }
  }
  const center = costAt(network, examples, cost, trained, [], []);
  if (averaged) lines.push(`the saved model is the mean of its last epochs' weights (train's default), so the path ends near (0, 0), not at it`);
  lines.push(
    `${about}: ${n} × ${n} costs from ${Math.min(...values).toPrecision(4)} to ${Math.max(...values).toPrecision(4)}; the trained weights, at its centre: ${center.toPrecision(8)}`,
  );
  const grid = { xs: Float64Array.from({ length: n }, (_, i) => axis(i)), ys: Float64Array.from({ length: n }, (_, j) => axis(j)), values };
  charts.push(
    landscapeChart({
      grid,
      paths: coordinates.length > 0 ? [{ name: 'training, epoch by epoch', points: coordinates.map(([a, b]) => [a, b]) }] : [],
      title:
        coordinates.length > 0
          ? 'Cost on the plane of the training path (the saved model at 0, 0)'
          : 'Cost on a random plane through the trained weights (at 0, 0)',
      logColor: true,
      xLabel: coordinates.length > 0 ? 'first principal direction' : 'random direction 1',
      yLabel: coordinates.length > 0 ? 'second principal direction' : 'random direction 2',
      valueLabel: `${costName} cost`,
    }),
  );
  network.params.set(trained);
  return { svg: charts.length === 1 ? charts[0]! : stackSvgs(charts, `The cost landscape of ${basename(modelPath)}`), lines };
}

/** The weights a model started from: its settings (checked as flags are) make the same network from the same seed. */
function initialWeights(network: Network, settingsJson: string | undefined, source: string): Float32Array | undefined {
  if (settingsJson === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(settingsJson);
  } catch {
    return undefined;
  }
  const s = pickSettings(raw, ['layers', 'activation', 'output', 'cost', 'init', 'seed'] as const, (k) => `${source}: settings.${k}`);
  if (!s.layers || !s.activation || s.seed === undefined) return undefined;
  const start = createRun({
    layers: s.layers,
    activation: s.activation as never,
    cost: s.cost ?? 'quadratic',
    optimizer: 'sgd',
    batch: 1,
    epochs: 1,
    seed: s.seed,
    averageFrom: null,
    ...(s.output ? { output: s.output as never } : {}),
    ...(s.init ? { init: s.init as never } : {}),
  }).network;
  return JSON.stringify(start.spec) === JSON.stringify(network.spec) ? start.params.slice() : undefined;
}
