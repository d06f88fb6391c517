// "Learn digits": the controls (Start, Pause, Step, Reset, speed, η), the
// settings drawer, the worker that trains, and the pictures it updates. The
// main thread only draws: the weights and digits on canvases at one pixel per
// value, the charts a few times a second, so it never stalls while a run goes.
import { matrix, Rng, useKernels } from '@downhill/linalg';
import { Network } from '@downhill/network';
import { notLearning } from '@downhill/train';
import shards from 'virtual:mnist-shards';
import { DrawingPad } from './draw.js';
import { RunHistory } from './history.js';
import { loadLessonModel } from './lesson-model.js';
import { predict } from './model.js';
import { drawBars, drawDigit, drawGallery, drawWeightTiles, TILES } from './pictures.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { accuracyChart, type ChartSize, chartSize, confusionPicture, costChart, diagramPicture, randomLabelsChart } from './render.js';
import {
  activationChoices,
  type Choice,
  costChoices,
  defaultLearningRate,
  defaultSettings,
  fieldLabels,
  MNIST_TEST,
  optimizerChoices,
  parseLearningRate,
  parseSettings,
  type Problem,
  type Settings,
  type SettingsFields,
  settingsFields,
  trainCommand,
} from './settings.js';
import { downloadBytes, megabytes, SHARD_CACHE } from './shards.js';
import { throttle } from './throttle.js';
import { openedWith, saveView, share } from './url-state.js';

// The page's own sums are small (one digit through the network, 500 noise
// images): the JavaScript kernels do them in a moment, and the page does not
// compile the WebAssembly ones on its main thread (the worker trains on those).
useKernels('js');

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('settings');
const drawer = $('settings-drawer');
const buttons = {
  start: $<HTMLButtonElement>('start'),
  pause: $<HTMLButtonElement>('pause'),
  step: $<HTMLButtonElement>('step'),
  reset: $<HTMLButtonElement>('reset'),
};
const speedSelect = $<HTMLSelectElement>('speed');
const status = $('status');
const loading = $<HTMLProgressElement>('loading');
const fieldNames = Object.keys(defaultSettings) as (keyof Settings)[];
const field = (name: keyof Settings) => $<HTMLInputElement | HTMLSelectElement>(name);

const percent = (a: number) => `${(100 * a).toFixed(1)} %`;
const count = (n: number) => n.toLocaleString('en-US');
const rate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

/** Where the page is: no run (the lesson's network, or fresh weights), a run loading, training, paused, or over. */
type State = 'idle' | 'loading' | 'training' | 'paused' | 'done' | 'stopped' | 'error' | 'warning';
let state: State = 'idle';
/** The random-labels experiment is running in the worker. */
let experimenting = false;

function setState(next: State, text?: string): void {
  state = next;
  status.dataset.state = next;
  if (text !== undefined) status.textContent = text;
  const running = next === 'loading' || next === 'training' || next === 'paused';
  buttons.start.disabled = running || experimenting;
  buttons.pause.disabled = !(next === 'training' || next === 'paused');
  buttons.pause.textContent = next === 'paused' ? 'Resume' : 'Pause';
  buttons.step.disabled = next === 'loading' || next === 'training' || experimenting;
  $<HTMLButtonElement>('random-labels').disabled = running || experimenting;
  if (next !== 'loading') loading.hidden = true;
}

// --- the form ------------------------------------------------------------------

/** URL parameter of each setting. */
const urlKeys: Record<keyof Settings, string> = {
  layers: 'layers',
  activation: 'activation',
  cost: 'cost',
  optimizer: 'optimizer',
  learningRate: 'lr',
  batchSize: 'batch',
  epochs: 'epochs',
  seed: 'seed',
  trainExamples: 'train',
  testExamples: 'test',
};

function fill(select: HTMLSelectElement, choices: Choice[]): void {
  select.replaceChildren(...choices.map((c) => new Option(c.label, c.value)));
}
fill(field('activation') as HTMLSelectElement, activationChoices());
fill(field('cost') as HTMLSelectElement, costChoices());
fill(field('optimizer') as HTMLSelectElement, optimizerChoices());

