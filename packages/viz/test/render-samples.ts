// Writes a sample of every renderer to a folder (default /tmp/viz-samples), to
// look at by eye: `npx tsx test/render-samples.ts [folder]`. Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  asciiChart,
  barChart,
  confusionMatrix,
  digitWithOutputs,
  encodePng,
  functionWithBall,
  histogramBars,
  landscapeChart,
  lineChart,
  networkDiagram,
  sparkline,
  stackSvgs,
  weightGrid,
  weightGridSvg,
} from '../src/index.js';

const out = process.argv[2] ?? '/tmp/viz-samples';
mkdirSync(out, { recursive: true });
const write = (name: string, content: string | Uint8Array) => writeFileSync(join(out, name), content);

let seed = 42;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

// A hand-drawn "0" on the 28 × 28 grid.
const digit = new Float32Array(784);
for (let y = 0; y < 28; y++) {
  for (let x = 0; x < 28; x++) digit[y * 28 + x] = Math.max(0, Math.min(1, 1.6 - Math.abs(Math.hypot(x - 14, (y - 14) * 0.8) - 8)));
}

// Loss curves.
const epochs = Array.from({ length: 30 }, (_, i) => i + 1);
write(
  'line-chart.svg',
  lineChart({
    title: 'Cost on the training set',
    xLabel: 'epoch',
    yLabel: 'cost (cross-entropy)',
    logY: true,
    series: [
      { name: 'SGD, η = 3', x: epochs, y: epochs.map((e) => 0.9 * Math.exp(-e / 9) + 0.03 + 0.01 * random()) },
      { name: 'momentum 0.9', x: epochs, y: epochs.map((e) => 0.8 * Math.exp(-e / 5) + 0.012 + 0.005 * random()) },
      { name: 'Adam, η = 0.001', x: epochs, y: epochs.map((e) => (e === 12 ? Number.NaN : 0.7 * Math.exp(-e / 3.5) + 0.006)) },
    ],
  }),
);

// Two histograms over the same bins, side by side.
const bins = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`);
const bars = barChart({
  title: 'How sure is the network? Its largest output on noise and on digits',
  xLabel: 'largest of the 10 output activations',
  yLabel: 'share of images (%)',
  categories: bins,
  series: [
    { name: 'uniform noise', values: [2, 5, 9, 14, 18, 17, 13, 10, 7, 5] },
    { name: 'test digits', values: [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.6, 2.4, 4.8, 87] },
  ],
});
write('bar-chart.svg', bars);
write(
  'stacked.svg',
  stackSvgs(
    [
      bars,
      lineChart({ title: 'Cost per epoch', xLabel: 'epoch', yLabel: 'cost', height: 300, series: [{ name: 'SGD', x: epochs, y: epochs.map((e) => 1 / e) }] }),
    ],
    'A bar chart over a line chart',
  ),
);

// First-layer weights: oriented stripes, as a trained network's often look.
const w1 = new Float32Array(16 * 784);
for (let n = 0; n < 16; n++) {
  const a = (n / 16) * Math.PI;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const u = (x - 14) * Math.cos(a) + (y - 14) * Math.sin(a);
      w1[n * 784 + y * 28 + x] = Math.sin(u / 3) * Math.exp(-((x - 14) ** 2 + (y - 14) ** 2) / 80) + (random() - 0.5) * 0.1;
    }
  }
}
write('weight-grid.png', encodePng(weightGrid(w1, { outputs: 16, tileWidth: 28, tileHeight: 28 })));
write('weight-grid.svg', weightGridSvg(w1, { outputs: 16, title: 'What each first-layer neuron looks for', tileTitles: true }));

write('digit-with-outputs.svg', digitWithOutputs({ pixels: digit, outputs: [0.81, 0.01, 0.05, 0.1, 0, 0.03, 0.42, 0.01, 0.2, 0.04], label: 0 }));
write('digit-wrong.svg', digitWithOutputs({ pixels: digit, outputs: [0.3, 0.01, 0.05, 0.1, 0, 0.03, 0.62, 0.01, 0.2, 0.04], label: 0 }));

const counts = Array.from({ length: 10 }, (_, i) =>
  Array.from({ length: 10 }, (_, j) => (i === j ? 940 + 5 * i : (i === 4 && j === 9) || (i === 9 && j === 4) ? 31 : Math.floor(random() * 8))),
);
write('confusion-matrix.svg', confusionMatrix({ matrix: counts, title: 'MNIST test set: 784-16-16-10 after 30 epochs' }));

const sizes = [784, 16, 16, 10];
const activations = [digit, ...sizes.slice(1).map((n) => Float32Array.from({ length: n }, random))];
const weights = sizes.slice(1).map((n, l) => Float32Array.from({ length: n * sizes[l] }, () => (random() - 0.5) * 2));
write('network-diagram.svg', networkDiagram({ layerSizes: sizes, activations, weights, inputShape: [28, 28] }));

// Rosenbrock with two descents.
const nx = 160,
  ny = 120;
const xs = Float64Array.from({ length: nx }, (_, i) => -2 + (4 * i) / (nx - 1));
const ys = Float64Array.from({ length: ny }, (_, j) => -1 + (4 * j) / (ny - 1));
const values = new Float64Array(nx * ny);
for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = (1 - xs[i]) ** 2 + 100 * (ys[j] - xs[i] ** 2) ** 2;
const grad = (x: number, y: number) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
const descend = (rate: number, beta: number, steps: number, every: number) => {
  let p = [-1.5, 2];
  let v = [0, 0];
  const points = [p];
  for (let k = 1; k <= steps; k++) {
    const g = grad(p[0], p[1]);
    v = [beta * v[0] - rate * g[0], beta * v[1] - rate * g[1]];
    p = [p[0] + v[0], p[1] + v[1]];
    if (k % every === 0) points.push(p);
  }
  return points;
};
write(
  'landscape-chart.svg',
  landscapeChart({
    grid: { xs, ys, values },
    title: 'Rosenbrock valley',
    logColor: true,
    paths: [
      { name: 'gradient descent', points: descend(0.0015, 0, 3000, 30) },
      { name: 'momentum 0.9', points: descend(0.0003, 0.9, 1500, 15) },
    ],
    minima: [[1, 1]],
  }),
);

const f = (x: number) => 0.05 * x ** 4 - 0.4 * x ** 3 + 0.6 * x ** 2 + 0.5 * x + 1;
const df = (x: number) => 0.2 * x ** 3 - 1.2 * x ** 2 + 1.2 * x + 0.5;
const path = [5.9];
for (let k = 0; k < 6; k++) path.push(path[path.length - 1] - 0.3 * df(path[path.length - 1]));
write('function-with-ball.svg', functionWithBall({ f, xRange: [-2, 6], path, title: 'x ← x − η·f′(x), η = 0.3' }));

const loss = epochs.map((e) => 0.9 * Math.exp(-e / 6) + 0.05);
write(
  'terminal.txt',
  [
    `cost ${sparkline(loss)}`,
    '',
    asciiChart(loss, { height: 8, label: 'cost per epoch' }),
    '',
    histogramBars([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], { width: 30 }),
    '',
  ].join('\n'),
);
console.log(`wrote samples to ${out}`);
