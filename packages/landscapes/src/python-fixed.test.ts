import { describe, expect, it } from 'vitest';
import { pythonFixed } from './python-fixed.js';

// Expected strings are what CPython 3 prints for format(x, f'.{d}f').
describe("pythonFixed: Python's f'{x:.Nf}'", () => {
  it('rounds like toFixed away from ties', () => {
    expect(pythonFixed(2.0002097152, 4)).toBe('2.0002');
    expect(pythonFixed(1.0000005, 6)).toBe('1.000001');
    expect(pythonFixed(123.456, 0)).toBe('123');
    expect(pythonFixed(2.675, 2)).toBe('2.67'); // the double is just below 2.675
  });

  it('rounds exact ties to the even neighbour, where toFixed rounds up', () => {
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(pythonFixed(0.125, 2)).toBe('0.12');
    expect(pythonFixed(0.375, 2)).toBe('0.38');
    expect(pythonFixed(2.5, 0)).toBe('2');
    expect(pythonFixed(3.5, 0)).toBe('4');
    expect(pythonFixed(0.5, 0)).toBe('0');
    expect(pythonFixed(-0.125, 2)).toBe('-0.12');
  });

  it('keeps the sign of zero and of small negatives, and names non-finite values as Python does', () => {
    expect(pythonFixed(-0, 4)).toBe('-0.0000');
    expect(pythonFixed(-1e-5, 4)).toBe('-0.0000');
    expect(pythonFixed(Number.NaN, 4)).toBe('nan');
    expect(pythonFixed(Number.POSITIVE_INFINITY, 4)).toBe('inf');
    expect(pythonFixed(Number.NEGATIVE_INFINITY, 2)).toBe('-inf');
  });

  it('writes large numbers out in full, not in exponent notation', () => {
    expect((1e22).toFixed(2)).toBe('1e+22');
    expect(pythonFixed(1e22, 2)).toBe('10000000000000000000000.00');
  });
});