/** Problems of the link the page was opened with that a menu cannot show (it holds only its choices). */
const linkProblems: Problem[] = [];
const initial = settingsFields(defaultSettings);
for (const name of fieldNames) {
  const given = openedWith(urlKeys[name]);
  const element = field(name);
  element.value = given ?? initial[name];
  if (given !== undefined && element instanceof HTMLSelectElement && element.value !== given) {
    element.value = initial[name];
    linkProblems.push({
      field: name,
      message: `${fieldLabels[name]}: expected one of ${[...element.options].map((o) => o.value).join(', ')}, found "${given}" (in the link; ${initial[name]} instead)`,
    });
  }
}
const givenSpeed = openedWith('speed');
if (givenSpeed !== undefined && [...speedSelect.options].some((o) => o.value === givenSpeed)) speedSelect.value = givenSpeed;

function readForm(): SettingsFields {
  return Object.fromEntries(fieldNames.map((name) => [name, field(name).value])) as unknown as SettingsFields;
}

share([...Object.values(urlKeys), 'speed'], () => [...fieldNames.map((name) => [urlKeys[name], field(name).value] as const), ['speed', speedSelect.value]]);

const describeOptimizer = () => {
  $('optimizer-summary').textContent = optimizerChoices().find((c) => c.value === field('optimizer').value)?.summary ?? '';
};
describeOptimizer();
// A new optimizer brings its own learning rate (3 for sgd and gd, as in the lesson).
field('optimizer').addEventListener('change', () => {
  field('learningRate').value = String(defaultLearningRate(field('optimizer').value));
  describeOptimizer();
  formChanged();
});

function problemElement(name: keyof Settings): HTMLElement {
  let element = document.getElementById(`${name}-problem`);
  if (!element) {
    element = Object.assign(document.createElement('p'), { id: `${name}-problem`, className: 'problem', hidden: true });
    field(name).closest('label')!.after(element);
    field(name).setAttribute('aria-describedby', element.id);
  }
  return element;
}

/** Each field's problem beside it (aria-invalid, and the message it is described by), or none. */
function showProblems(problems: readonly Problem[]): void {
  for (const name of fieldNames) {
    const mine = problems.filter((p) => p.field === name);
    const element = problemElement(name);
    element.textContent = mine.map((p) => p.message).join('\n');
    element.hidden = mine.length === 0;
    if (mine.length > 0) field(name).setAttribute('aria-invalid', 'true');
    else field(name).removeAttribute('aria-invalid');
  }
}

function openDrawer(open: boolean): void {
  drawer.hidden = !open;
  $('open-settings').setAttribute('aria-expanded', String(open));
}
$('open-settings').addEventListener('click', () => {
  openDrawer(drawer.hidden);
  if (!drawer.hidden) field('layers').focus();
});
// Closed by its button or Escape, focus goes back to the button that opened it.
$('close-settings').addEventListener('click', () => {
  openDrawer(false);
  $('open-settings').focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || drawer.hidden) return;
  openDrawer(false);
  $('open-settings').focus();
});

/** Bytes of MNIST Start would download for these settings, and whether the browser has them already. */
let cachedShards = new Set<string>();
async function refreshCache(): Promise<void> {
  try {
    const cache = await caches.open(SHARD_CACHE);
    const names = (await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop() ?? '');
    cachedShards = new Set(names);
  } catch {
    cachedShards = new Set();
  }
}

/** What Start will fetch, in words: shown in the status before Start and in the drawer. */
function downloadNote(settings: Settings | undefined): string {
  if (!settings) return '';
  const need = { train: settings.trainExamples, test: settings.testExamples };
  const bytes = downloadBytes(shards, need, cachedShards);
  const all = downloadBytes(shards, need);
  const digits = `${count(settings.trainExamples)} training and ${count(settings.testExamples)} test digits`;
  return bytes === 0
    ? `MNIST for ${digits} is in this browser already: nothing to download.`
    : `Start downloads ${megabytes(bytes)} of MNIST (${digits}${bytes < all ? `; ${megabytes(all - bytes)} already here` : ''}).`;
}

