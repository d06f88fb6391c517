// "The lesson's claims" tab, loaded when first shown: four panels, each run in
// the claims worker (claims-worker.ts) by the package functions the CLI's
// experiments call, drawn here: the gradient's first layer as 16 canvases in
// the weights' colours, the rest as viz's SVG pictures made in the worker.
// The test digit and the number of seeded runs live in the address.
import shards from 'virtual:mnist-shards';
import modelUrl from './assets/lesson-model.safetensors?url';
import type { FromClaims, Job, ToClaims } from './claims-protocol.js';
import {
  backpropFindings,
  bangRows,
  commands,
  gradientFindings,
  num,
  percent,
  type Read,
  readDigit,
  readRuns,
  saddleFindings,
  saddleRows,
  sliceFindings,
} from './claims-view.js';
import { claimDefaults } from './claims-compute.js';
import { drawDigit, drawWeightTiles } from './pictures.js';
import { openedWith, saveView, share } from './url-state.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const worker = new Worker(new URL('./claims-worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToClaims) => worker.postMessage(message);
send({ type: 'data', manifest: shards, base: new URL('mnist/', document.baseURI).href, modelUrl: new URL(modelUrl, document.baseURI).href });

const digitField = $<HTMLInputElement>('claim-digit');
const runsField = $<HTMLInputElement>('claim-runs');
digitField.value = openedWith('digit') ?? '0';
runsField.value = openedWith('runs') ?? String(claimDefaults.runs);
share(['digit', 'runs'], () => [
  ['digit', digitField.value],
  ['runs', runsField.value],
]);

const buttons: Record<Job, HTMLButtonElement> = {
  gradient: $('gradient-run'),
  backprop: $('backprop-run'),
  saddle: $('saddle-run'),
  slice: $('slice-run'),
};
const statuses: Record<Job, HTMLElement> = {
  gradient: $('gradient-status'),
  backprop: $('backprop-status'),
  saddle: $('saddle-status'),
  slice: $('slice-status'),
};
const bars: Partial<Record<Job, HTMLProgressElement>> = {
  backprop: $<HTMLProgressElement>('backprop-progress'),
  slice: $<HTMLProgressElement>('slice-progress'),
};

function say(job: Job, text: string, state: 'busy' | 'done' | 'error' = 'done'): void {
  statuses[job].textContent = text;
  statuses[job].dataset.state = state;
}

function start(job: Job, message: ToClaims, text: string): void {
  buttons[job].disabled = true;
  say(job, text, 'busy');
  const bar = bars[job];
  if (bar) {
    bar.hidden = false;
    bar.removeAttribute('value');
  }
  send(message);
}

function finish(job: Job): void {
  buttons[job].disabled = false;
  const bar = bars[job];
  if (bar) bar.hidden = true;
}

/** A field's value, or its problem shown beside it. */
function read(field: HTMLInputElement, reader: (text: string) => Read): number | undefined {
  const r = reader(field.value);
  const problem = $(`${field.id}-problem`);
  problem.hidden = !('problem' in r);
  problem.textContent = 'problem' in r ? r.problem : '';
  field.setAttribute('aria-invalid', String('problem' in r));
  return 'value' in r ? r.value : undefined;
}

const list = (id: string, lines: readonly string[]) =>
  $(id).replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));

function rows(table: string, cells: readonly (readonly string[])[]): void {
  $(table)
    .querySelector('tbody')!
    .replaceChildren(
      ...cells.map((row) => {
        const tr = document.createElement('tr');
        tr.append(...row.map((c) => Object.assign(document.createElement('td'), { textContent: c })));
        return tr;
      }),
    );
}

// --- the four panels ---------------------------------------------------------

function showGradient(): void {
  const index = read(digitField, readDigit);
  if (index === undefined) return;
  $('gradient-command').textContent = commands.gradient(index);
  saveView();
  start('gradient', { type: 'gradient', index }, `Computing ∇C for test digit ${index}…`);
}

function showRuns(): void {
  const runs = read(runsField, readRuns);
  if (runs === undefined) return;
  $('saddle-command').textContent = commands.saddle(runs);
  saveView();
  start('saddle', { type: 'saddle', runs }, `Running full-batch GD and ${runs} seeded SGD runs from each start…`);
}

