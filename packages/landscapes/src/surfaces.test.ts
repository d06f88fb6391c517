import { describe, expect, it } from 'vitest';
import { expectGradientMatchesDifferences, gradientAt } from './gradient-check.test-util.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';
import fc from 'fast-check';
import { landscapeFromText } from './from-text.js';
import { beale, bowl, getSurface, himmelblau, parabola, rastrigin, rosenbrock, saddle, surfaceNamed, surfaces } from './surfaces.js';
import { getLandscape } from './text.js';

/** The gradients as one would write them by hand, to check mathjs's symbolic ones. */
const handGradients: Record<string, (p: number[]) => number[]> = {
  parabola: ([w]) => [2 * (w - 2)],
  bowl: ([x, y]) => [2 * x, 20 * y],
  rosenbrock: ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  himmelblau: ([x, y]) => [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)],
  beale: ([x, y]) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y ** 3;
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
  saddle: ([x, y]) => [2 * x, -2 * y],
  rastrigin: ([x, y]) => [2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x), 2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y)],
};

/** A few points spread over the plotting window, deterministic. */
function samplePoints(landscape: Landscape): number[][] {
  const [[x0, x1], [y0, y1]] = landscape.domain!;
  const fractions = [0.13, 0.37, 0.61, 0.89];
  if (landscape.dimension === 1) return fractions.map((f) => [x0 + f * (x1 - x0)]);
  return fractions.flatMap((fx, i) => fractions.map((fy, j) => [x0 + fx * (x1 - x0), y0 + fractions[(i + j) % 4] * fy * (y1 - y0)]));
}

describe('built-in surfaces', () => {
  it('are the seven named ones, each under its own name', () => {
    expect([...surfaces.keys()]).toEqual(['parabola', 'bowl', 'rosenbrock', 'himmelblau', 'beale', 'saddle', 'rastrigin']);
    for (const [name, landscape] of surfaces) expect(landscape.name).toBe(name);
    expect(Object.keys(handGradients).sort()).toEqual([...surfaces.keys()].sort());
  });

  it.each([...surfaces.keys()])('%s: mathjs gradient equals the hand-written one', (name) => {
    const landscape = surfaces.get(name)!;
    for (const p of samplePoints(landscape)) {
      const hand = handGradients[name](p);
      const symbolic = gradientAt(landscape, p);
      for (let i = 0; i < p.length; i++) {
        expect(Math.abs(symbolic[i] - hand[i])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(hand[i])));
      }
    }
  });

  it.each([...surfaces.keys()])('%s: gradient matches central differences', (name) => {
    const landscape = surfaces.get(name)!;
    for (const p of samplePoints(landscape)) expectGradientMatchesDifferences(landscape, p);
  });

  it.each([...surfaces.keys()].filter((n) => n !== 'saddle'))('%s: each known minimum has the minimum value and a zero gradient', (name) => {
    const landscape = surfaces.get(name)!;
    expect(landscape.minima!.length).toBeGreaterThan(0);
    for (const m of landscape.minima!) {
      expect(landscape.value(m)).toBeCloseTo(landscape.minimumValue!, 12);
      for (const g of gradientAt(landscape, m)) expect(Math.abs(g)).toBeLessThan(1e-9);
    }
  });

  it('himmelblau has four distinct minima, each a stationary point Newton does not move', () => {
    expect(himmelblau.minima).toHaveLength(4);
    for (const [x, y] of himmelblau.minima!) {
      // One Newton step with the hand-written Hessian: the point is already the root to ~1e-12.
      const [gx, gy] = handGradients.himmelblau([x, y]);
      const hxx = 12 * x * x + 4 * y - 42;
      const hxy = 4 * x + 4 * y;
      const hyy = 4 * x + 12 * y * y - 26;
      const det = hxx * hyy - hxy * hxy;
      expect(det).toBeGreaterThan(0); // a minimum, not a saddle
      expect(hxx).toBeGreaterThan(0);
      expect(Math.hypot((hyy * gx - hxy * gy) / det, (hxx * gy - hxy * gx) / det)).toBeLessThan(1e-12);
    }
  });

  it('saddle is marked as having no minimum; the others have minima', () => {
    expect(saddle.noMinimum).toMatch(/has no minimum/);
    expect(saddle.minima).toBeUndefined();
    for (const l of [parabola, bowl, rosenbrock, himmelblau, beale, rastrigin]) expect(l.noMinimum).toBeUndefined();
  });

  it('each has a plotting window containing its start and minima', () => {
    for (const landscape of surfaces.values()) {
      const [[x0, x1], [y0, y1]] = landscape.domain!;
      expect(x0).toBeLessThan(x1);
      expect(y0).toBeLessThan(y1);
      expect(landscape.suggestedStart).toHaveLength(landscape.dimension);
      for (const p of [landscape.suggestedStart!, ...(landscape.minima ?? [])]) {
        expect(p[0]).toBeGreaterThanOrEqual(x0);
        expect(p[0]).toBeLessThanOrEqual(x1);
        if (landscape.dimension === 2) {
          expect(p[1]).toBeGreaterThanOrEqual(y0);
          expect(p[1]).toBeLessThanOrEqual(y1);
        }
      }
    }
  });

  it('are frozen, so no caller can change a shared built-in', () => {
    expect(Object.isFrozen(rosenbrock)).toBe(true);
    expect(Object.isFrozen(rosenbrock.minima![0])).toBe(true);
    expect(() => {
      (rosenbrock.minima![0] as number[])[0] = 5;
    }).toThrow(TypeError);
  });

  it('print as their text and list their derivatives', () => {
    expect(rosenbrock.expression).toBe('(1 - x)^2 + 100 (y - x^2)^2');
    expect(parabola.derivatives).toEqual(['2 * (w - 2)']);
  });
});

