import { getLandscape } from '@downhill/landscapes/text';
import { describe, expect, it } from 'vitest';
import type { RollFields } from './roll-form.js';
import { rollPicture } from './roll-picture.js';
import { runRoll } from './roll-race.js';
import { rollOf } from './roll.test-util.js';

function race(fields: RollFields) {
  const roll = rollOf(fields);
  return { roll, results: runRoll(roll) };
}
/** The coloured path of each run (viz casts each in white first). */
const runs = (svg: string) => [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="(?!#ffffff)[^"]+" stroke-width="2.5"/g)].map((m) => m[1]!);

describe('the race picture', () => {
  const racers = [
    { name: 'sgd', learningRate: '0.001' },
    { name: 'momentum', learningRate: '0.001' },
    { name: 'adam', learningRate: '0.1' },
  ];
  const { roll, results } = race({ surface: 'rosenbrock', formula: '', start: '-1.2, 1', steps: '50', racers });

  it('draws a surface as a heat map with one path per optimizer, and says where the map is for clicks', () => {
    const picture = rollPicture(roll.landscape, results, roll.start, roll.steps);
    const svg = picture.draw();
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Rosenbrock, f(x, y) = (1 - x)^2 + 100 (y - x^2)^2: 50 steps');
    const paths = runs(svg);
    expect(paths).toHaveLength(3);
    for (const d of paths) expect(d.match(/[ML]/g)).toHaveLength(51);
    expect(picture.area).toMatchObject({ xRange: [-2, 2], yRange: [-1, 3] });
    expect(svg).toContain(`<clipPath id="`);
  });

  it('shows the paths up to a step, for the animation', () => {
    const picture = rollPicture(roll.landscape, results, roll.start, roll.steps);
    for (const d of runs(picture.draw(5))) expect(d.match(/[ML]/g)).toHaveLength(6);
  });

  it('draws a curve as the ball and its steps, and has no map to click', () => {
    const lesson = race({ surface: 'parabola', formula: '', start: '4', steps: '10', racers: [{ name: 'sgd', learningRate: '0.3' }] });
    const picture = rollPicture(lesson.roll.landscape, lesson.results, lesson.roll.start, lesson.roll.steps);
    expect(picture.area).toBeUndefined();
    // One ball per position: the start and 10 steps; 4 after 3 steps.
    expect(picture.draw().match(/<circle/g)).toHaveLength(11);
    expect(picture.draw(3).match(/<circle/g)).toHaveLength(4);
    expect(picture.draw()).toContain('Parabola, f(w) = (w - 2)^2: sgd, η = 0.3');
  });

  it('draws a ball that flies off only up to where it leaves the window', () => {
    // η = 5 overshoots 2 by 9 times more each step: 4, −16, 164, …, off the window w ∈ [−1, 5] from the first step.
    const blown = race({ surface: 'parabola', formula: '', start: '4', steps: '10', racers: [{ name: 'sgd', learningRate: '5' }] });
    expect(blown.results[0]!.path.points.length).toBeGreaterThan(3);
    const svg = rollPicture(blown.roll.landscape, blown.results, blown.roll.start, blown.roll.steps).draw();
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toContain('step 1: w = -16, f(w) = 324');
  });

  it('frames a typed function around the runs, since it has no domain of its own', () => {
    const typed = race({ surface: 'typed', formula: 'x^2 + 10 y^2', start: '-4, 2', steps: '100', racers: [{ name: 'sgd', learningRate: '0.05' }] });
    expect(getLandscape('x^2 + 10 y^2').domain).toBeUndefined();
    const { area } = rollPicture(typed.roll.landscape, typed.results, typed.roll.start, typed.roll.steps);
    expect(area!.xRange[0]).toBeLessThan(-4);
    expect(area!.xRange[1]).toBeGreaterThan(0);
    expect(area!.yRange[1]).toBeGreaterThan(2);
  });
});
