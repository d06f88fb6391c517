import { type LabeledImages, subset, toBatch } from '@downhill/datasets';
import { loadMnist } from '@downhill/datasets/node';
import { matrix } from '@downhill/linalg';
import { imageExamples } from '@downhill/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { downhillRun } from './downhill-side.js';
import { type TfjsBackend, TfjsNetwork, tf, tfjsBatch, useTfjsBackend } from './tfjs-side.js';
import { type Workload, workloads } from './workloads.js';

// The comparison is only fair if TF.js trains the network downhill trains:
// same starting weights, same cost, same steps, same batches in the same
// order. Checked on real MNIST images, on both TF.js backends the bench runs.

let mnist: { train: LabeledImages; test: LabeledImages };
beforeAll(async () => {
  mnist = await loadMnist();
});

function worstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

/** The first `size` examples of `order` as downhill's batch matrices. */
function downhillBatch(set: LabeledImages, order: ArrayLike<number>, size: number) {
  const x = matrix(size, set.rows * set.cols),
    y = matrix(size, set.classes);
  toBatch(set, order, 0, size, x, y);
  return { x, y };
}

describe.each<TfjsBackend>(['cpu', 'wasm'])('TF.js on its %s backend trains the network downhill trains', (backend) => {
  beforeAll(async () => {
    const info = await useTfjsBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    if (backend === 'wasm') expect(info.threads).toBe(1);
  });

  const cases: [string, Workload][] = [
    ['W1 (sigmoid, quadratic, SGD)', workloads.w1],
    ['W2 (ReLU, softmax cross-entropy, Adam)', workloads.w2],
    ['W3 (784-800-10)', workloads.w3],
  ];

  it.each(cases)('%s: same weights, same outputs, same cost', (_, workload) => {
    const run = downhillRun(workload, mnist.train);
    const network = new TfjsNetwork(workload, run.initial);
    expect(worstDifference(network.params(), run.initial)).toBe(0);

    const { x, y } = downhillBatch(mnist.train, run.order, 16);
    const batch = tfjsBatch(mnist.train, run.order, 0, 16);
    const theirs = network.predict(batch.x);
    const ours = run.network.forward(x);
    expect(worstDifference(theirs.dataSync(), ours.data)).toBeLessThan(1e-5);

    const cost = run.network.computeGradients(x, y, run.cost);
    const loss = network.loss(batch.x, batch.y);
    expect(Math.abs(loss.dataSync()[0]! - cost)).toBeLessThan(1e-5 * Math.max(1, cost));
    tf.dispose([theirs, loss, batch.x, batch.y]);
    network.dispose();
  });

  it.each(cases)('%s: one step of the optimizer moves the weights alike', (_, workload) => {
    const run = downhillRun(workload, mnist.train);
    const network = new TfjsNetwork(workload, run.initial);
    const size = workload.batch;
    const { x, y } = downhillBatch(mnist.train, run.order, size);
    run.network.computeGradients(x, y, run.cost);
    run.optimizer.step(run.network.params, run.network.grads);
    const batch = tfjsBatch(mnist.train, run.order, 0, size);
    network.step(batch);
    const moved = worstDifference(run.network.params, run.initial);
    expect(moved).toBeGreaterThan(1e-4);
    expect(worstDifference(network.params(), run.network.params)).toBeLessThan(1e-5);
    tf.dispose([batch.x, batch.y]);
    network.dispose();
  });

  it.each(cases.slice(0, 2))("%s: an epoch on 640 images, in the order downhill's train shuffles them, ends at the same weights", async (_, workload) => {
    const set = subset(mnist.train, 640);
    const run = downhillRun(workload, set);
    const network = new TfjsNetwork(workload, run.initial);
    await run.epoch();
    const epoch = network.trainEpoch(set, run.order);
    expect(epoch.examples).toBe(640);
    // Float32 rounding differs (summation order, exp); 64 steps carry it along, still far below a step's size.
    expect(worstDifference(network.params(), run.network.params)).toBeLessThan(1e-5);
    network.dispose();
  });
});

describe('the batch order the TF.js side is given', () => {
  it("is the order downhill's train draws for the epoch", async () => {
    // Runs from the same seed: one trained by train(), the others stepped by hand; through `order` they end at the same weights, bit for bit.
    const set = subset(mnist.train, 95);
    const workload = workloads.w1;
    const stepByHand = (order: ArrayLike<number>): Float32Array => {
      const run = downhillRun(workload, set);
      const examples = imageExamples(set);
      for (let start = 0; start < set.count; start += workload.batch) {
        const size = Math.min(workload.batch, set.count - start);
        const x = matrix(size, 784),
          y = matrix(size, 10);
        examples.batch(order, start, size, x, y);
        run.network.computeGradients(x, y, run.cost);
        run.optimizer.step(run.network.params, run.network.grads);
      }
      return run.network.params;
    };
    const trained = downhillRun(workload, set);
    await trained.epoch();
    expect(Array.from(stepByHand(trained.order))).toEqual(Array.from(trained.network.params));
    // And not by luck: the unshuffled order ends elsewhere.
    const identity = Uint32Array.from({ length: set.count }, (_, i) => i);
    expect(Array.from(stepByHand(identity))).not.toEqual(Array.from(trained.network.params));
  });
});
