// One MNIST epoch of each issue-#9 workload, on each kernel setup, in one process:
//   W1 784-16-16-10 sigmoid, quadratic, SGD η 3, batch 10
//   W2 784-100-10 ReLU, softmax cross-entropy, Adam 1e-3, batch 128
//   W3 784-800-10 ReLU, softmax cross-entropy, Adam 1e-3, batch 128
//
//   node --conditions=source --import tsx scripts/epochs.ts [--only W1,W2] [--epochs 2] [--kernels js,wasm,wasm2]
//
// Each setup trains its own network from the same seed; with --epochs n the
// setups take turns epoch by epoch (so a burst of load from elsewhere hits all
// alike) and the last epoch's figures are the warm ones. Prints wall and CPU
// seconds per epoch and the test accuracy after it. `wasm2` is the wasm
// kernels with two threads.
import { parseArgs } from 'node:util';
import { getCost } from '../packages/cost/src/index.js';
import { loadMnist } from '../packages/datasets/src/node/index.js';
import { Rng, threadsReady, useKernels } from '../packages/linalg/src/index.js';
import { Network, sequentialSpec } from '../packages/network/src/index.js';
import { createOptimizer } from '../packages/optim/src/index.js';
import { evaluate, imageExamples, train } from '../packages/train/src/index.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'W1,W2,W3' },
    epochs: { type: 'string', default: '1' },
    kernels: { type: 'string', default: 'js,wasm,wasm2' },
  },
});
const workloads = {
  W1: { sizes: [784, 16, 16, 10], hidden: 'sigmoid', output: 'sigmoid', cost: 'quadratic', optimizer: 'sgd', learningRate: 3, batch: 10, init: 'normal' },
  W2: { sizes: [784, 100, 10], hidden: 'relu', output: 'softmax', cost: 'cross-entropy', optimizer: 'adam', learningRate: 1e-3, batch: 128, init: 'he' },
  W3: { sizes: [784, 800, 10], hidden: 'relu', output: 'softmax', cost: 'cross-entropy', optimizer: 'adam', learningRate: 1e-3, batch: 128, init: 'he' },
} as const;
const setups = {
  js: { backend: 'js', threads: 1 },
  wasm: { backend: 'wasm', threads: 1 },
  wasm2: { backend: 'wasm', threads: 2 },
} as const;

const use = async (setup: keyof typeof setups): Promise<void> => {
  useKernels(setups[setup].backend, { threads: setups[setup].threads });
  await threadsReady();
};

const { train: trainSet, test } = await loadMnist();
const examples = imageExamples(trainSet),
  testExamples = imageExamples(test);
for (const name of values.only.split(',') as (keyof typeof workloads)[]) {
  const w = workloads[name];
  const runs = (values.kernels.split(',') as (keyof typeof setups)[]).map((setup) => {
    const rng = new Rng(1);
    // Each network is made under its own setup, so its buffers live where that setup keeps them.
    useKernels(setups[setup].backend, { threads: setups[setup].threads });
    const network = Network.create(sequentialSpec([...w.sizes], w.hidden, w.output), { rng, init: w.init });
    const optimizer = createOptimizer(w.optimizer, network.params.length, { learningRate: w.learningRate });
    return { setup, rng, network, optimizer };
  });
  for (let e = 1; e <= Number(values.epochs); e++) {
    for (const { setup, rng, network, optimizer } of runs) {
      await use(setup);
      const c0 = process.cpuUsage(),
        t0 = performance.now();
      await train({ network, cost: getCost(w.cost), optimizer, rng, epochs: 1, batchSize: w.batch, train: examples, trainAccuracy: false });
      const wall = (performance.now() - t0) / 1000,
        cpu = process.cpuUsage(c0);
      const accuracy = evaluate(network, testExamples).accuracy;
      console.log(
        `${name} ${setup.padEnd(5)} epoch ${e}: ${wall.toFixed(3)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s cpu, ` +
          `${Math.round(trainSet.count / wall).toLocaleString('en-US')} examples/s, test ${(100 * accuracy).toFixed(2)} %`,
      );
    }
  }
}
