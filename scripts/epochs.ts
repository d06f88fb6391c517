// One MNIST epoch of each issue-#9 workload (W1, W2, W3), timed in this process:
//   node --conditions=source --import tsx scripts/epochs.ts [--only W1,W2] [--epochs 1]
// DOWNHILL_KERNELS=js forces the JavaScript kernels. Prints wall and CPU seconds per epoch and test accuracy.
import { parseArgs } from 'node:util';
import { getCost } from '../packages/cost/src/index.js';
import { loadMnist } from '../packages/datasets/src/node/index.js';
import { Rng } from '../packages/linalg/src/index.js';
import { Network, sequentialSpec } from '../packages/network/src/index.js';
import { createOptimizer } from '../packages/optim/src/index.js';
import { evaluate, imageExamples, train } from '../packages/train/src/index.js';
import * as linalg from '../packages/linalg/src/index.js';

const { values } = parseArgs({ options: { only: { type: 'string', default: 'W1,W2,W3' }, epochs: { type: 'string', default: '1' } } });
const workloads = {
  W1: { sizes: [784, 16, 16, 10], hidden: 'sigmoid', output: 'sigmoid', cost: 'quadratic', optimizer: 'sgd', learningRate: 3, batch: 10, init: 'normal' },
  W2: { sizes: [784, 100, 10], hidden: 'relu', output: 'softmax', cost: 'cross-entropy', optimizer: 'adam', learningRate: 1e-3, batch: 128, init: 'he' },
  W3: { sizes: [784, 800, 10], hidden: 'relu', output: 'softmax', cost: 'cross-entropy', optimizer: 'adam', learningRate: 1e-3, batch: 128, init: 'he' },
} as const;

const backend = (linalg as { kernelBackend?: () => string }).kernelBackend?.() ?? 'js';
const { train: trainSet, test } = await loadMnist();
const examples = imageExamples(trainSet), testExamples = imageExamples(test);
for (const name of values.only.split(',') as (keyof typeof workloads)[]) {
  const w = workloads[name];
  const rng = new Rng(1);
  const network = Network.create(sequentialSpec([...w.sizes], w.hidden, w.output), { rng, init: w.init });
  const optimizer = createOptimizer(w.optimizer, network.params.length, { learningRate: w.learningRate });
  for (let e = 1; e <= Number(values.epochs); e++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    await train({ network, cost: getCost(w.cost), optimizer, rng, epochs: 1, batchSize: w.batch, train: examples, trainAccuracy: false });
    const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
    const acc = evaluate(network, testExamples).accuracy;
    console.log(`${name} ${backend} epoch ${e}: ${wall.toFixed(3)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s cpu, test ${(100 * acc).toFixed(2)} %`);
  }
}
