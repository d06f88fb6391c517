import { getLandscape } from '@downhill/landscapes/text';
import { optimizers } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import {
  defaultRacers,
  defaultStart,
  defaultSteps,
  formatStart,
  landscapeOf,
  formatRacers,
  MAX_STEPS,
  needsReader,
  parsePoint,
  parseRoll,
  readRacers,
  type RollFields,
  surfaceChoices,
  TYPED,
} from './roll-form.js';

const rosenbrock: RollFields = {
  surface: 'rosenbrock',
  formula: '',
  start: '-1.2, 1',
  steps: '500',
  racers: [
    { name: 'sgd', learningRate: '' },
    { name: 'adam', learningRate: '0.1' },
  ],
};
const typed = (formula: string, changes: Partial<RollFields> = {}): RollFields => ({ ...rosenbrock, surface: TYPED, formula, ...changes });
const problem = (fields: RollFields) => {
  const parsed = parseRoll(fields, getLandscape);
  return parsed.ok ? 'no problem' : parsed.problem;
};

describe('the Roll downhill form', () => {
  it('offers every built-in surface, the lesson’s parabola named as such, then a typed function', () => {
    const choices = surfaceChoices();
    expect(choices.map((c) => c.value)).toEqual(['parabola', 'bowl', 'rosenbrock', 'himmelblau', 'beale', 'saddle', 'rastrigin', TYPED]);
    expect(choices[0]!.label).toBe("parabola (the lesson's)");
    expect(choices.find((c) => c.value === 'rosenbrock')!.summary).toMatch(/banana valley/);
  });

  it('starts a curve at w = 4 for 10 steps with one ball, a surface at its suggested start for 500 steps with three', () => {
    const parabola = landscapeOf({ surface: 'parabola', formula: '' });
    expect([defaultStart(parabola), defaultSteps(parabola), defaultRacers(parabola)]).toEqual([[4], 10, ['sgd']]);
    const surface = landscapeOf({ surface: 'rosenbrock', formula: '' });
    expect([defaultStart(surface), defaultSteps(surface), defaultRacers(surface)]).toEqual([[-1.2, 1], 500, ['sgd', 'momentum', 'adam']]);
    // A typed function has no suggested start: (−3, 3), or w = 4, as `downhill viz landscape` takes.
    expect(defaultStart(landscapeOf(typed('x^2 + y^2'), getLandscape))).toEqual([-3, 3]);
    expect(defaultStart(landscapeOf(typed('cos(theta)'), getLandscape))).toEqual([4]);
    for (const name of defaultRacers(surface)) expect(optimizers.has(name)).toBe(true);
  });

  it('reads points with commas, spaces or brackets, and nothing else', () => {
    expect(parsePoint('-1.2, 1')).toEqual([-1.2, 1]);
    expect(parsePoint(' (0.5 -2) ')).toEqual([0.5, -2]);
    expect(parsePoint('4')).toEqual([4]);
    expect(parsePoint('1e-3;2')).toEqual([0.001, 2]);
    expect(parsePoint('')).toBeUndefined();
    expect(parsePoint('1, two')).toBeUndefined();
    expect(parsePoint('1, Infinity')).toBeUndefined();
    expect(formatStart([-1.2, 1])).toBe('-1.2, 1');
    expect(parsePoint(formatStart([0.25, -3]))).toEqual([0.25, -3]);
  });

  it('turns the fields into a race: a built-in, its start, the steps, each optimizer with its typed rate or none (a sweep)', () => {
    const parsed = parseRoll(rosenbrock);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { roll } = parsed;
    expect(roll.landscape.name).toBe('rosenbrock');
    expect(roll.start).toEqual([-1.2, 1]);
    expect(roll.steps).toBe(500);
    expect(roll.runners).toEqual([{ optimizer: 'sgd' }, { optimizer: 'adam', learningRate: 0.1 }]);
    expect(roll.noMinimum).toBeUndefined();
  });

  it("takes the lesson's typed (w-2)^2 from 4 with one ball", () => {
    const parsed = parseRoll(typed('(w-2)^2', { start: '4', steps: '10', racers: [{ name: 'sgd', learningRate: '0.3' }] }), getLandscape);
    expect(parsed.ok && [parsed.roll.landscape.variables, parsed.roll.start, parsed.roll.runners[0]!.learningRate]).toEqual([['w'], [4], 0.3]);
  });

  it('says in one line what the typed function gets wrong, in the landscapes’ words', () => {
    expect(problem(typed('sin(x'))).toBe('"sin(x" does not parse: Parenthesis ) expected (char 6)');
    expect(problem(typed('x^2 + z^2'))).toBe('unknown variable z: expected a function of x and y (or of one variable)');
    expect(problem(typed(''))).toBe('the function is empty: expected a formula such as x^2 + 10 y^2');
    expect(problem(typed('sqrt(x) + y^2', { start: '-1, 0' }))).toMatch(
      /^f\(x, y\) = sqrt\(x\) \+ y\^2 is not a real number at the start point \(x, y\) = \(-1, 0\)/,
    );
  });

  it('races a function with no minimum, and says why it has none', () => {
    const parsed = parseRoll(typed('x^2 + y'), getLandscape);
    expect(parsed.ok && parsed.roll.noMinimum).toBe('f(x, y) = x^2 + y has no minimum: it decreases without bound (f(0, -1e6) = -1e6)');
    const saddle = parseRoll({ ...rosenbrock, surface: 'saddle', start: '1.5, 0.01' });
    expect(saddle.ok && saddle.roll.noMinimum).toMatch(/^f\(x, y\) = x\^2 - y\^2 has no minimum/);
  });

  it('names the field that is wrong: start, steps, optimizers, learning rates', () => {
    expect(problem({ ...rosenbrock, start: '4' })).toBe("start: expected two numbers x, y for f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, found '4'");
    expect(problem(typed('(w-2)^2', { start: '1, 2' }))).toBe("start: expected one number (w) for f(w) = (w-2)^2, found '1, 2'");
    expect(problem({ ...rosenbrock, steps: '0' })).toBe(`steps: expected a whole number from 1 to 5,000, found '0'`);
    expect(problem({ ...rosenbrock, steps: String(MAX_STEPS + 1) })).toMatch(/^steps: expected a whole number/);
    expect(problem({ ...rosenbrock, steps: '2.5' })).toMatch(/^steps: expected a whole number/);
    expect(problem({ ...rosenbrock, racers: [] })).toBe('optimizers: tick at least one to roll the ball');
    expect(problem(typed('(w-2)^2', { start: '4' }))).toBe('optimizers: a curve shows one ball: tick one optimizer, found 2 (sgd, adam)');
    expect(problem({ ...rosenbrock, racers: [{ name: 'adam', learningRate: '-1' }] })).toBe(
      "adam: expected a learning rate above 0 (or nothing, for the best of a sweep), found '-1'",
    );
    expect(problem({ ...rosenbrock, racers: [{ name: 'adam', learningRate: 'fast' }] })).toMatch(/^adam: expected a learning rate above 0/);
  });

  it('needs no reader of typed functions (no mathjs) for a built-in, and says so for a typed one without it', () => {
    expect(needsReader({ surface: 'rosenbrock' })).toBe(false);
    expect(needsReader({ surface: TYPED })).toBe(true);
    expect(parseRoll(rosenbrock).ok).toBe(true);
    expect(parseRoll(typed('x^2'))).toEqual({ ok: false, problem: 'the typed function cannot be read yet (its reader is still loading)' });
  });

  it('writes the racers for the address as the CLI --race takes them, and reads them back', () => {
    const racers = [
      { name: 'sgd', learningRate: '' },
      { name: 'momentum', learningRate: '0.001' },
      { name: 'adam', learningRate: ' 0.1 ' },
    ];
    expect(formatRacers(racers)).toBe('sgd,momentum:0.001,adam:0.1');
    expect(readRacers('sgd,momentum:0.001,adam:0.1')).toEqual([
      { name: 'sgd', learningRate: '' },
      { name: 'momentum', learningRate: '0.001' },
      { name: 'adam', learningRate: '0.1' },
    ]);
    expect(readRacers('')).toEqual([]);
  });

  it('reads start points and steps strictly: no hex, no decimal commas', () => {
    expect(parsePoint('0x10')).toBeUndefined();
    expect(problem({ ...rosenbrock, steps: '0x10' })).toMatch(/^steps: expected a whole number from 1 to 5,000/);
    expect(problem({ ...rosenbrock, steps: '' })).toMatch(/^steps: expected a whole number/);
  });
});