let formSettings: Settings | undefined;
/** The form changed: check it again (problems already shown are updated), say what Start would fetch and run, save the view. */
function formChanged(): void {
  const parsed = parseSettings(readForm());
  formSettings = parsed.ok ? parsed.settings : undefined;
  if (fieldNames.some((name) => field(name).hasAttribute('aria-invalid'))) showProblems(parsed.ok ? [] : parsed.problems);
  $('command').textContent = formSettings ? trainCommand(formSettings) : 'downhill train … (once the settings are right)';
  $('download').textContent = downloadNote(formSettings);
  if (state === 'idle' && idleText) status.textContent = `${idleText} ${downloadNote(formSettings)}`;
  saveView();
}
form.addEventListener('input', formChanged);
form.addEventListener('change', formChanged);
for (const input of document.querySelectorAll<HTMLInputElement>('input[form="settings"]')) input.addEventListener('input', formChanged);

// --- the run -------------------------------------------------------------------

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);
send({ type: 'data', manifest: shards, base: new URL('mnist/', document.baseURI).href });

let history = new RunHistory();
let costName = defaultSettings.cost;
let testExamples = MNIST_TEST;
/** The page's copy of the network, refreshed from the worker's snapshots; it answers the drawing pad. */
let network: Network | undefined;
/** What the idle status says about the network the pad asks (the lesson's, or fresh weights). */
let idleText = '';

// What to draw again, however many messages arrive before it: one picture a
// frame, the most wanted first, so that no frame does it all at once (the end
// of a run brings new weights, both charts and the results together).
type Picture = 'outputs' | 'weights' | 'cost' | 'accuracy' | 'results' | 'mistakes' | 'diagram';
const ORDER: readonly Picture[] = ['outputs', 'weights', 'cost', 'accuracy', 'results', 'mistakes', 'diagram'];
const pending = new Set<Picture>();
let frameRequested = false;
/** At most four charts a second, each. */
const gates: Partial<Record<Picture, () => boolean>> = { cost: throttle(250), accuracy: throttle(250) };
const draw: Record<Picture, () => void> = {
  outputs: () => showOutputs(),
  weights: () => {
    if (!network) return;
    const first = network.layers[0]!;
    drawWeightTiles($('weights'), first.weight, first.outputSize, first.inputSize);
    $('weights-title').textContent =
      first.outputSize > TILES ? `What the first layer looks for (${TILES} of its ${count(first.outputSize)} neurons)` : 'What the first layer looks for';
  },
  cost: () => {
    $('cost-chart').innerHTML = costChart(history, costName, sizeOf($('cost-chart')));
  },
  accuracy: () => {
    $('accuracy-chart').innerHTML = accuracyChart(history, testExamples, sizeOf($('accuracy-chart')));
  },
  results: () => {
    if (results) showResults(results);
  },
  mistakes: () => {
    if (results) showMistakes(results);
    results = undefined;
  },
  // Its own task, after the frame: the diagram (hundreds of weights, the digit as an image) is the slowest picture.
  diagram: () => {
    clearTimeout(diagramTimer);
    diagramTimer = setTimeout(showDiagram, 0);
  },
};
let diagramTimer: ReturnType<typeof setTimeout> | undefined;
const diagramGate = throttle(1000);
/** Slow enough (10 mini-batches a second or fewer) that a teacher watches each step. */
const watching = () => Number(speedSelect.value) > 0 && Number(speedSelect.value) <= 10;
/** The results of the last run, until drawn. */
let results: Extract<FromWorker, { type: 'results' }> | undefined;

function redraw(...pictures: Picture[]): void {
  for (const picture of pictures) pending.add(picture);
  if (frameRequested || pending.size === 0) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    for (const picture of ORDER) {
      if (!pending.has(picture) || gates[picture]?.() === false) continue;
      pending.delete(picture);
      draw[picture]();
      break;
    }
    redraw();
  });
}

/** The chart's box as the layout made it (on a wide screen, what the screen has left), else a size of its width. */
function sizeOf(box: HTMLElement): ChartSize {
  const { width, height } = box.getBoundingClientRect();
  return chartSize(width || 520, oneScreen.matches && height > 120 ? height : (width || 520) * 0.55);
}
/** The layout that fits the board to the screen (style.css's same query). */
const oneScreen = matchMedia('(min-width: 1000px) and (min-height: 600px)');
new ResizeObserver(() => redraw('cost', 'accuracy')).observe($('cost-chart'));

