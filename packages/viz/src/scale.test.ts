import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScale, logDomain, logScale, niceDomain, niceTicks, tickStep } from './scale.js';

describe('niceTicks', () => {
  it('gives round ticks inside the range', () => {
    expect(niceTicks(0, 1, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.9, 8).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(niceTicks(0, 29, 6).ticks).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('steps by 1, 2 or 5 times a power of ten and stays within [min, max]', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (min, span) => {
        // A range narrower than a millionth of its values is beyond what a chart axis shows.
        fc.pre(span > Math.abs(min) * 1e-6);
        const max = min + span;
        const step = tickStep(min, max, 6);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        const { ticks } = niceTicks(min, max, 6);
        return (
          [1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9) && ticks.length >= 1 && ticks.every((t) => t >= min - span * 1e-9 && t <= max + span * 1e-9)
        );
      }),
    );
  });
});

describe('niceDomain', () => {
  it('widens to whole steps and gives one value a span', () => {
    expect(niceDomain(0.13, 0.87)).toEqual([0.1, 0.9]);
    const [a, b] = niceDomain(5, 5);
    expect(a).toBeLessThan(5);
    expect(b).toBeGreaterThan(5);
    expect(niceDomain(Number.NaN, 1)).toEqual([0, 1]);
  });
});

describe('linearScale', () => {
  it('maps the domain ends to the range ends, inverted ranges included', () => {
    const y = linearScale([0, 10], [400, 100]);
    expect(y(0)).toBe(400);
    expect(y(10)).toBe(100);
    expect(y(5)).toBe(250);
    expect(y.tickLabels).toEqual(y.ticks.map((t) => String(t)));
  });
});

describe('logScale', () => {
  it('puts ticks on decades and maps them evenly', () => {
    const y = logScale([1e-3, 10], [400, 0]);
    expect(y.ticks).toEqual([1e-3, 1e-2, 0.1, 1, 10]);
    expect(y.tickLabels).toEqual(['0.001', '0.01', '0.1', '1', '10']);
    expect(y(1e-3)).toBeCloseTo(400, 9);
    expect(y(10)).toBeCloseTo(0, 9);
    expect(y(0.1) - y(1)).toBeCloseTo(y(1) - y(10), 9);
    expect(y.minorTicks).toContain(0.02);
    expect(Number.isNaN(y(0))).toBe(true);
  });

  it('writes far-off decades as powers of ten, all alike', () => {
    const y = logScale([1e-8, 1], [100, 0]);
    expect(y.tickLabels).toContain('10⁻⁸');
    expect(y.tickLabels.every((s) => s.startsWith('10'))).toBe(true);
    expect(y.ticks.length).toBeLessThanOrEqual(9);
  });

  it('labels 2s and 5s when less than two decades are in view', () => {
    const y = logScale([1, 10], [100, 0]);
    expect(y.ticks).toEqual([1, 2, 5, 10]);
  });

  it('widens data to whole decades', () => {
    expect(logDomain(0.03, 2)).toEqual([0.01, 10]);
    expect(logDomain(1, 1)).toEqual([1, 10]);
    expect(logDomain(-1, 5)).toEqual([1, 10]);
  });
});
