// TensorFlow.js's side of the comparison: the same network as downhill's,
// trained the way a TF.js user who cares about speed writes it, on the wasm
// (XNNPACK, SIMD) or the plain-JavaScript cpu backend.
//
// The training step is `optimizer.minimize(loss)` inside `tf.tidy` over
// variables, on batch tensors built before the clock starts: the lower-level
// loop tfjs-layers' `model.fit` itself runs, without fit's per-batch
// callbacks, logs and yields to the event loop, so what is timed is the
// engine's forward pass, gradient and update, nothing of the bench's making.
// Dense layers are `tf.fused.matMul` with the bias fused in (as tfjs-layers'
// Dense does), then the activation.
import type { LabeledImages } from '@downhill/datasets';
import { toBatch } from '@downhill/datasets';
import { matrix } from '@downhill/linalg';
// The union package, as TF.js's docs have Node users import it: tfjs-core's
// own Node build registers no gradients (the union's does), so training
// needs it. It also registers the cpu backend; the wasm backend is its own package.
import * as tf from '@tensorflow/tfjs';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { adamHyperparameters, type Workload } from './workloads.js';

export type TfjsBackend = 'wasm' | 'cpu';

export interface TfjsBackendInfo {
  readonly backend: TfjsBackend;
  readonly versions: { readonly core: string; readonly cpu: string; readonly wasm: string };
  /** The .wasm file the wasm backend read (file name only); undefined for cpu. */
  readonly wasmBinary?: string;
  readonly simd?: boolean;
  readonly threads?: number;
}

/**
 * Switch TF.js to `backend`, on one thread. For wasm, records which of the
 * three binaries shipped in @tensorflow/tfjs-backend-wasm/dist it loaded
 * (plain, SIMD, threaded SIMD; in Node TF.js never picks the threaded one),
 * by watching the file reads emscripten makes while the backend starts.
 */
export async function useTfjsBackend(backend: TfjsBackend): Promise<TfjsBackendInfo> {
  // Production mode: no debug checks on every op, as the TF.js docs advise for speed.
  tf.enableProdMode();
  const versions = { core: tf.version_core, cpu: version_cpu, wasm: version_wasm };
  if (backend === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('TF.js: the cpu backend failed to start');
    return { backend, versions };
  }
  setThreadsCount(1);
  const { default: fs } = await import('node:fs');
  const read: string[] = [];
  const readFileSync = fs.readFileSync;
  fs.readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('.wasm')) read.push(String(path));
    return (readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
    await tf.ready();
  } finally {
    fs.readFileSync = readFileSync;
  }
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('TF.js: the wasm backend failed to start');
  return {
    backend,
    versions,
    wasmBinary: read.length > 0 ? read.map((p) => p.split(/[\\/]/).pop()).join(', ') : 'unknown (not read from a file)',
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: getThreadsCount(),
  };
}

/** A batch as TF.js tensors: inputs (size × 784, pixels / 255) and one-hot targets. */
export interface TfjsBatch {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
}

/**
 * Examples `order[start .. start + size)` of `set` as tensors, filled by the
 * same `toBatch` downhill's train uses, so both systems see the same floats.
 */
export function tfjsBatch(set: LabeledImages, order: ArrayLike<number>, start: number, size: number): TfjsBatch {
  const inputs = set.rows * set.cols;
  const x = matrix(size, inputs),
    y = matrix(size, set.classes);
  toBatch(set, order, start, size, x, y);
  return { x: tf.tensor2d(x.data, [size, inputs]), y: tf.tensor2d(y.data, [size, set.classes]) };
}

export interface TfjsEpoch {
  /** Wall-clock seconds of the training steps alone (building each batch's tensors is not timed). */
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Examples trained: the whole order, unless `maxSeconds` cut the epoch short. */
  readonly examples: number;
}

const cpuSecondsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
/** A dense network in TF.js variables, started from downhill's weights. */
export class TfjsNetwork {
  /** Per layer: the kernel, in × out (TF.js's layout: the transpose of downhill's W). */
  readonly kernels: tf.Variable<tf.Rank.R2>[] = [];
  readonly biases: tf.Variable<tf.Rank.R1>[] = [];
  readonly optimizer: tf.Optimizer;
  private readonly workload: Workload;

