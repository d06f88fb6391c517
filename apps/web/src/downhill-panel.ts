// The "Roll downhill" part of the page: the form, the race run on the main
// thread (a few thousand steps of f(x, y) take milliseconds), the picture with
// a click to start from elsewhere (on the map, or on the curve), and the
// results table. The built-in surfaces need no mathjs; the reader of typed
// functions (@downhill/landscapes/text, mathjs inside) loads when one is typed.
import type { Landscape, RaceResult } from '@downhill/landscapes';
import { pathStyle } from '@downhill/viz';
import { placementOf, pointAt, roundToCurve, roundToMap, wAt } from './plot-click.js';
import {
  defaultRacers,
  defaultStart,
  defaultSteps,
  type FormulaReader,
  formatRacers,
  formatStart,
  landscapeOf,
  needsReader,
  parsePoint,
  parseRoll,
  type Roll,
  type RollFields,
  readRacers,
  surfaceChoices,
  TYPED,
} from './roll-form.js';
import { type RollPicture, rollPicture } from './roll-picture.js';
import { runRoll } from './roll-race.js';
import { describeRoll, resultRows } from './roll-table.js';
import { optimizerChoices } from './settings.js';
import { openedWith, saveView, share } from './url-state.js';

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

// --- the reader of typed functions, loaded when first needed ------------------------

let reader: FormulaReader | undefined;
let readerLoading: Promise<FormulaReader> | undefined;
function loadReader(): Promise<FormulaReader> {
  readerLoading ??= import('@downhill/landscapes/text').then((text) => {
    reader = text.getLandscape;
    return reader;
  });
  return readerLoading;
}

/** The reader, once loaded (loading it first if the form needs it): undefined means "wait for it". */
function readerFor(fields: Pick<RollFields, 'surface'>): FormulaReader | undefined | 'not needed' {
  if (!needsReader(fields)) return 'not needed';
  if (reader) return reader;
  void loadReader().then(() => {
    fitForm(false);
    roll();
  });
  return undefined;
}

const landscapeNow = (): Landscape | undefined => {
  const read = readerFor({ surface: surface.value });
  if (read === undefined) return undefined;
  return landscapeOf({ surface: surface.value, formula: formula.value }, read === 'not needed' ? undefined : read);
};

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
  let landscape: Landscape | undefined;
  try {
    landscape = landscapeNow();
  } catch {
    return; // said when the ball is rolled
  }
  if (!landscape) return; // the reader is loading: fitted when it is here
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

// The race in the address: ?surface=rosenbrock&start=-1.2,1&steps=500&race=sgd,momentum:0.001,adam (f=… for a typed function).
const rollKeys = ['surface', 'f', 'start', 'steps', 'race', 'animate'];
function rollParams(): [string, string][] {
  const fields = readForm();
  return [
    ['surface', fields.surface],
    ...(fields.surface === TYPED ? [['f', fields.formula] as [string, string]] : []),
    ['start', fields.start],
    ['steps', fields.steps],
    ['race', formatRacers(fields.racers)],
    ...(animate.checked ? [['animate', '1'] as [string, string]] : []),
  ];
}
form.addEventListener('input', () => saveView());
form.addEventListener('change', () => saveView());

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
  saveView();
  const fields = readForm();
  const read = readerFor(fields);
  if (read === undefined) {
    say('rolling', 'Loading the reader of typed functions…');
    return; // rolled when it is here
  }
  const parsed = parseRoll(fields, read === 'not needed' ? undefined : read);
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
  chart.classList.toggle('clickable', picture.area !== undefined || picture.curve !== undefined);
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

/** A short line in the racer's colour and dash, as its path is drawn (a map only: a curve has one ball). */
function swatch(k: number): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 8');
  svg.setAttribute('class', 'swatch');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  const style = pathStyle(k);
  line.setAttribute('d', 'M2 4h20');
  line.setAttribute('stroke', style.color);
  line.setAttribute('stroke-width', '2.5');
  if (style.dash) line.setAttribute('stroke-dasharray', style.dash);
  svg.append(line);
  return svg;
}

function finish(r: Roll, results: RaceResult[]): void {
  chart.innerHTML = picture!.draw();
  const line = describeRoll(r);
  say(line.warning ? 'warning' : 'done', line.text);
  resultsBody.replaceChildren(
    ...resultRows(results).map((row, k) => {
      const tr = document.createElement('tr');
      tr.dataset.optimizer = row.name;
      tr.dataset.outcome = row.outcome;
      // Three columns, each a main line and a small one under it, so "how it went" has room to read.
      const part = (tag: 'span' | 'small', field: string, text: string) => Object.assign(document.createElement(tag), { textContent: text, className: field });
      const td = (...parts: Element[]) => {
        const element = document.createElement('td');
        element.append(...parts);
        return element;
      };
      tr.append(
        td(
          ...(r.landscape.dimension === 2 ? [swatch(k)] : []),
          part('span', 'name', row.name),
          part('small', 'rate', `η = ${row.learningRate}${row.swept ? ', best of a sweep' : ''}`),
        ),
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

// A click on the map starts the race from there; on a curve, the ball.
chart.addEventListener('click', (event) => {
  const svg = chart.querySelector('svg');
  if (!svg || !picture) return;
  const placement = placementOf(svg.getBoundingClientRect(), svg.viewBox.baseVal.width, svg.viewBox.baseVal.height);
  if (picture.area) {
    const point = pointAt(picture.area, placement, event.clientX, event.clientY);
    if (!point) return;
    startField.value = formatStart(roundToMap(picture.area, point));
  } else if (picture.curve) {
    const w = wAt(picture.curve, placement, event.clientX, event.clientY);
    if (w === undefined) return;
    startField.value = formatStart([roundToCurve(picture.curve, w)]);
  } else return;
  roll();
});

// --- first showing: the race the address names, else the lesson's ball down (w - 2)^2 from w = 4 ----------

const given = { surface: openedWith('surface'), formula: openedWith('f'), start: openedWith('start'), steps: openedWith('steps'), race: openedWith('race') };
const typed = given.surface === TYPED || (given.surface === undefined && given.formula !== undefined);
surface.value = typed ? TYPED : choices.some((c) => c.value === given.surface) ? given.surface! : 'parabola';
formula.value = typed ? (given.formula ?? '') : landscapeOf({ surface: surface.value, formula: '' }).expression;
animate.checked = openedWith('animate') === '1';

/** Fill in what the address gave, over the landscape's defaults (once the landscape reads). */
function applyGiven(): void {
  fitForm(true);
  if (given.start !== undefined) startField.value = given.start;
  if (given.steps !== undefined) stepsField.value = given.steps;
  if (given.race !== undefined) {
    const racers = readRacers(given.race);
    for (const r of racerRows) {
      const mine = racers.find((x) => x.name === r.name);
      r.tick.checked = mine !== undefined;
      r.rate.value = mine?.learningRate ?? '';
    }
  }
}

// The address keeps the race it was opened with until the form holds it.
if (typed) {
  say('rolling', 'Loading the reader of typed functions…');
  void loadReader().then(() => {
    applyGiven();
    share(rollKeys, rollParams);
    roll();
  });
} else {
  applyGiven();
  share(rollKeys, rollParams);
  roll();
}
