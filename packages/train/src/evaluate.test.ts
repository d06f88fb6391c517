import { blobs } from '@downhill/datasets';
import { Rng } from '@downhill/linalg';
import { Network, sequentialSpec } from '@downhill/network';
import { expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { pointExamples } from './examples.js';

it('counts right answers into accuracy, predictions and a confusion matrix that agree', () => {
  const rng = new Rng(9);
  const data = pointExamples(blobs(250, rng, { classes: 3 }));
  const network = Network.create(sequentialSpec([2, 5, 3], 'tanh', 'softmax'), { rng, init: 'xavier' });
  const result = evaluate(network, data, { batchSize: 64 });
  expect(result.count).toBe(250);
  const diagonal = result.confusion.reduce((s, row, i) => s + row[i]!, 0);
  const total = result.confusion.flat().reduce((a, b) => a + b, 0);
  expect(total).toBe(250);
  expect(diagonal).toBe(result.correct);
  expect(result.accuracy).toBeCloseTo(result.correct / 250, 12);
  let right = 0;
  for (let i = 0; i < 250; i++) if (result.predictions[i] === data.label(i)) right++;
  expect(right).toBe(result.correct);
  // Batch size does not change the answer.
  expect(evaluate(network, data, { batchSize: 7 }).predictions).toEqual(result.predictions);
});
