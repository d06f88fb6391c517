// The "Roll downhill" part of the page: the form, the race run on the main
// thread (a few thousand steps of f(x, y) take milliseconds), the picture with
// a click to start from elsewhere, and the results table.
import type { Landscape, RaceResult } from '@downhill/landscapes';
import { pointAt, roundToMap } from './plot-click.js';
import {
  defaultRacers,
  defaultStart,
  defaultSteps,
  formatStart,
  landscapeOf,
  parsePoint,
  parseRoll,
  type Roll,
  type RollFields,
  surfaceChoices,
  TYPED,
} from './roll-form.js';
import { type RollPicture, rollPicture } from './roll-picture.js';
import { runRoll } from './roll-race.js';
import { describeRoll, resultRows } from './roll-table.js';
import { optimizerChoices } from './settings.js';

/** How long "animate" takes to reveal the paths, whatever the number of steps. */
const ANIMATION_MS = 2000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('roll-form');
const surface = $<HTMLSelectElement>('surface');
const formula = $<HTMLInputElement>('formula');
const startField = $<HTMLInputElement>('start-point');
const stepsField = $<HTMLInputElement>('steps');
const animate = $<HTMLInputElement>('animate');
const status = $('roll-status');
const chart = $('race-chart');
const resultsBody = $('race-results').querySelector('tbody')!;

type State = 'done' | 'warning' | 'error' | 'rolling';

function say(state: State, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

// --- the form -----------------------------------------------------------------

const choices = surfaceChoices();
surface.replaceChildren(...choices.map((c) => new Option(c.label, c.value)));

/** One row per registered optimizer, so one registered later races too. */
const racerRows = optimizerChoices().map(({ value: name, summary }) => {
  const row = document.createElement('div');
  row.className = 'racer';
  row.title = summary ?? '';
  const tick = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'racer', value: name, id: `racer-${name}` });
  const label = Object.assign(document.createElement('label'), { htmlFor: tick.id, textContent: name });
  const rate = Object.assign(document.createElement('input'), {
    id: `rate-${name}`,
    placeholder: 'auto',
    inputMode: 'decimal',
    autocomplete: 'off',
  });
  rate.setAttribute('aria-label', `learning rate for ${name} (empty: the best of a sweep)`);
  row.append(tick, label, rate);
  return { name, tick, rate, row };
});
$('racers').append(...racerRows.map((r) => r.row));

/** The dimension the form is set up for: changing it resets the start, the steps and the optimizers. */
let dimension = 0;

function describeSurface(): void {
  $('surface-summary').textContent = choices.find((c) => c.value === surface.value)?.summary ?? '';
}

function tickOnly(names: readonly string[]): void {
  for (const r of racerRows) r.tick.checked = names.includes(r.name);
}

/** Fit the form to the landscape now named: its start and steps when its dimension changed (or `fresh`), else keep what was typed. */
function fitForm(fresh: boolean): void {
  describeSurface();
  let landscape: Landscape;
  try {
    landscape = landscapeOf({ surface: surface.value, formula: formula.value });
  } catch {
    return; // said when the ball is rolled
  }
  const point = parsePoint(startField.value);
  if (fresh || landscape.dimension !== dimension || point?.length !== landscape.dimension) {
    startField.value = formatStart(defaultStart(landscape));
  }
  if (landscape.dimension !== dimension) {
    stepsField.value = String(defaultSteps(landscape));
    tickOnly(defaultRacers(landscape));
  }
  startField.placeholder = landscape.variables.join(', ');
  dimension = landscape.dimension;
}

surface.addEventListener('change', () => {
  const builtIn = choices.find((c) => c.value === surface.value && c.value !== TYPED);
  if (builtIn) formula.value = landscapeOf({ surface: surface.value, formula: '' }).expression;
  fitForm(builtIn !== undefined);
  if (builtIn) roll();
  else formula.focus();
});

