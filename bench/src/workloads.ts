// The three workloads of issue #9 item 4, each one MNIST epoch (60,000
// images) on one thread, and the systems that train them. A workload says
// everything both downhill and TensorFlow.js need to train the same network
// the same way: layer sizes, activations, cost, optimizer and its
// hyperparameters, batch size and initialisation scheme.
import { type ActivationName, defaultInit, type InitName } from '@downhill/network';

export type WorkloadKey = 'w1' | 'w2' | 'w3';

export interface Workload {
  readonly key: WorkloadKey;
  readonly title: string;
  /** Layer sizes, input first. */
  readonly sizes: readonly number[];
  readonly hidden: Extract<ActivationName, 'sigmoid' | 'relu'>;
  /** 'sigmoid' with the quadratic cost (the lesson); 'softmax' with cross-entropy. */
  readonly output: Extract<ActivationName, 'sigmoid' | 'softmax'>;
  readonly cost: 'quadratic' | 'cross-entropy';
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly batch: number;
  /** What `downhill train` picks for these hidden units: LeCun normal for sigmoid, He normal for ReLU. */
  readonly init: InitName;
}

/** Adam's hyperparameters besides the learning rate, set explicitly on both sides (TF.js's default ε is 1e-7, not the paper's 1e-8). */
export const adamHyperparameters = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export const workloads: Readonly<Record<WorkloadKey, Workload>> = {
  w1: {
    key: 'w1',
    title: '784-16-16-10 sigmoid, quadratic cost, SGD η 3, batch 10',
    sizes: [784, 16, 16, 10],
    hidden: 'sigmoid',
    output: 'sigmoid',
    cost: 'quadratic',
    optimizer: 'sgd',
    learningRate: 3,
    batch: 10,
    init: defaultInit('sigmoid'),
  },
  w2: {
    key: 'w2',
    title: '784-100-10 ReLU, softmax cross-entropy, Adam η 0.001, batch 128',
    sizes: [784, 100, 10],
    hidden: 'relu',
    output: 'softmax',
    cost: 'cross-entropy',
    optimizer: 'adam',
    learningRate: 1e-3,
    batch: 128,
    init: defaultInit('relu'),
  },
  w3: {
    key: 'w3',
    title: '784-800-10 ReLU, softmax cross-entropy, Adam η 0.001, batch 128',
    sizes: [784, 800, 10],
    hidden: 'relu',
    output: 'softmax',
    cost: 'cross-entropy',
    optimizer: 'adam',
    learningRate: 1e-3,
    batch: 128,
    init: defaultInit('relu'),
  },
};

export const workloadKeys = Object.keys(workloads) as WorkloadKey[];

/** downhill with its WebAssembly kernels, downhill with its JavaScript kernels, TensorFlow.js on its wasm and its plain-JS cpu backends. */
/** downhill-wasm runs one thread, as every peer here does; downhill-wasm-2t lets the kernels share large products with a second thread. */
export const systems = ['downhill-wasm', 'downhill-wasm-2t', 'downhill-js', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type SystemKey = (typeof systems)[number];

export const isDownhill = (system: SystemKey): system is 'downhill-wasm' | 'downhill-wasm-2t' | 'downhill-js' => system.startsWith('downhill-');

export function parameterCount(workload: Workload): number {
  let count = 0;
  for (let l = 1; l < workload.sizes.length; l++) count += workload.sizes[l - 1]! * workload.sizes[l]! + workload.sizes[l]!;
  return count;
}