function clearFigures(): void {
  history = new RunHistory();
  steps = 0;
  for (const id of ['epoch', 'step-count', 'cost-now', 'accuracy', 'speed-now']) $(id).textContent = '–';
  $('accuracy').removeAttribute('data-value');
  $('cost-now').removeAttribute('data-value');
  $('summary').textContent = '';
  $('results').replaceChildren(
    Object.assign(document.createElement('p'), {
      className: 'muted',
      textContent: 'Train a network to see its confusion matrix and the test digits it reads wrong.',
    }),
  );
  redraw('cost', 'accuracy');
}

/** Start a run (paused first and `steps` mini-batches taken, for Step), or say what is wrong with the settings. */
function start(paused: boolean, steps: number): void {
  const parsed = parseSettings(readForm());
  if (!parsed.ok) {
    const problems = [...parsed.problems];
    showProblems(problems);
    clearFigures();
    setState('error', `Not started: ${problems.map((p) => p.message).join('; ')}`);
    const first = field(problems[0]!.field);
    if (first.id !== 'learningRate') openDrawer(true);
    first.focus();
    return;
  }
  showProblems([]);
  const { settings } = parsed;
  clearFigures();
  costName = settings.cost;
  testExamples = settings.testExamples;
  setState('loading', `Starting: ${downloadNote(settings)}`);
  send({ type: 'train', settings, speed: Number(speedSelect.value), paused, steps });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start(false, 0);
});

buttons.pause.addEventListener('click', () => {
  if (state === 'paused') {
    send({ type: 'resume' });
    setState('training', 'Training…');
  } else send({ type: 'pause' });
});

buttons.step.addEventListener('click', () => {
  if (state === 'paused') send({ type: 'step' });
  else start(true, 1);
});

buttons.reset.addEventListener('click', () => {
  const parsed = parseSettings(readForm());
  clearFigures();
  if (!parsed.ok) {
    showProblems(parsed.problems);
    setState('error', `Reset: ${parsed.problems.map((p) => p.message).join('; ')}`);
    return;
  }
  send({ type: 'reset', settings: parsed.settings });
  setState('idle', 'Resetting…');
});

speedSelect.addEventListener('change', () => {
  send({ type: 'speed', speed: Number(speedSelect.value) });
  saveView();
});

// η while a run goes on: from the next mini-batch.
field('learningRate').addEventListener('change', () => {
  if (state !== 'training' && state !== 'paused') return;
  const parsed = parseLearningRate(field('learningRate').value);
  if (!parsed.ok) {
    showProblems([parsed.problem]);
    return;
  }
  showProblems([]);
  send({ type: 'learningRate', learningRate: parsed.value });
});

/** Examples in each of the run's mini-batches. */
let batchSize = defaultSettings.batchSize;
/** The mini-batches the run has taken so far. */
let steps = 0;
/** About chance after a thousand mini-batches or more (fewer may still be on the first plateau, all outputs near 0). */
const notLearningYet = (accuracy: number) => notLearning(accuracy, 10, steps);
/** The run's η now (it may change while the run goes on). */
let lastLearningRate = defaultSettings.learningRate;
/** The step a Step took last (its line stays when the run then pauses). */
let lastStep = -1;