  /** `params` in downhill's layout: per layer W (out × in, row-major, as PyTorch), then b. */
  constructor(workload: Workload, params: Float32Array) {
    this.workload = workload;
    let at = 0;
    for (let l = 1; l < workload.sizes.length; l++) {
      const inputs = workload.sizes[l - 1]!,
        outputs = workload.sizes[l]!;
      const w = params.subarray(at, at + outputs * inputs);
      at += outputs * inputs;
      const kernel = new Float32Array(inputs * outputs);
      for (let j = 0; j < outputs; j++) for (let k = 0; k < inputs; k++) kernel[k * outputs + j] = w[j * inputs + k]!;
      this.kernels.push(tf.variable(tf.tensor2d(kernel, [inputs, outputs])));
      this.biases.push(tf.variable(tf.tensor1d(params.slice(at, at + outputs))));
      at += outputs;
    }
    if (at !== params.length) throw new RangeError(`TfjsNetwork: ${params.length} parameters for sizes ${workload.sizes.join('-')}, expected ${at}`);
    const { beta1, beta2, epsilon } = adamHyperparameters;
    this.optimizer = workload.optimizer === 'sgd' ? tf.train.sgd(workload.learningRate) : tf.train.adam(workload.learningRate, beta1, beta2, epsilon);
  }

  get variables(): tf.Variable[] {
    return this.kernels.flatMap((w, l) => [w, this.biases[l]!]);
  }

  /** The output layer's weighted input z (the logits, for softmax). */
  weightedOutput(x: tf.Tensor2D): tf.Tensor2D {
    let a: tf.Tensor2D = x;
    const last = this.kernels.length - 1;
    for (let l = 0; l <= last; l++) {
      const z = tf.fused.matMul({ a, b: this.kernels[l]!, bias: this.biases[l]! }) as tf.Tensor2D;
      if (l === last) return z;
      a = this.workload.hidden === 'relu' ? tf.relu(z) : tf.sigmoid(z);
    }
    throw new Error('unreachable');
  }

  /** The network's output a: sigmoid or softmax of z. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const z = this.weightedOutput(x);
      return this.workload.output === 'softmax' ? tf.softmax(z) : tf.sigmoid(z);
    });
  }

  /**
   * The batch's cost, as @downhill/cost defines it: quadratic
   * C = 1/(2n) Σ ‖a − y‖² (not tf.losses.meanSquaredError, which divides by
   * n · outputs and has no ½), or softmax cross-entropy C = −1/n Σ y · ln a.
   */
  loss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const z = this.weightedOutput(x);
    if (this.workload.cost === 'cross-entropy') return tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    return tf.mul(tf.sum(tf.squaredDifference(tf.sigmoid(z), y)), 1 / (2 * x.shape[0])) as tf.Scalar;
  }

  /** One step of the optimizer on the batch. */
  step(batch: TfjsBatch): void {
    tf.tidy(() => {
      this.optimizer.minimize(() => this.loss(batch.x, batch.y), false, this.variables);
    });
  }

  /**
   * One pass over `set` in `order`, cut into batches exactly as downhill's
   * train cuts them (a short last batch when the batch size does not divide
   * the set). Each batch's tensors are built just before its step, outside
   * the clock, and freed after it, so the data stays bytes as downhill keeps
   * it and the process's memory is TF.js's own. With `maxSeconds`, stops after
   * the step that takes the timed total past it.
   */
  trainEpoch(set: LabeledImages, order: ArrayLike<number>, options: { maxSeconds?: number } = {}): TfjsEpoch {
    const limit = options.maxSeconds ?? Number.POSITIVE_INFINITY;
    const batchSize = this.workload.batch;
    let wall = 0,
      cpu = 0,
      examples = 0;
    for (let start = 0; start < order.length && wall < limit; start += batchSize) {
      const size = Math.min(batchSize, order.length - start);
      const batch = tfjsBatch(set, order, start, size);
      const c0 = cpuSecondsNow(),
        t0 = performance.now();
      this.step(batch);
      wall += (performance.now() - t0) / 1000;
      cpu += cpuSecondsNow() - c0;
      examples += size;
      tf.dispose([batch.x, batch.y]);
    }
    this.kernels[0]!.dataSync(); // cpu and wasm run ops synchronously; reading a weight makes sure
    return { seconds: wall, cpuSeconds: cpu, examples };
  }

  /** Accuracy on `set` (all of it), in chunks of 1,000 images. */
  accuracy(set: LabeledImages): number {
    const order = Uint32Array.from({ length: set.count }, (_, i) => i);
    let correct = 0;
    for (let start = 0; start < set.count; start += 1000) {
      const { x, y } = tfjsBatch(set, order, start, Math.min(1000, set.count - start));
      const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(this.predict(x), 1), tf.argMax(y, 1)), 'int32')));
      correct += hits.dataSync()[0]!;
      tf.dispose([hits, x, y]);
    }
    return correct / set.count;
  }

  /** The weights and biases in downhill's layout, to compare with a downhill network. */
  params(): Float32Array {
    const out: number[] = [];
    this.kernels.forEach((kernel, l) => {
      const [inputs, outputs] = kernel.shape as [number, number];
      const k = kernel.dataSync();
      for (let j = 0; j < outputs; j++) for (let i = 0; i < inputs; i++) out.push(k[i * outputs + j]!);
      out.push(...this.biases[l]!.dataSync());
    });
    return Float32Array.from(out);
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.optimizer.dispose();
  }
}

export { tf };
