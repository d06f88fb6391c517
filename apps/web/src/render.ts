// The page's pictures, all drawn by @downhill/viz: SVG strings the page puts
// into the document as they are.
import type { Network } from '@downhill/network';
import { digitWithOutputs, lineChart, weightGridSvg } from '@downhill/viz';
import type { RunHistory } from './history.js';

/** The cost falling: the running mean within each epoch, and each epoch's mean. */
export function costChart(history: RunHistory, costName: string): string {
  return lineChart({
    title: `Training cost (${costName})`,
    xLabel: 'epoch',
    yLabel: 'cost',
    // Drawn about as wide as the panel shows it, so viz's text stays legible on a projector.
    width: 560,
    height: 300,
    series: [
      { name: 'this epoch so far', ...history.running },
      { name: 'epoch mean', ...history.epochCost },
    ],
  });
}

/** Test accuracy after each epoch, in percent. */
export function accuracyChart(history: RunHistory, testExamples: number): string {
  return lineChart({
    title: `Test accuracy (${testExamples.toLocaleString('en-US')} images never trained on)`,
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
    width: 560,
    height: 260,
    series: [{ name: '', x: history.testAccuracy.x, y: history.testAccuracy.y.map((a) => 100 * a) }],
  });
}

/** The first layer's weights, one 28×28 tile per neuron: what each neuron looks for. */
export function weightsPicture(network: Network): string {
  const layer = network.layers[0]!;
  const outputs = layer.outputSize;
  return weightGridSvg(layer.weight, {
    outputs,
    title: `What each of the first layer's ${outputs} neurons looks for`,
    tileTitles: outputs <= 36,
    width: 720,
  });
}

/** The 28×28 picture the network sees and its 10 outputs as bars, the answer highlighted. */
export function outputsPicture(pixels: Uint8Array, outputs: Float32Array, label?: number): string {
  return digitWithOutputs({ pixels, outputs, ...(label !== undefined ? { label } : {}) });
}
