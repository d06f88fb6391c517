import { describe, expect, it } from 'vitest';
import { type Problem, coupledQuadratic, goldenProblem, illConditionedBowl, rosenbrockProblem } from './problems.js';

// The problems' gradients against central differences of their values, in float64.
function centralDifference(problem: Problem, w: number[], i: number, h = 1e-6): number {
  const plus = [...w],
    minus = [...w];
  plus[i]! += h;
  minus[i]! -= h;
  return (problem.value(plus) - problem.value(minus)) / (2 * h);
}

describe('test problems', () => {
  for (const problem of [illConditionedBowl, rosenbrockProblem, goldenProblem]) {
    it(`${problem.name}: gradient matches finite differences; zero at the minimum`, () => {
      const points = [problem.start, [0.3, -0.7, 1.1].slice(0, problem.start.length), problem.minimum];
      for (const w of points) {
        const g = new Float32Array(w.length);
        problem.gradient(w, g);
        for (let i = 0; i < w.length; i++) {
          const fd = centralDifference(problem, [...w], i);
          expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)) + 1e-5);
        }
      }
      const g = new Float32Array(problem.minimum.length);
      problem.gradient(problem.minimum, g);
      expect([...g].every((x) => x === 0)).toBe(true);
      expect(problem.value(problem.minimum)).toBe(0);
    });
  }

  it(`${coupledQuadratic.name}: gradient matches finite differences; zero at A⁻¹b, where f = −20/17`, () => {
    for (const w of [coupledQuadratic.start, [0.3, -0.7, 1.1]]) {
      const g = new Float32Array(3);
      coupledQuadratic.gradient(w, g);
      for (let i = 0; i < 3; i++) {
        const fd = centralDifference(coupledQuadratic, [...w], i);
        expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)) + 1e-5);
      }
    }
    const g = new Float32Array(3);
    coupledQuadratic.gradient(coupledQuadratic.minimum, g);
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-15);
    expect(coupledQuadratic.value(coupledQuadratic.minimum)).toBeCloseTo(-20 / 17, 14);
  });
});
