// The two benchmarked networks, trained by downhill and by the naive peer.
import { getCost } from '@downhill/cost';
import type { LabeledImages } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { type ActivationName, type InitName, Network, sequentialSpec } from '@downhill/network';
import { createOptimizer, type Optimizer } from '@downhill/optim';
import { evaluate, imageExamples, train } from '@downhill/train';
import { type NaiveExample, NaiveNetwork } from './peer-naive.js';

export interface NetworkConfig {
  readonly key: 'lesson' | 'relu';
  readonly title: string;
  readonly sizes: readonly number[];
  readonly hidden: 'sigmoid' | 'relu';
  readonly output: 'sigmoid' | 'softmax';
  readonly cost: 'quadratic' | 'cross-entropy';
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly batch: number;
  readonly init: InitName;
}

export const lessonNetwork: NetworkConfig = {
  key: 'lesson',
  title: '784-16-16-10 sigmoid, quadratic, SGD η 3, batch 10',
  sizes: [784, 16, 16, 10],
  hidden: 'sigmoid',
  output: 'sigmoid',
  cost: 'quadratic',
  optimizer: 'sgd',
  learningRate: 3,
  batch: 10,
  init: 'normal',
};

export const reluNetwork: NetworkConfig = {
  key: 'relu',
  title: '784-100-10 relu, softmax cross-entropy, Adam η 0.001, batch 128',
  sizes: [784, 100, 10],
  hidden: 'relu',
  output: 'softmax',
  cost: 'cross-entropy',
  optimizer: 'adam',
  learningRate: 0.001,
  batch: 128,
  init: 'he',
};

/** downhill training `config` on `set`, one epoch per call of `epoch`, continuing where the last left off. */
export function downhillTrainer(config: NetworkConfig, set: LabeledImages, seed = 1) {
  const rng = new Rng(seed);
  const spec = sequentialSpec([...config.sizes], config.hidden as ActivationName, config.output as ActivationName);
  const network = Network.create(spec, { rng, init: config.init });
  const initial = network.params.slice();
  const optimizer: Optimizer = createOptimizer(config.optimizer, network.params.length, { learningRate: config.learningRate });
  const cost = getCost(config.cost);
  const examples = imageExamples(set);
  return {
    network,
    /** The weights before any training, to start the peer from the same point. */
    initial,
    async epoch(): Promise<void> {
      await train({ network, cost, optimizer, rng, epochs: 1, batchSize: config.batch, train: examples, trainAccuracy: false });
    },
    accuracy(test: LabeledImages): number {
      return evaluate(network, imageExamples(test)).accuracy;
    },
  };
}

/** Images as the peer's plain arrays (pixels / 255, one-hot labels): done once, outside the timing, as network.py's loader does. */
export function naiveExamples(set: LabeledImages, count: number): NaiveExample[] {
  const inputs = set.rows * set.cols;
  const out: NaiveExample[] = [];
  for (let i = 0; i < Math.min(count, set.count); i++) {
    const x: number[] = new Array(inputs);
    for (let p = 0; p < inputs; p++) x[p] = set.pixels[i * inputs + p]! / 255;
    const y: number[] = new Array(set.classes).fill(0);
    y[set.labels[i]!] = 1;
    out.push({ x, y });
  }
  return out;
}

/** The naive peer training `config` from the given weights, `examples` per call of `chunk`. */
export function peerTrainer(config: NetworkConfig, params: Float32Array, data: readonly NaiveExample[], seed = 1) {
  const peer = new NaiveNetwork({ sizes: config.sizes, hidden: config.hidden, output: config.output, optimizer: config.optimizer, learningRate: config.learningRate, params });
  const rng = new Rng(seed);
  const order = Uint32Array.from({ length: data.length }, (_, i) => i);
  return {
    peer,
    examplesPerChunk: data.length,
    chunk(): void {
      rng.shuffle(order);
      peer.trainEpoch(data, order, config.batch);
    },
    accuracy(test: readonly NaiveExample[]): number {
      return peer.evaluate(test) / test.length;
    },
  };
}
