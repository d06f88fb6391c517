// The page's charts, all drawn by @downhill/viz: SVG strings the page puts
// into the document as they are. (The pictures redrawn many times a second,
// the weights and the digits, are on canvases: pictures.ts.)
import { matrix } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { confusionMatrix, lineChart, networkDiagram } from '@downhill/viz';
import type { RunHistory } from './history.js';

/** A chart's size in SVG units: the box it fills, drawn a little larger than life on a big screen so viz's text reads on a projector. */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** The SVG size that fills a box of `width` × `height` CSS pixels (at least 320 × 200 units, so nothing is cramped). */
export function chartSize(width: number, height: number): ChartSize {
  const zoom = Math.max(1, Math.min(1.5, width / 460));
  return { width: Math.max(320, Math.round(width / zoom)), height: Math.max(200, Math.round(height / zoom)) };
}

/** The cost falling: the running mean within each epoch, and each epoch's mean. */
export function costChart(history: RunHistory, costName: string, size: ChartSize = { width: 560, height: 280 }): string {
  return lineChart({
    title: `Training cost (${costName})`,
    xLabel: 'epoch',
    yLabel: 'cost',
    ...size,
    series: [
      { name: 'this epoch so far', ...history.running },
      { name: 'epoch mean', ...history.epochCost },
      // Each mini-batch's own cost, when the run was watched step by step (or at its very start).
      ...(history.batches.x.length > 1 ? [{ name: 'each mini-batch', ...history.batches }] : []),
    ],
  });
}

/** Test accuracy after each epoch, in percent. */
export function accuracyChart(history: RunHistory, testExamples: number, size: ChartSize = { width: 560, height: 280 }): string {
  return lineChart({
    title: `Test accuracy (${testExamples.toLocaleString('en-US')} new digits)`,
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
    ...size,
    series: [{ name: '', x: history.testAccuracy.x, y: history.testAccuracy.y.map((a) => 100 * a) }],
  });
}

/** The confusion matrix on the test digits: rows the true digit, columns the network's answer. */
export function confusionPicture(confusion: readonly (readonly number[])[], count: number): string {
  return confusionMatrix({
    matrix: confusion,
    title: `${count.toLocaleString('en-US')} test digits: the true digit (rows) against the network's answer (columns)`,
  });
}

/** The lesson's picture: the digit going through the layers, each neuron shaded by its activation. */
export function diagramPicture(network: Network, input: Float32Array): string {
  const activations = [input, ...network.forwardLayers(matrix(1, input.length, input)).map((a) => a.data.slice())];
  return networkDiagram({
    layerSizes: [network.spec.inputSize, ...network.layers.map((l) => l.outputSize)],
    activations,
    weights: network.layers.map((l) => l.weight),
  });
}

/** The random-labels experiment: training and test accuracy, epoch by epoch, with true and with shuffled labels. */
export function randomLabelsChart(runs: Record<'true' | 'shuffled', { epoch: number[]; train: number[]; test: number[] }>): string {
  const series = (['true', 'shuffled'] as const).flatMap((name) => [
    { name: `${name} labels: training digits`, x: runs[name].epoch, y: runs[name].train.map((a) => 100 * a) },
    { name: `${name} labels: new digits`, x: runs[name].epoch, y: runs[name].test.map((a) => 100 * a) },
  ]);
  return lineChart({
    title: 'Accuracy, epoch by epoch',
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
    width: 560,
    height: 320,
    series: series.filter((s) => s.x.length > 0),
  });
}
