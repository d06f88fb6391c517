import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { landscapeFromText } from './from-text.js';
import { expectGradientMatchesDifferences, gradientAt } from './gradient-check.test-util.js';
import type { LandscapeErrorKind } from './landscape-error.js';
import { landscapeErrorOf } from './landscape-error.test-util.js';

function expectError(text: string, kind: LandscapeErrorKind, message: string | RegExp, variables?: string[]): void {
  const error = landscapeErrorOf(() => landscapeFromText(text, variables ? { variables } : {}));
  expect(error.kind).toBe(kind);
  expect(error.message).not.toContain('\n');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

describe('landscapeFromText: variables', () => {
  it('reads one variable of any name as a 1-D landscape', () => {
    for (const [text, name] of [
      ['(w - 2)^2', 'w'],
      ['x^2', 'x'],
      ['cos(theta)', 'theta'],
      ['y^4 - y', 'y'],
    ] as const) {
      const landscape = landscapeFromText(text);
      expect(landscape.dimension).toBe(1);
      expect(landscape.variables).toEqual([name]);
    }
    expect(landscapeFromText('(w - 2)^2').value([4])).toBe(4);
  });

  it('reads x and y as a 2-D landscape, in that order', () => {
    const landscape = landscapeFromText('y - 10 x');
    expect(landscape.dimension).toBe(2);
    expect(landscape.variables).toEqual(['x', 'y']);
    expect(landscape.value([1, 3])).toBe(-7);
  });

  it('treats pi, e, tau and phi as constants and sin, exp, sqrt, abs as functions', () => {
    const landscape = landscapeFromText('sin(pi x) + exp(y) + sqrt(e) + abs(x - tau) + phi');
    expect(landscape.variables).toEqual(['x', 'y']);
    const expected = Math.sin(Math.PI * 0.3) + Math.exp(-0.7) + Math.sqrt(Math.E) + Math.abs(0.3 - 2 * Math.PI) + (1 + Math.sqrt(5)) / 2;
    expect(landscape.value([0.3, -0.7])).toBeCloseTo(expected, 12);
  });

  it('takes the variables from options, allowing an unused one', () => {
    const landscape = landscapeFromText('w^2 + 3', { variables: ['w', 'b'] });
    expect(landscape.dimension).toBe(2);
    expect(gradientAt(landscape, [2, 5])).toEqual([4, 0]);
  });

  it('takes the variables from a declaration f(w, b) = ...', () => {
    const landscape = landscapeFromText('C(w, b) = (w + b - 1)^2');
    expect(landscape.variables).toEqual(['w', 'b']);
    expect(landscape.expression).toBe('(w + b - 1)^2');
    expect(landscape.value([2, 1])).toBe(4);
  });

  it('keeps the typed text as the expression and lists the derivatives', () => {
    const landscape = landscapeFromText('  x^2 + 10 y^2 ');
    expect(landscape.expression).toBe('x^2 + 10 y^2');
    expect(landscape.name).toBe('x^2 + 10 y^2');
    expect(landscape.derivatives).toEqual(['2 * x', '20 * y']);
  });
});

describe('landscapeFromText: values and gradients', () => {
  it('is NaN, not complex and not a throw, where f is not real', () => {
    const landscape = landscapeFromText('sqrt(x) + y');
    expect(landscape.value([-1, 0])).toBeNaN();
    expect(landscape.value([4, 1])).toBe(3);
    expect(landscapeFromText('nthRoot(w - 1, 2)').value([0])).toBeNaN();
    const out = new Float64Array(2);
    landscape.gradient([-1, 0], out);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(1);
  });

  it('reuses its scope without leaking one evaluation into the next', () => {
    const landscape = landscapeFromText('x^3 - 2 x y + y^2');
    const a = landscape.value([1.5, -2]);
    landscape.value([7, 9]);
    expect(landscape.value([1.5, -2])).toBe(a);
    expect(a).toBe(1.5 ** 3 - 2 * 1.5 * -2 + 4);
  });

  it('writes the gradient into a float32 buffer too', () => {
    const landscape = landscapeFromText('x^2 + 10 y^2');
    const out = new Float32Array(2);
    landscape.gradient(new Float32Array([0.5, -0.25]), out);
    expect(Array.from(out)).toEqual([1, -5]);
  });

  it.each([
    ['sin(x) * cos(2 y) + x^2 / 4', [0.7, -1.3]],
    ['exp(-(x^2 + y^2)) * (x - 2 y)', [0.4, 0.9]],
    ['log(1 + x^2 + y^4) + tanh(x y)', [-1.2, 0.8]],
    ['sqrt(x^2 + y^2 + 1) + abs(x - 3)', [1.1, 2.2]],
    ['(w - 2)^2 + sin(3 w) / w', [0.9]],
    ['x^y', [1.7, 2.3]],
    ['1 / (1 + exp(-(3 x - y)))', [0.2, 0.5]],
  ])('gradient of %s matches central differences', (text, point) => {
    expectGradientMatchesDifferences(landscapeFromText(text), point);
  });

  it('differentiates any quadratic a x^2 + b x y + c y^2 + d x + k y exactly (property)', () => {
    const coefficient = fc.integer({ min: -20, max: 20 });
    const coordinate = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(coefficient, coefficient, coefficient, coefficient, coefficient), coordinate, coordinate, ([a, b, c, d, k], x, y) => {
        const landscape = landscapeFromText(`${a} x^2 + ${b} x y + ${c} y^2 + ${d} x + ${k} y`, { variables: ['x', 'y'] });
        const [gx, gy] = gradientAt(landscape, [x, y]);
        const tolerance = 1e-12 * (1 + 100 * (Math.abs(x) + Math.abs(y)));
        expect(Math.abs(gx - (2 * a * x + b * y + d))).toBeLessThan(tolerance);
        expect(Math.abs(gy - (b * x + 2 * c * y + k))).toBeLessThan(tolerance);
      }),
      { numRuns: 40 },
    );
  });

  it('never throws on evaluation, whatever the point (property)', () => {
    const landscape = landscapeFromText('log(x) + sqrt(y) + 1 / (x - y)');
    const out = new Float64Array(2);
    fc.assert(
      fc.property(fc.double(), fc.double(), (x, y) => {
        const v = landscape.value([x, y]);
        landscape.gradient([x, y], out);
        expect(typeof v).toBe('number');
      }),
      { numRuns: 200 },
    );
  });
});

