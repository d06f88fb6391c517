import { describe, expect, it } from 'vitest';
import { descend, type Stepper } from './descend.js';
import { landscapeFromText } from './from-text.js';
import { landscapeErrorOf } from './landscape-error.test-util.js';
import { bowl, himmelblau, parabola, rosenbrock } from './surfaces.js';

/** Plain gradient descent, w ← w − η g: the lesson's rule (the real optimizers live in @downhill/optim). */
function gradientDescent(learningRate: number): Stepper {
  return {
    step(params, grads) {
      for (let i = 0; i < params.length; i++) params[i] -= learningRate * grads[i];
    },
  };
}

describe('descend', () => {
  it("prints the lesson's run: (w - 2)^2 from w = 4 with η = 0.3, line for line", () => {
    // What the lesson notebook's loop prints (print(f"Step {i}: w={w:.4f}") then "Final"),
    // here from float32 parameters; the notebook's own step i is our step i + 1.
    const lesson = [
      'Step 0: w=2.8000',
      'Step 1: w=2.3200',
      'Step 2: w=2.1280',
      'Step 3: w=2.0512',
      'Step 4: w=2.0205',
      'Step 5: w=2.0082',
      'Step 6: w=2.0033',
      'Step 7: w=2.0013',
      'Step 8: w=2.0005',
      'Step 9: w=2.0002',
      'Final: 2.0002',
    ];
    const printed: string[] = [];
    const path = descend(parabola, gradientDescent(0.3), [4], 10, {
      onStep: (step, [w]) => printed.push(`Step ${step - 1}: w=${w.toFixed(4)}`),
    });
    printed.push(`Final: ${path.final.point[0].toFixed(4)}`);
    expect(printed).toEqual(lesson);
    expect(path.final.point[0]).toBe(Math.fround(path.final.point[0])); // float32 parameters
  });

  it('records the start and one point per step, with f at each', () => {
    const path = descend(bowl, gradientDescent(0.01), [-4, 2], 25);
    expect(path.points).toHaveLength(26);
    expect(path.values).toHaveLength(26);
    expect(path.points[0]).toEqual([-4, 2]);
    path.points.forEach((p, i) => {
      expect(path.values[i]).toBe(bowl.value(p));
    });
    expect(path.final).toEqual({ point: path.points[25], value: path.values[25] });
    expect(path.diverged).toBe(false);
    expect(path.divergedAt).toBeUndefined();
  });

  it('rolls plain gradient descent to the bottom of the bowl, cost falling every step', () => {
    const path = descend(bowl, gradientDescent(0.04), [-4, 2], 400);
    for (let i = 1; i < path.values.length; i++) expect(path.values[i]).toBeLessThanOrEqual(path.values[i - 1]);
    expect(Math.hypot(...path.final.point)).toBeLessThan(1e-3);
    expect(path.stepsToMinimum).toBeGreaterThan(0);
    // The first step within 1e-3 of (0, 0), and no earlier one.
    const k = path.stepsToMinimum!;
    expect(Math.hypot(...path.points[k])).toBeLessThanOrEqual(1e-3);
    expect(Math.hypot(...path.points[k - 1])).toBeGreaterThan(1e-3);
  });

  it('uses the tolerance it is given and finds whichever of several minima is reached', () => {
    const loose = descend(himmelblau, gradientDescent(0.01), [0, 0], 300, { tolerance: 0.1 });
    const tight = descend(himmelblau, gradientDescent(0.01), [0, 0], 300, { tolerance: 1e-4 });
    expect(loose.stepsToMinimum).toBeDefined();
    expect(tight.stepsToMinimum ?? Infinity).toBeGreaterThan(loose.stepsToMinimum!);
    const reached = himmelblau.minima!.map((m) => Math.hypot(m[0] - loose.final.point[0], m[1] - loose.final.point[1]));
    expect(Math.min(...reached)).toBeLessThan(1e-3);
  });

  it('reports no stepsToMinimum where it never arrives or none is known', () => {
    expect(descend(rosenbrock, gradientDescent(1e-4), [-1.2, 1], 50).stepsToMinimum).toBeUndefined();
    expect(descend(landscapeFromText('(x - 1)^2 + y^2'), gradientDescent(0.1), [0, 0], 100).stepsToMinimum).toBeUndefined();
  });

  it('marks a too-large learning rate as diverged at the step the cost passes 1e12, without throwing', () => {
    // η = 0.2 on 10 y^2 multiplies y by 1 − 0.2·20 = −3 each step, so 10 y^2 = 40·9^k: past 1e12 first at k = 11.
    const path = descend(bowl, gradientDescent(0.2), [-4, 2], 100);
    expect(path.diverged).toBe(true);
    const n = path.divergedAt!;
    expect(n).toBe(11);
    expect(path.points).toHaveLength(n + 1);
    expect(path.values[n]).toBeGreaterThan(1e12);
    expect(path.values.slice(0, n).every((v) => v <= 1e12)).toBe(true);
    expect(path.final.value).toBe(path.values[n]);
  });

  it('marks a cost that stops being a real number as diverged', () => {
    // sqrt(w) rolls left through 0 with η = 1: f becomes NaN.
    const path = descend(landscapeFromText('sqrt(w)'), gradientDescent(1), [1], 10);
    expect(path.diverged).toBe(true);
    expect(path.final.value).toBeNaN();
    expect(path.points).toHaveLength(path.divergedAt! + 1);
  });

  it('calls onStep once per step with the recorded point and value', () => {
    const calls: Array<[number, number[], number]> = [];
    const path = descend(bowl, gradientDescent(0.05), [1, 1], 5, { onStep: (s, p, v) => calls.push([s, p, v]) });
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5]);
    calls.forEach(([s, p, v]) => {
      expect(p).toBe(path.points[s]);
      expect(v).toBe(path.values[s]);
    });
  });

  it('hands the stepper the gradient at the current float32 parameters', () => {
    const seen: number[][] = [];
    const recorder: Stepper = {
      step(params, grads) {
        expect(params).toBeInstanceOf(Float32Array);
        expect(grads).toBeInstanceOf(Float32Array);
        seen.push([...params, ...grads]);
        params[0] -= 0.1;
      },
    };
    descend(bowl, recorder, [1, 0.5], 2);
    expect(seen).toEqual([
      [1, 0.5, 2, 10],
      [Math.fround(0.9), 0.5, Math.fround(2 * Math.fround(0.9)), 10],
    ]);
  });

  it('hands the stepper the loss f at the current parameters, for rules that read it', () => {
    const losses: number[] = [];
    const recorder: Stepper = {
      step(params, _grads, info) {
        losses.push(info!.loss);
        params[0] -= 0.25;
      },
    };
    const path = descend(bowl, recorder, [1, 0.5], 3);
    expect(losses).toEqual(path.values.slice(0, 3));
    expect(losses[0]).toBe(bowl.value([1, 0.5]));
  });

  it('is deterministic: the same run gives the same path', () => {
    const a = descend(rosenbrock, gradientDescent(1e-3), [-1.2, 1], 200);
    const b = descend(rosenbrock, gradientDescent(1e-3), [-1.2, 1], 200);
    expect(b).toEqual(a);
  });

  it('takes zero steps', () => {
    const path = descend(parabola, gradientDescent(0.3), [2], 0);
    expect(path.points).toEqual([[2]]);
    expect(path.stepsToMinimum).toBe(0);
  });

  it('refuses a start point where f is not real, saying what it is', () => {
    const error = landscapeErrorOf(() => descend(landscapeFromText('sqrt(x) + y^2'), gradientDescent(0.1), [-1, 0], 5));
    expect(error.kind).toBe('not-real');
    expect(error.message).toBe('f(x, y) = sqrt(x) + y^2 is not a real number at the start point (x, y) = (-1, 0): it is the complex number i');
    const log = landscapeErrorOf(() => descend(landscapeFromText('log(w)'), gradientDescent(0.1), [0], 5));
    expect(log.message).toBe('f(w) = log(w) is not a real number at the start point w = 0: it is -Infinity');
    const slope = landscapeErrorOf(() => descend(landscapeFromText('sqrt(w)'), gradientDescent(0.1), [0], 5));
    expect(slope.message).toBe('the gradient of f(w) = sqrt(w) is not a real number at the start point w = 0: ∂f/∂w is Infinity');
  });

  it('refuses bad arguments with what was expected and found', () => {
    expect(landscapeErrorOf(() => descend(bowl, gradientDescent(0.1), [1], 5)).message).toBe(
      'start point: expected 2 numbers (x, y) for f(x, y) = x^2 + 10 y^2, found 1 numbers',
    );
    expect(landscapeErrorOf(() => descend(bowl, gradientDescent(0.1), [1, Number.NaN], 5)).message).toBe(
      'start point: expected a finite number for y, found NaN',
    );
    expect(landscapeErrorOf(() => descend(bowl, gradientDescent(0.1), [1, 1], 2.5)).message).toBe('steps: expected a whole number ≥ 0, found 2.5');
    expect(landscapeErrorOf(() => descend(bowl, {} as Stepper, [1, 1], 2)).message).toBe(
      'stepper: expected an object with a step(params, grads) method, found [object Object]',
    );
    expect(landscapeErrorOf(() => descend(bowl, gradientDescent(0.1), [1, 1], 2, { tolerance: -1 })).message).toBe(
      'tolerance: expected a number ≥ 0, found -1',
    );
  });
});