const where = (p: { epoch: number; epochs: number; batch: number; batches: number; step: number }) =>
  `epoch ${p.epoch} of ${p.epochs}, mini-batch ${count(p.batch)} of ${count(p.batches)} (step ${count(p.step)})`;

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      if (state !== 'loading' || message.total === 0) break;
      loading.hidden = false;
      loading.max = message.total;
      loading.value = Math.min(message.loaded, message.total);
      status.textContent =
        message.cached === message.total ? 'Reading MNIST from this browser…' : `Fetching MNIST… ${megabytes(message.loaded)} of ${megabytes(message.total)}`;
      break;
    case 'started': {
      network = Network.fromParams(message.spec, message.params);
      batchSize = message.batchSize;
      lastLearningRate = message.learningRate;
      const { spec } = message;
      const fetched = message.downloaded > 0 ? `${megabytes(message.downloaded)} of MNIST downloaded` : 'MNIST from this browser';
      $('summary').textContent =
        `${spec.inputSize}-${spec.layers.map((l) => l.units).join('-')}: ${count(network.parameterCount)} weights and biases; ` +
        `η = ${message.learningRate}; ${count(message.batchesPerEpoch)} mini-batches of ${message.batchSize} per epoch; ${fetched}; ${message.kernels} kernels.`;
      $('summary').dataset.kernels = message.kernels;
      $('summary').dataset.downloaded = String(message.downloaded);
      setState('training', `Training on ${count(message.trainExamples)} digits, testing on ${count(message.testExamples)}…`);
      redraw('cost', 'accuracy', 'weights', 'outputs', 'diagram');
      void refreshCache().then(formChanged);
      break;
    }
    case 'progress':
      steps = message.step;
      // Watched slowly or step by step, each mini-batch's own cost is worth a point of its own.
      history.progress(message, watching() || state === 'paused' || message.step === 1);
      $('epoch').textContent = `${message.epoch} of ${message.epochs}`;
      $('step-count').textContent = count(message.step);
      $('cost-now').textContent = message.cost.toFixed(4);
      $('cost-now').dataset.value = String(message.cost);
      $('speed-now').textContent = rate(message.examplesPerSecond);
      redraw('cost', 'accuracy');
      break;
    case 'epoch':
      history.epoch(message);
      $('accuracy').textContent = percent(message.testAccuracy);
      $('accuracy').dataset.value = String(message.testAccuracy);
      $('cost-now').dataset.epochCost = String(message.cost);
      redraw('cost', 'accuracy');
      // As the CLI warns: about chance after a whole epoch is not learning.
      if (message.epoch === 1 && notLearningYet(message.testAccuracy) && state === 'training') {
        setState(
          'training',
          `Not learning: after one epoch the network reads ${percent(message.testAccuracy)} of the test digits right, about chance (10 %); the learning rate ${lastLearningRate} may be too large or too small.`,
        );
        status.dataset.state = 'warning';
      }
      break;
    case 'snapshot':
      network?.params.set(message.params);
      redraw('weights', 'outputs');
      // The diagram is the slowest picture: redrawn as the weights move only when the run goes slowly enough to watch it.
      if (watching() && diagramGate()) redraw('diagram');
      break;
    case 'paused':
      // After a Step, the line about its cost stays.
      if (lastStep === message.step) setState('paused');
      else setState('paused', `Paused at ${where(message)}. Step takes one mini-batch; Resume goes on.`);
      break;
    case 'resumed':
      if (state === 'paused') setState('training', 'Training…');
      break;
    case 'stepped':
      lastStep = message.step;
      status.dataset.before = String(message.before);
      status.dataset.after = String(message.after);
      setState(
        'paused',
        `Step ${count(message.step)} (epoch ${message.epoch} of ${message.epochs}, mini-batch ${count(message.batch)} of ${count(message.batches)}): ` +
          `the cost of its ${count(batchSize)} digits went from ${message.before.toFixed(4)} to ${message.after.toFixed(4)} with η = ${message.learningRate}.`,
      );
      redraw('weights', 'outputs', 'diagram');
      break;
    case 'learningRate':
      lastLearningRate = message.learningRate;
      $('summary').textContent += ` η = ${message.learningRate} from step ${count(message.step + 1)}.`;
      if (state === 'training') status.textContent = `Training… η is now ${message.learningRate}, from step ${count(message.step + 1)} on.`;
      break;
    case 'done':
      setState(
        'done',
        `Done: ${percent(message.testAccuracy)} of the ${count(testExamples)} test digits read right, after ${message.seconds.toFixed(1)} s of training.`,
      );
      // As the CLI warns: about chance is not learning (a learning rate too large, say, that saturates every neuron).
      if (notLearningYet(message.testAccuracy)) {
        setState(
          'warning',
          `Done, but not learning: ${percent(message.testAccuracy)} of the test digits read right, about chance (10 %); the learning rate ${lastLearningRate} may be too large or too small.`,
        );
      }
      redraw('cost', 'accuracy', 'diagram');
      break;
    case 'results':
      results = message;
      redraw('results', 'mistakes');
      break;
    case 'stopped':
      break;
    case 'fresh':
      network = Network.fromParams(message.spec, message.params);
      idleText = `Reset: random weights from seed ${message.seed}, which read nothing yet. Start trains them, or Step takes one mini-batch at a time.`;
      setState('idle', `${idleText} ${downloadNote(formSettings)}`);
      redraw('cost', 'accuracy', 'weights', 'outputs', 'diagram');
      break;
    case 'error':
      experimenting = false;
      setState('error', `${message.name === 'DivergenceError' ? 'The run diverged' : message.name}: ${message.message}`);
      break;
    case 'sample':
      pad.show(message.pixels, message.label);
      break;
    case 'randomLabels':
      labelRuns[message.labels].epoch.push(message.epoch);
      labelRuns[message.labels].train.push(message.trainAccuracy);
      labelRuns[message.labels].test.push(message.testAccuracy);
      $('labels-status').textContent =
        `${message.labels === 'true' ? 'True' : 'Shuffled'} labels: epoch ${message.epoch} of ${message.epochs}, ${percent(message.trainAccuracy)} of the training digits, ${percent(message.testAccuracy)} of new ones.`;
      if (labelGate() || message.epoch === message.epochs) $('labels-chart').innerHTML = randomLabelsChart(labelRuns);
      break;
    case 'randomLabelsDone': {
      experimenting = false;
      setState(state);
      const last = (name: 'true' | 'shuffled') => labelRuns[name].train.at(-1)!;
      const test = labelRuns.shuffled.test.at(-1)!;
      const half = labelRuns.shuffled.train.findIndex((a) => a >= 0.5) + 1;
      const halfTrue = labelRuns.true.train.findIndex((a) => a >= 0.5) + 1;
      const labels = $('labels-status');
      labels.textContent =
        `${count(message.trainExamples)} digits, ${labelRuns.true.epoch.length} epochs each (${message.seconds.toFixed(1)} s): with true labels ${percent(last('true'))} of the training digits ` +
        `(half of them by epoch ${halfTrue}); with shuffled labels ${percent(last('shuffled'))}${half > 0 ? ` (half by epoch ${half})` : ''}, memorised slowly, and ${percent(test)} of ${count(message.testExamples)} new digits: chance.`;
      labels.dataset.shuffledTrain = String(last('shuffled'));
      labels.dataset.shuffledTest = String(test);
      labels.dataset.trueTrain = String(last('true'));
      $('labels-chart').innerHTML = randomLabelsChart(labelRuns);
      break;
    }
  }
});

