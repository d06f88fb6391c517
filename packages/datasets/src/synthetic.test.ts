import { Rng } from '@downhill/linalg';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { blobs, circles, moons, type PointSet, spirals, syntheticSets, xor } from './synthetic.js';

function classCounts(set: PointSet): number[] {
  const counts = new Array(set.classes).fill(0);
  for (const l of set.labels) counts[l]++;
  return counts;
}

function radius(set: PointSet, i: number): number {
  return Math.hypot(set.points[2 * i]!, set.points[2 * i + 1]!);
}

describe('every synthetic set', () => {
  for (const [name, make] of syntheticSets) {
    describe(name, () => {
      it('has n points in two columns, finite, and without noise inside [−1.5, 1.5]²', () => {
        const set = make(301, new Rng(1));
        expect(set.count).toBe(301);
        expect(set.points).toBeInstanceOf(Float32Array);
        expect(set.points.length).toBe(602);
        expect(set.labels.length).toBe(301);
        for (const v of set.points) expect(Number.isFinite(v)).toBe(true);
        for (const v of make(301, new Rng(1), { noise: 0 }).points) expect(Math.abs(v)).toBeLessThanOrEqual(1.5);
      });

      it('balances its classes to within one point', () => {
        for (const n of [1, 2, 7, 100, 301]) {
          const counts = classCounts(make(n, new Rng(2)));
          expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
      });

      it('is seeded: same seed same points, another seed others', () => {
        const a = make(50, new Rng(3)),
          b = make(50, new Rng(3)),
          c = make(50, new Rng(4), { noise: 0.1 });
        const d = make(50, new Rng(5), { noise: 0.1 });
        expect(Array.from(a.points)).toEqual(Array.from(b.points));
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(Array.from(c.points)).not.toEqual(Array.from(d.points));
      });

      it('rejects bad sizes and noise', () => {
        expect(() => make(0, new Rng(1))).toThrow(DatasetError);
        expect(() => make(0, new Rng(1))).toThrow(`${name}: expected a point count that is a positive integer, found 0`);
        expect(() => make(10, new Rng(1), { noise: -1 })).toThrow(/noise level that is a finite number ≥ 0, found -1/);
        expect(() => make(10, new Rng(1), { noise: Number.NaN })).toThrow(/found NaN/);
      });
    });
  }
});

describe('spirals', () => {
  it('has as many arms as classes, each winding outward', () => {
    const set = spirals(300, new Rng(1), { classes: 3, noise: 0 });
    expect(set.classes).toBe(3);
    expect(classCounts(set)).toEqual([100, 100, 100]);
    for (let k = 0; k < 3; k++) {
      // Along an arm (every third point) the radius grows steadily.
      for (let i = k + 3; i < 300; i += 3) expect(radius(set, i)).toBeGreaterThan(radius(set, i - 3));
    }
    // The arms start 120° apart.
    const angle = (i: number) => Math.atan2(set.points[2 * i + 1]!, set.points[2 * i]!);
    expect(angle(1) - angle(0)).toBeCloseTo((2 * Math.PI) / 3, 6);
  });

  it('rejects one class and bad turns', () => {
    expect(() => spirals(10, new Rng(1), { classes: 1 })).toThrow('spirals: expected a class count that is an integer in 2 .. 256, found 1');
    expect(() => spirals(10, new Rng(1), { turns: 0 })).toThrow(/turns > 0, found 0/);
  });
});

describe('moons', () => {
  it('puts noiseless points on two unit half circles', () => {
    const set = moons(200, new Rng(1), { noise: 0 });
    for (let i = 0; i < set.count; i++) {
      const x = set.points[2 * i]!,
        y = set.points[2 * i + 1]!;
      // Undo the centring, then each moon is a unit half circle around its own centre.
      const [cx, cy, side] = set.labels[i] === 0 ? [-0.5, -0.25, 1] : [0.5, 0.25, -1];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(1, 5);
      expect(side * (y - cy)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('circles', () => {
  it('puts class 0 on the unit circle and class 1 on the inner one', () => {
    const set = circles(200, new Rng(1), { noise: 0, factor: 0.3 });
    for (let i = 0; i < set.count; i++) expect(radius(set, i)).toBeCloseTo(set.labels[i] === 0 ? 1 : 0.3, 5);
    expect(() => circles(10, new Rng(1), { factor: 1 })).toThrow('circles: expected a factor in (0, 1), found 1');
  });
});

describe('blobs', () => {
  it('clusters each class around its own centre', () => {
    const set = blobs(3000, new Rng(1), { classes: 4, noise: 0.1 });
    const sums = Array.from({ length: 4 }, () => [0, 0, 0]);
    for (let i = 0; i < set.count; i++) {
      const s = sums[set.labels[i]!]!;
      s[0]! += set.points[2 * i]!;
      s[1]! += set.points[2 * i + 1]!;
      s[2]!++;
    }
    const centers = sums.map(([x, y, n]) => [x! / n!, y! / n!]);
    centers.forEach(([x, y], k) => {
      const a = (2 * Math.PI * k) / 4 + Math.PI / 2;
      expect(x).toBeCloseTo(0.7 * Math.cos(a), 1);
      expect(y).toBeCloseTo(0.7 * Math.sin(a), 1);
    });
  });
});

describe('xor', () => {
  it('labels by whether the coordinates share a sign, using all four quadrants', () => {
    const set = xor(400, new Rng(1));
    const quadrants = new Set<string>();
    for (let i = 0; i < set.count; i++) {
      const x = set.points[2 * i]!,
        y = set.points[2 * i + 1]!;
      if (x * y !== 0) expect(set.labels[i]).toBe(x * y > 0 ? 0 : 1);
      quadrants.add(`${Math.sign(x)},${Math.sign(y)}`);
    }
    expect(quadrants).toEqual(new Set(['1,1', '-1,-1', '1,-1', '-1,1']));
  });
});