// Typing a function makes it the landscape; the start, steps and optimizers fit it
// as soon as it reads (while typing, not on leaving the field, which would
// change the start under the cursor of someone moving on to type one).
formula.addEventListener('input', () => {
  surface.value = TYPED;
  fitForm(false);
});

// A curve shows one ball: ticking an optimizer there unticks the others.
for (const r of racerRows) {
  r.tick.addEventListener('change', () => {
    if (dimension === 1 && r.tick.checked) tickOnly([r.name]);
  });
}

function readForm(): RollFields {
  return {
    surface: surface.value,
    formula: formula.value,
    start: startField.value,
    steps: stepsField.value,
    racers: racerRows.filter((r) => r.tick.checked).map((r) => ({ name: r.name, learningRate: r.rate.value })),
  };
}

// --- the race -------------------------------------------------------------------

let picture: RollPicture | undefined;
let animation = 0;

/** The problem in the status line, and no picture or table of an earlier race beside it to mistake for this one. */
function fail(problem: string): void {
  say('error', problem);
  picture = undefined;
  chart.replaceChildren();
  resultsBody.replaceChildren();
}

function roll(): void {
  cancelAnimationFrame(animation);
  const parsed = parseRoll(readForm());
  if (!parsed.ok) {
    fail(parsed.problem);
    return;
  }
  const { roll: r } = parsed;
  let results: RaceResult[];
  try {
    results = runRoll(r);
  } catch (error) {
    fail(`${(error as Error).name}: ${(error as Error).message}`);
    return;
  }
  picture = rollPicture(r.landscape, results, r.start, r.steps);
  chart.classList.toggle('clickable', picture.area !== undefined);
  if (!animate.checked) {
    finish(r, results);
    return;
  }
  say('rolling', 'Rolling…');
  resultsBody.replaceChildren();
  const began = performance.now();
  const shown = picture;
  const frame = (now: number) => {
    const step = Math.min(r.steps, Math.floor(((now - began) / ANIMATION_MS) * r.steps));
    chart.innerHTML = shown.draw(step);
    if (step < r.steps) animation = requestAnimationFrame(frame);
    else finish(r, results);
  };
  animation = requestAnimationFrame(frame);
}

function finish(r: Roll, results: RaceResult[]): void {
  chart.innerHTML = picture!.draw();
  const line = describeRoll(r);
  say(line.warning ? 'warning' : 'done', line.text);
  resultsBody.replaceChildren(
    ...resultRows(results).map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.optimizer = row.name;
      tr.dataset.outcome = row.outcome;
      // Three columns, each a main line and a small one under it, so "how it went" has room to read.
      const part = (tag: 'span' | 'small', field: string, text: string) => Object.assign(document.createElement(tag), { textContent: text, className: field });
      const td = (...parts: HTMLElement[]) => {
        const element = document.createElement('td');
        element.append(...parts);
        return element;
      };
      tr.append(
        td(part('span', 'name', row.name), part('small', 'rate', `η = ${row.learningRate}${row.swept ? ', best of a sweep' : ''}`)),
        td(part('span', 'says', row.says)),
        td(part('span', 'point', row.finalPoint), part('small', 'value', `f = ${row.finalValue}`)),
      );
      return tr;
    }),
  );
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  roll();
});

// A click on the map starts the race from there.
chart.addEventListener('click', (event) => {
  const svg = chart.querySelector('svg');
  const area = picture?.area;
  if (!svg || !area) return;
  const box = svg.getBoundingClientRect();
  const { width: svgWidth, height: svgHeight } = svg.viewBox.baseVal;
  const point = pointAt(area, { left: box.left, top: box.top, width: box.width, height: box.height, svgWidth, svgHeight }, event.clientX, event.clientY);
  if (!point) return;
  startField.value = formatStart(roundToMap(area, point));
  roll();
});

// The lesson's ball first: (w - 2)^2 from w = 4.
surface.value = 'parabola';
formula.value = landscapeOf({ surface: 'parabola', formula: '' }).expression;
fitForm(true);
roll();
