// The page: the form, the worker that trains, and the pictures it updates.
import { Network } from '@downhill/network';
import { DrawingPad } from './draw.js';
import { RunHistory } from './history.js';
import { predict } from './model.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { accuracyChart, costChart, outputsPicture, weightsPicture } from './render.js';
import {
  activationChoices,
  type Choice,
  costChoices,
  defaultLearningRate,
  defaultSettings,
  MNIST_TEST,
  optimizerChoices,
  parseSettings,
  type Settings,
  type SettingsFields,
  settingsFields,
} from './settings.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('settings');
const startButton = $<HTMLButtonElement>('start');
const stopButton = $<HTMLButtonElement>('stop');
const status = $('status');
const loading = $<HTMLProgressElement>('loading');
const fieldNames = Object.keys(defaultSettings) as (keyof Settings)[];
const field = (name: keyof Settings) => $<HTMLInputElement | HTMLSelectElement>(name);

const percent = (a: number) => `${(100 * a).toFixed(1)} %`;
const count = (n: number) => n.toLocaleString('en-US');
const rate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

type State = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

function setStatus(state: State, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
  const busy = state === 'loading' || state === 'training';
  startButton.disabled = busy;
  stopButton.disabled = !busy;
  if (state !== 'loading') loading.hidden = true;
}

// --- the form ----------------------------------------------------------------

function fill(select: HTMLSelectElement, choices: Choice[]): void {
  select.replaceChildren(...choices.map((c) => new Option(c.label, c.value)));
}
fill(field('activation') as HTMLSelectElement, activationChoices());
fill(field('cost') as HTMLSelectElement, costChoices());
fill(field('optimizer') as HTMLSelectElement, optimizerChoices());
const initial = settingsFields(defaultSettings);
for (const name of fieldNames) field(name).value = initial[name];

const describeOptimizer = () => {
  $('optimizer-summary').textContent = optimizerChoices().find((c) => c.value === field('optimizer').value)?.summary ?? '';
};
describeOptimizer();
// A new optimizer brings its own learning rate (3 for sgd and gd, as in the lesson).
field('optimizer').addEventListener('change', () => {
  field('learningRate').value = String(defaultLearningRate(field('optimizer').value));
  describeOptimizer();
});

function readForm(): SettingsFields {
  return Object.fromEntries(fieldNames.map((name) => [name, field(name).value])) as unknown as SettingsFields;
}

// --- the run -----------------------------------------------------------------

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

let history = new RunHistory();
let costName = defaultSettings.cost;
let testExamples = MNIST_TEST;
/** The page's copy of the network, refreshed from the worker's snapshots; it answers the drawing pad. */
let network: Network | undefined;

// What to draw again at the next frame, however many messages arrive before it.
const dirty = { charts: false, weights: false, outputs: false };
let frameRequested = false;

function redraw(what: Partial<typeof dirty>): void {
  Object.assign(dirty, Object.fromEntries(Object.entries(what).filter(([, v]) => v)));
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    if (dirty.charts) {
      $('cost-chart').innerHTML = costChart(history, costName);
      $('accuracy-chart').innerHTML = accuracyChart(history, testExamples);
    }
    if (dirty.weights && network) $('weights').innerHTML = weightsPicture(network);
    if (dirty.outputs) showOutputs();
    dirty.charts = dirty.weights = dirty.outputs = false;
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const parsed = parseSettings(readForm());
  if (!parsed.ok) {
    setStatus('error', parsed.problems.join('\n'));
    return;
  }
  const { settings } = parsed;
  history = new RunHistory();
  costName = settings.cost;
  testExamples = settings.testExamples;
  for (const id of ['epoch', 'cost-now', 'accuracy', 'speed']) $(id).textContent = '–';
  $('accuracy').removeAttribute('data-value');
  setStatus('loading', 'Loading MNIST…');
  send({ type: 'train', settings });
});

stopButton.addEventListener('click', () => send({ type: 'stop' }));

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      if (status.dataset.state !== 'loading') break;
      loading.hidden = false;
      if (message.total > 0) {
        loading.max = message.total;
        loading.value = message.loaded;
        status.textContent = `Loading MNIST… ${(message.loaded / 1e6).toFixed(1)} of ${(message.total / 1e6).toFixed(1)} MB`;
      }
      break;
    case 'started':
      network = Network.fromParams(message.spec, new Float32Array(message.parameters));
      $('summary').textContent =
        `${message.spec.inputSize}-${message.spec.layers.map((l) => l.units).join('-')}: ${count(message.parameters)} weights and biases; ` +
        `η = ${message.learningRate}; ${count(message.batchesPerEpoch)} mini-batches of ${message.batchSize} per epoch; ${message.kernels} kernels.`;
      $('summary').dataset.kernels = message.kernels;
      setStatus('training', `Training on ${count(message.trainExamples)} digits, testing on ${count(message.testExamples)}…`);
      redraw({ charts: true });
      break;
    case 'progress':
      history.progress(message);
      $('epoch').textContent = `${message.epoch} of ${message.epochs}`;
      $('cost-now').textContent = message.cost.toFixed(4);
      $('speed').textContent = rate(message.examplesPerSecond);
      redraw({ charts: true });
      break;
    case 'epoch':
      history.epoch(message);
      $('accuracy').textContent = percent(message.testAccuracy);
      $('accuracy').dataset.value = String(message.testAccuracy);
      redraw({ charts: true });
      break;
    case 'snapshot':
      network?.params.set(message.params);
      redraw({ weights: true, outputs: true });
      break;
    case 'done':
      setStatus('done', `Done: ${percent(message.testAccuracy)} of the test digits read right, after ${message.seconds.toFixed(1)} s of training.`);
      break;
    case 'stopped':
      setStatus('stopped', message.epoch > 0 ? `Stopped during epoch ${message.epoch}.` : 'Stopped.');
      break;
    case 'error':
      setStatus('error', `${message.name === 'DivergenceError' ? 'The run diverged' : message.name}: ${message.message}`);
      break;
    case 'sample':
      pad.show(message.pixels, message.label);
      break;
  }
});

worker.addEventListener('error', (event) => {
  setStatus('error', `The training worker failed: ${event.message || 'it could not be started'}`);
});

// --- the drawing pad -----------------------------------------------------------

function showOutputs(): void {
  const outputs = $('outputs');
  if (!network || pad.isEmpty) {
    const hint = network ? 'Draw a digit, or pick a random test digit: the network\'s 10 outputs appear here.' : 'Press Start to train the network: then it reads what you draw here.';
    outputs.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: hint }));
    return;
  }
  const pixels = pad.pixels();
  outputs.innerHTML = outputsPicture(pixels, predict(network, pixels), pad.label);
}

const pad = new DrawingPad($<HTMLCanvasElement>('pad'), () => redraw({ outputs: true }));
redraw({ charts: true });
$('clear').addEventListener('click', () => pad.clear());
$('random').addEventListener('click', () => send({ type: 'sample', index: Math.floor(Math.random() * MNIST_TEST) }));
