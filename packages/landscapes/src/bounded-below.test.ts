import { describe, expect, it } from 'vitest';
import { checkBoundedBelow, hasMinimum } from './bounded-below.js';
import { landscapeFromText } from './from-text.js';
import { surfaces } from './surfaces.js';

describe('checkBoundedBelow', () => {
  it('flags x^2 + y, naming a point where it has fallen', () => {
    const reason = checkBoundedBelow(landscapeFromText('x^2 + y'));
    expect(reason).toBe('f(x, y) = x^2 + y has no minimum: it decreases without bound (f(0, -1e6) = -1e6)');
    expect(hasMinimum(landscapeFromText('x^2 + y'))).toBe(false);
  });

  it('flags the saddle, built in or typed', () => {
    expect(hasMinimum(surfaces.get('saddle')!)).toBe(false);
    expect(checkBoundedBelow(surfaces.get('saddle')!)).toMatch(/^f\(x, y\) = x\^2 - y\^2 has no minimum/);
    expect(checkBoundedBelow(landscapeFromText('x^2 - y^2'))).toMatch(
      /^f\(x, y\) = x\^2 - y\^2 has no minimum: it decreases without bound \(f\(0, (-)?1e6\) = -1e12\)$/,
    );
  });

  it('flags 1-D and slowly falling surfaces', () => {
    expect(checkBoundedBelow(landscapeFromText('w^3'))).toBe('f(w) = w^3 has no minimum: it decreases without bound (f(-1e6) = -1e18)');
    // Falls only ~ -3e3 by radius 1e6, but falls steadily.
    expect(hasMinimum(landscapeFromText('-3 sqrt(abs(x)) + y^2'))).toBe(false);
    // Unbounded below along a diagonal ray only.
    expect(hasMinimum(landscapeFromText('(x - y)^2 - (x + y)'))).toBe(false);
  });

  it('does not flag surfaces with a minimum', () => {
    for (const name of ['parabola', 'bowl', 'rosenbrock', 'himmelblau', 'beale', 'rastrigin']) {
      expect(checkBoundedBelow(surfaces.get(name)!), name).toBeUndefined();
    }
    expect(hasMinimum(landscapeFromText('sqrt(x^2 + y^2) - 5'))).toBe(true);
    expect(hasMinimum(landscapeFromText('-exp(-(x^2 + y^2))'))).toBe(true);
    expect(hasMinimum(landscapeFromText('log(1 + w^2)'))).toBe(true);
  });
});