describe('landscapeFromText: errors', () => {
  it('says where text does not parse', () => {
    expectError('sin(x', 'parse', '"sin(x" does not parse: Parenthesis ) expected (char 6)');
    expectError('x^2 +', 'parse', '"x^2 +" does not parse: Unexpected end of expression (char 6)');
    expectError('x**2', 'parse', /^"x\*\*2" does not parse: Value expected \(char 3\)$/);
    expectError('   ', 'parse', 'the function is empty: expected a formula such as x^2 + 10 y^2');
  });

  it('names an unknown variable', () => {
    expectError('z^2', 'unknown-variable', 'unknown variable z: expected a function of x and y', ['x', 'y']);
    expectError('x^2 + z^2', 'unknown-variable', 'unknown variable z: expected a function of x and y (or of one variable)');
    expectError('w^2 + b', 'unknown-variable', 'unknown variable w: expected a function of x and y (or of one variable)');
    expectError('w^2 + b', 'unknown-variable', 'unknown variable b: expected a function of w', ['w']);
  });

  it('refuses more than two variables', () => {
    expectError('x + y + z', 'too-many-variables', 'too many variables (x, y, z) in "x + y + z": expected a function of x and y (or of one variable)');
  });

  it('refuses a constant', () => {
    expectError('3 + pi', 'no-variable', '"3 + pi" has no variable: expected a function of x and y (or of one variable)');
  });

  it('names an unknown function', () => {
    expectError('foo(x) + y', 'unknown-function', 'unknown function foo in "foo(x) + y": expected a mathjs function such as sin, exp, sqrt or abs');
  });

  it('says when mathjs has no derivative', () => {
    expectError(
      'floor(x) + y',
      'no-derivative',
      'cannot differentiate f(x, y) = floor(x) + y with respect to x: mathjs has no derivative for the function floor()',
    );
    expectError('x!', 'no-derivative', 'cannot differentiate f(x) = x! with respect to x: mathjs has no derivative for the operator !');
    expectError('x > 1', 'not-a-function', '"x > 1" is not a function of numbers: it gives a boolean');
  });

  it('refuses what is not a number-valued formula', () => {
    expectError('[x, y]', 'not-a-function', '"[x, y]" is not a function of numbers: found a matrix');
    expectError('y = x^2', 'not-a-function', '"y = x^2" is not a function of numbers: found an assignment (type only the right-hand side)');
    expectError('x; y', 'not-a-function', '"x; y" is not a function of numbers: found several expressions');
    expectError('x > 0 ? x : 0', 'not-a-function', /found a conditional \(a \? b : c\), which has no derivative$/);
    expectError('sin(x, y)', 'not-a-function', '"sin(x, y)" cannot be evaluated: Too many arguments in function sin (expected: 1, actual: 2)');
    expectError('"abc" + x', 'not-a-function', '"\\"abc\\" + x" is not a function of numbers: found the string "abc"');
  });

  it('checks the variables it is given', () => {
    expectError('x', 'bad-argument', 'options.variables: expected one or two variable names, found ["x","y","z"]', ['x', 'y', 'z']);
    expectError('x', 'bad-argument', 'options.variables: expected two different variable names, found x twice', ['x', 'x']);
    expectError('x', 'bad-argument', 'options.variables: expected variable names like x or w, found "pi"', ['pi']);
    expect(() => landscapeFromText(42 as unknown as string)).toThrow('expected the function as text, found number');
  });
});