worker.addEventListener('error', (event) => {
  setState('error', `The training worker failed: ${event.message || 'it could not be started'}`);
});

// --- after a run: the confusion matrix and the digits it gets wrong ----------------

/** The confusion matrix, and the line about the digits read wrong (their pictures come in the next frame). */
function showResults(message: Extract<FromWorker, { type: 'results' }>): void {
  const matrixBox = Object.assign(document.createElement('div'), { className: 'chart', innerHTML: confusionPicture(message.confusion, message.count) });
  const wrong = message.confusion.reduce((n, row, i) => n + row.reduce((m, c, j) => m + (i === j ? 0 : c), 0), 0);
  const caption = Object.assign(document.createElement('p'), {
    className: 'hint',
    textContent: `${count(wrong)} of ${count(message.count)} test digits read wrong; the first ${message.mistakes.length}, each as "true → answer":`,
  });
  $('results').replaceChildren(matrixBox, caption);
}

function showMistakes(message: Extract<FromWorker, { type: 'results' }>): void {
  const gallery = Object.assign(document.createElement('div'), { className: 'gallery', id: 'mistakes' });
  drawGallery(
    gallery,
    message.pixels,
    message.mistakes.map((m) => `${m.label} → ${m.predicted}`),
    message.mistakes.map((m) => `test digit ${m.index}: a ${m.label}, read as ${m.predicted} (output ${m.output.toFixed(2)})`),
  );
  $('results').append(gallery);
}

// --- the drawing pad, what the network makes of it, and the network lighting up -----

function showOutputs(): void {
  const answer = $('answer');
  answer.classList.toggle('muted', !network || pad.isEmpty);
  if (!network || pad.isEmpty) {
    answer.textContent = network ? 'Draw a digit, or pick a random test digit.' : '';
    drawBars($<HTMLOListElement>('bars'), undefined);
    drawDigit($<HTMLCanvasElement>('preview'), new Uint8Array(784));
    return;
  }
  const pixels = pad.pixels();
  drawDigit($<HTMLCanvasElement>('preview'), pixels);
  const outputs = predict(network, pixels);
  const said = drawBars($<HTMLOListElement>('bars'), outputs, pad.label);
  answer.textContent = pad.label === undefined ? `It says ${said}` : `It says ${said}; the label says ${pad.label}`;
  answer.dataset.answer = String(said);
}