describe('getLandscape', () => {
  it('returns a built-in by name, ignoring case and spaces', () => {
    expect(getLandscape('rosenbrock')).toBe(rosenbrock);
    expect(getLandscape(' Himmelblau ')).toBe(himmelblau);
  });

  it('parses anything else as a function', () => {
    const landscape = getLandscape('x^2 + y^4');
    expect(landscape.variables).toEqual(['x', 'y']);
    expect(landscape.value([2, 1])).toBe(5);
    expect(getLandscape('w').value([3])).toBe(3);
  });

  it('takes a misspelt name for a mistake, not for f(word) = word', () => {
    const error = (() => {
      try {
        getLandscape('rosenbrok');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LandscapeError);
    expect((error as LandscapeError).kind).toBe('unknown-surface');
    expect((error as LandscapeError).message).toBe(
      'unknown surface "rosenbrok": expected one of parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin, or a function such as x^2 + 10 y^2',
    );
  });
});

describe('the built-ins without mathjs', () => {
  it("give mathjs's own f and ∇f, bit for bit, and its derivative texts", () => {
    for (const builtIn of surfaces.values()) {
      const parsed = landscapeFromText(builtIn.expression, { variables: builtIn.variables });
      expect(builtIn.derivatives, builtIn.name).toEqual(parsed.derivatives);
      fc.assert(
        fc.property(fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: builtIn.dimension, maxLength: builtIn.dimension }), (p) => {
          expect(Object.is(builtIn.value(p), parsed.value(p)), `${builtIn.name} f(${p})`).toBe(true);
          const a = new Float64Array(builtIn.dimension),
            b = new Float64Array(builtIn.dimension);
          builtIn.gradient(p, a);
          parsed.gradient(p, b);
          expect(Array.from(a), `${builtIn.name} ∇f(${p})`).toEqual(Array.from(b));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('are found by name without the text parser: getSurface and surfaceNamed', () => {
    expect(getSurface(' Rosenbrock ')).toBe(rosenbrock);
    expect(getSurface('x^2')).toBeUndefined();
    expect(() => surfaceNamed('rosenbrok')).toThrow(/unknown surface "rosenbrok": expected one of parabola, bowl/);
  });

  it("'@downhill/landscapes' does not import mathjs; '@downhill/landscapes/text' does", async () => {
    const { readFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const here = dirname(fileURLToPath(import.meta.url));
    const reached = (entry: string): Set<string> => {
      const found = new Set<string>(),
        seen = new Set<string>(),
        todo = [entry];
      while (todo.length > 0) {
        const file = todo.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) {
          if (spec!.startsWith('.')) todo.push(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
          else found.add(spec!);
        }
      }
      return found;
    };
    expect([...reached(resolve(here, 'index.ts'))]).not.toContain('mathjs');
    expect([...reached(resolve(here, 'text.ts'))]).toContain('mathjs');
  });
});