$<HTMLFormElement>('gradient-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showGradient();
});
$<HTMLFormElement>('saddle-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showRuns();
});
digitField.addEventListener('input', () => {
  const r = readDigit(digitField.value);
  if ('value' in r) $('gradient-command').textContent = commands.gradient(r.value);
  saveView();
});
runsField.addEventListener('input', () => {
  const r = readRuns(runsField.value);
  if ('value' in r) $('saddle-command').textContent = commands.saddle(r.value);
  saveView();
});
buttons.backprop.addEventListener('click', () =>
  start('backprop', { type: 'backprop', index: 0, batch: claimDefaults.backpropBatch }, 'Timing backprop, then finite differences for every parameter…'),
);
buttons.slice.addEventListener('click', () => start('slice', { type: 'slice' }, 'Measuring the cost around the trained weights…'));

$('backprop-command').textContent = commands.backprop(0, claimDefaults.backpropBatch);
$('slice-command').textContent = commands.slice();
$('saddle-command').textContent = commands.saddle(claimDefaults.runs);

worker.onmessage = (event: MessageEvent<FromClaims>) => {
  const message = event.data;
  switch (message.type) {
    case 'progress': {
      const bar = bars[message.job];
      if (bar && message.total > 0) {
        bar.max = message.total;
        bar.value = message.done;
      }
      const count = message.what.startsWith('fetching')
        ? `${(message.done / 1e6).toFixed(1)} of ${(message.total / 1e6).toFixed(1)} MB`
        : `${message.done.toLocaleString('en-US')} of ${message.total.toLocaleString('en-US')}`;
      say(message.job, `${message.what[0]!.toUpperCase()}${message.what.slice(1)}: ${count}…`, 'busy');
      break;
    }
    case 'gradient': {
      const g = message.claim;
      finish('gradient');
      drawWeightTiles($('gradient-tiles'), g.firstLayer, g.neurons, g.inputs);
      for (const [n, canvas] of [...$('gradient-tiles').children].entries()) canvas.setAttribute('aria-label', `∂C/∂W into neuron ${n + 1}`);
      drawDigit($<HTMLCanvasElement>('gradient-image'), g.pixels);
      $('gradient-caption').textContent = `test digit ${g.index}: a ${g.label}`;
      $('gradient-top-share').textContent = percent(g.topShare);
      $('gradient-zeros').textContent = `${g.zeros.toLocaleString('en-US')} of ${g.parameters.toLocaleString('en-US')}`;
      list('gradient-findings', gradientFindings(g));
      rows('bang-table', bangRows(g));
      say('gradient', `∇C for test digit ${g.index} (a ${g.label}), from the lesson's trained network.`);
      break;
    }
    case 'backprop': {
      const b = message.claim;
      finish('backprop');
      $('backprop-ms').textContent = `${num(b.backpropMs)} ms`;
      $('numeric-ms').textContent = `${num(b.numericMs)} ms`;
      $('forward-passes').textContent = b.forwardPasses.toLocaleString('en-US');
      $('backprop-worst').textContent = num(b.comparison.worst, 2);
      list('backprop-findings', backpropFindings(b));
      $('backprop-chart').innerHTML = b.svg;
      say(
        'backprop',
        `Done: finite differences took ${Math.round(b.numericMs / Math.max(b.backpropMs, 1e-3)).toLocaleString('en-US')} times as long as backprop.`,
      );
      break;
    }
    case 'saddle': {
      const s = message.claim;
      finish('saddle');
      rows('saddle-table', saddleRows(s));
      $('saddle-chart').innerHTML = s.svg;
      say('saddle', saddleFindings(s).join(' '));
      break;
    }
    case 'slice': {
      const s = message.claim;
      finish('slice');
      list('slice-findings', sliceFindings(s));
      $('slice-line').innerHTML = s.lineSvg;
      $('slice-plane').innerHTML = s.planeSvg;
      say('slice', `Done: ${s.costs.toLocaleString('en-US')} costs on ${s.examples} test images.`);
      break;
    }
    case 'error':
      finish(message.job);
      say(message.job, `Could not: ${message.message}`, 'error');
      break;
  }
};

// The gradient of the digit in the address, and the saddle's runs, at once: both take well under a second (after the test images arrive).
showGradient();
showRuns();
