import { describe, expect, it } from 'vitest';
import { withGradientClipping } from './clipping.js';
import { defineOptimizer } from './define.js';
import { InvalidHyperparameterError, NonFiniteGradientError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { exponentialDecay, withSchedule } from './schedule.js';
import { bytesPerCall } from './testing/allocation.js';

/** Records a copy of every gradient the optimizer receives. */
function spy() {
  const received: number[][] = [];
  const definition = defineOptimizer({
    name: 'spy',
    summary: 'records gradients',
    defaults: { learningRate: 1 },
    slots: [],
    update({ grads }) {
      received.push([...grads]);
    },
  });
  return { definition, received };
}

describe('withGradientClipping', () => {
  it('scales a gradient longer than maxNorm down to maxNorm, same direction', () => {
    const { definition, received } = spy();
    const opt = withGradientClipping(createOptimizer(definition, 2), { maxNorm: 1 });
    opt.step(new Float32Array(2), Float32Array.from([3, -4])); // ‖g‖ = 5
    expect(received[0]![0]).toBeCloseTo(0.6, 7);
    expect(received[0]![1]).toBeCloseTo(-0.8, 7);
  });

  it('passes a gradient within maxNorm unchanged', () => {
    const { definition, received } = spy();
    const opt = withGradientClipping(createOptimizer(definition, 2), { maxNorm: 5 });
    opt.step(new Float32Array(2), Float32Array.from([3, -4]));
    opt.step(new Float32Array(2), Float32Array.from([0.1, 0.2]));
    expect(received).toEqual([
      [3, -4],
      [Math.fround(0.1), Math.fround(0.2)],
    ]);
  });

  it("never changes the caller's gradient", () => {
    const opt = withGradientClipping(createOptimizer('adam', 3), { maxNorm: 0.5 });
    const g = Float32Array.from([10, -20, 30]),
      copy = g.slice();
    opt.step(new Float32Array(3), g);
    expect(g).toEqual(copy);
  });

  it('lets the NaN check name the bad element (NaN or infinity, not a NaN made by scaling)', () => {
    const opt = withGradientClipping(createOptimizer('gd', 3), { maxNorm: 1 });
    expect(() => opt.step(new Float32Array(3), Float32Array.from([1, Infinity, 5]))).toThrow(/found Infinity at index 1/);
    expect(() => opt.step(new Float32Array(3), Float32Array.from([1, 2, Number.NaN]))).toThrow(NonFiniteGradientError);
    expect(() => opt.step(new Float32Array(3), new Float32Array(2))).toThrow(/expected params and grads of length 3/);
  });

  it('rejects a maxNorm that is not a positive finite number', () => {
    for (const bad of [0, -1, Infinity, Number.NaN]) {
      expect(() => withGradientClipping(createOptimizer('gd', 1), { maxNorm: bad })).toThrow(InvalidHyperparameterError);
    }
    expect(() => withGradientClipping(createOptimizer('gd', 1), { maxNorm: 0 })).toThrow('withGradientClipping: expected maxNorm a finite number > 0, found 0');
  });

  it('composes with a schedule, and state() → restore() continues identically', () => {
    const make = () => withGradientClipping(withSchedule(createOptimizer('momentum', 2), exponentialDecay({ initial: 0.1, rate: 0.9 })), { maxNorm: 1 });
    const a = make(),
      w = Float32Array.from([3, -4]);
    for (let k = 0; k < 5; k++) a.step(w, w.slice());
    const b = make();
    b.restore(a.state());
    const wb = w.slice();
    for (let k = 0; k < 5; k++) {
      a.step(w, w.slice());
      b.step(wb, wb.slice());
    }
    expect(b.t).toBe(10);
    expect(wb).toEqual(w);
    expect(a.h.learningRate).toBeCloseTo(0.1 * 0.9 ** 9, 12); // η₁₀ = 0.1 · 0.9⁹;
  });

  it('allocates nothing per step, clipping or not', () => {
    const opt = withGradientClipping(createOptimizer('sgd', 4, { learningRate: 0.01 }), { maxNorm: 1 });
    const w = Float32Array.from([1, 2, 3, 4]),
      g = new Float32Array(4);
    let k = 0;
    const perStep = bytesPerCall(() => {
      const scale = k++ % 2 === 0 ? 10 : 0.01; // alternate: clipped, not clipped
      for (let i = 0; i < 4; i++) g[i] = scale * w[i]!;
      opt.step(w, g);
    });
    expect(perStep).toBeLessThan(1);
  });
});