function showDiagram(): void {
  const box = $('diagram');
  if (!network || pad.isEmpty) {
    box.replaceChildren(
      Object.assign(document.createElement('p'), { className: 'muted', textContent: 'Draw a digit on the pad to see the network light up.' }),
    );
    return;
  }
  box.innerHTML = diagramPicture(
    network,
    Float32Array.from(pad.pixels(), (p) => p / 255),
  );
}

const pad = new DrawingPad($<HTMLCanvasElement>('pad'), (settled) => (settled ? redraw('outputs', 'diagram') : redraw('outputs')));
$('clear').addEventListener('click', () => pad.clear());
$('random').addEventListener('click', () => send({ type: 'sample', index: Math.floor(Math.random() * MNIST_TEST) }));

// --- the lesson's experiments ---------------------------------------------------------

/** Noise in, confident answers out: 500 images of uniform noise through the network the pad asks. */
$('noise').addEventListener('click', () => {
  if (!network) return;
  const images = 500,
    size = network.spec.inputSize;
  const noise = new Float32Array(images * size);
  new Rng(Number(field('seed').value) || 1).fillUniform(noise, 0, 1);
  const outputs = network.forward(matrix(images, size, noise)).data;
  const classes = network.outputSize;
  const tops: number[] = [],
    answers: number[] = [];
  for (let i = 0; i < images; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs[i * classes + c]! > outputs[i * classes + best]!) best = c;
    answers.push(best);
    tops.push(outputs[i * classes + best]!);
  }
  const sure = tops.filter((t) => t > 0.5).length / images;
  const mean = tops.reduce((a, b) => a + b, 0) / images;
  const often = Array.from({ length: classes }, (_, c) => answers.filter((a) => a === c).length);
  const favourite = often.indexOf(Math.max(...often));
  const shown = 12;
  const pixels = Uint8Array.from(noise.subarray(0, shown * size), (v) => Math.round(255 * v));
  const box = $('noise-result');
  const summary = Object.assign(document.createElement('p'), {
    textContent:
      `Of ${images} images of pure noise, it calls ${percent(sure)} a digit with its largest output above 0.5 ` +
      `(on average ${mean.toFixed(2)} for its answer); most often a ${favourite} (${often[favourite]} times). It has no way to say "not a digit".`,
  });
  summary.dataset.sure = String(sure);
  const gallery = Object.assign(document.createElement('div'), { className: 'gallery' });
  drawGallery(
    gallery,
    pixels,
    answers.slice(0, shown).map((a, i) => `${a} (${tops[i]!.toFixed(2)})`),
  );
  box.replaceChildren(summary, gallery);
});

const labelRuns = {
  true: { epoch: [] as number[], train: [] as number[], test: [] as number[] },
  shuffled: { epoch: [] as number[], train: [] as number[], test: [] as number[] },
};
const labelGate = throttle(500);
$('random-labels').addEventListener('click', () => {
  for (const run of Object.values(labelRuns)) run.epoch.length = run.train.length = run.test.length = 0;
  experimenting = true;
  setState(state);
  $('labels-status').textContent = 'Training on true labels, then on shuffled ones…';
  send({ type: 'randomLabels', seed: Number(field('seed').value) || 1 });
});

// --- first load: the lesson's network, trained beforehand, reads what is drawn --------

showProblems(linkProblems);
formChanged();
setState('idle', `Loading the lesson's network… ${downloadNote(formSettings)}`);
redraw('cost', 'accuracy', 'outputs', 'diagram');
void refreshCache().then(formChanged);
loadLessonModel().then(
  (lesson) => {
    if (network) return; // a run started first
    network = lesson.network;
    idleText =
      `The lesson's network, trained beforehand${lesson.testAccuracy !== undefined ? ` (${percent(lesson.testAccuracy)} of the test digits)` : ''}, ` +
      'reads what you draw. Start trains a new one here.';
    if (state === 'idle') setState('idle', `${idleText} ${downloadNote(formSettings)}`);
    redraw('weights', 'outputs', 'diagram');
  },
  (error: Error) => {
    if (state === 'idle')
      setState('idle', `Press Start to train a network (the lesson's, trained beforehand, did not load: ${error.message}). ${downloadNote(formSettings)}`);
  },
);
