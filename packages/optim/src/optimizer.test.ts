import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { defineOptimizer } from './define.js';
import {
  InvalidHyperparameterError,
  LengthMismatchError,
  NonFiniteGradientError,
  OptimizerStateError,
  UnknownHyperparameterError,
  UnknownOptimizerError,
} from './errors.js';
import { gd } from './gd.js';
import { type OptimizerState, createOptimizer } from './optimizer.js';

/** An optimizer that records what the framework hands its update. */
function recorder() {
  const seen: { t: number; slot: Float32Array; lr: number }[] = [];
  const definition = defineOptimizer({
    name: 'recorder',
    summary: 'records its calls',
    defaults: { learningRate: 0.5 },
    slots: ['s'],
    update({ params, grads, slots: { s }, h, t }) {
      seen.push({ t, slot: s, lr: h.learningRate });
      for (let i = 0; i < params.length; i++) {
        s[i]! += grads[i]!;
        params[i]! -= h.learningRate * s[i]!;
      }
    },
  });
  return { definition, seen };
}

describe('createOptimizer', () => {
  it('takes a definition or a registered name, with defaults and overrides', () => {
    const byName = createOptimizer('adam', 10, { learningRate: 0.01 });
    expect(byName.definition).toBe(adam);
    expect(byName.h).toEqual({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(byName.size).toBe(10);
    expect(byName.t).toBe(0);
    expect(createOptimizer(adam, 3).h).toEqual(adam.defaults);
    expect(createOptimizer(adam, 3, { beta1: undefined } as never).h.beta1).toBe(0.9);
  });

  it('rejects unknown optimizers, listing the registered ones', () => {
    expect(() => createOptimizer('adamm', 3)).toThrow(UnknownOptimizerError);
    expect(() => createOptimizer('adamm', 3)).toThrow(/expected one of .*adam.*sgd.*; found 'adamm'/);
  });

  it('rejects unknown hyperparameters, listing the valid ones', () => {
    expect(() => createOptimizer('adam', 3, { beta3: 0.5 })).toThrow(UnknownHyperparameterError);
    expect(() => createOptimizer('adam', 3, { lr: 0.5 })).toThrow("adam: expected a hyperparameter among learningRate, beta1, beta2, epsilon; found 'lr'");
  });

  it('rejects non-finite, non-numeric and out-of-range values', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expect(() => createOptimizer('adam', 3, { learningRate: bad })).toThrow(InvalidHyperparameterError);
    }
    expect(() => createOptimizer('adam', 3, { learningRate: Number.NaN })).toThrow('adam: expected learningRate a finite number in [0, inf), found NaN');
    expect(() => createOptimizer('adam', 3, { learningRate: '0.1' as unknown as number })).toThrow(/found 0\.1/);
    expect(() => createOptimizer('adam', 3, { beta1: 1 })).toThrow('adam: expected beta1 in [0, 1), found 1');
    expect(() => createOptimizer('adam', 3, { epsilon: 0 })).toThrow('adam: expected epsilon in (0, inf), found 0');
    expect(() => createOptimizer('gd', 3, { learningRate: -0.1 })).toThrow('gd: expected learningRate in [0, inf), found -0.1');
  });

  it('rejects sizes that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => createOptimizer(gd, bad)).toThrow(LengthMismatchError);
    expect(() => createOptimizer(gd, 0)).toThrow('createOptimizer(gd): expected a positive integer size, found 0');
  });
});

describe('step', () => {
  it('hands the update t counting from 1, zeroed slots as long as params, and the live hyperparameters', () => {
    const { definition, seen } = recorder();
    const opt = createOptimizer(definition, 2);
    const w = Float32Array.from([1, 1]);
    opt.step(w, Float32Array.from([1, 2]));
    expect(seen[0]!.slot.length).toBe(2);
    opt.h.learningRate = 0.25; // what a schedule does
    opt.step(w, Float32Array.from([1, 2]));
    expect(seen.map((s) => s.t)).toEqual([1, 2]);
    expect(seen.map((s) => s.lr)).toEqual([0.5, 0.25]);
    expect(seen[1]!.slot).toBe(seen[0]!.slot); // allocated once
    expect([...seen[1]!.slot]).toEqual([2, 4]); // zeros + g + g
    expect([...w]).toEqual([1 - 0.5 - 0.5, 1 - 1 - 1]);
    expect(opt.t).toBe(2);
  });

  it('rejects vectors of the wrong length, naming both', () => {
    const opt = createOptimizer(gd, 3);
    expect(() => opt.step(new Float32Array(3), new Float32Array(2))).toThrow(LengthMismatchError);
    expect(() => opt.step(new Float32Array(4), new Float32Array(3))).toThrow('gd.step: expected params and grads of length 3, found lengths 4 and 3');
  });

  it('rejects a NaN gradient naming the index and the value, leaving everything unchanged', () => {
    const opt = createOptimizer(adam, 3);
    const w = Float32Array.from([1, 2, 3]);
    opt.step(w, Float32Array.from([1, 1, 1]));
    const before = w.slice(),
      state = opt.state();
    const error = (() => {
      try {
        opt.step(w, Float32Array.from([0.5, Number.NaN, 1]));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NonFiniteGradientError);
    expect(error).toMatchObject({ index: 1, value: Number.NaN });
    expect(String((error as Error).message)).toMatch(/found NaN at index 1.*learning rate/);
    expect(w).toEqual(before);
    expect(opt.state()).toEqual(state);
  });

  it('finds exactly the first non-finite element of any gradient, and passes any finite one (even ±3.4e38)', () => {
    fc.assert(
      fc.property(fc.float32Array({ minLength: 1, maxLength: 40 }), (values) => {
        const opt = createOptimizer(gd, values.length, { learningRate: 0 });
        const first = values.findIndex((x) => !Number.isFinite(x));
        let thrown: unknown;
        try {
          opt.step(new Float32Array(values.length), values);
        } catch (e) {
          thrown = e;
        }
        if (first === -1) return thrown === undefined;
        return thrown instanceof NonFiniteGradientError && thrown.index === first && Object.is(thrown.value, values[first]);
      }),
    );
  });

  it('gd takes exactly w ← fround(w − ηg) for any finite w, g and η', () => {
    const finite = fc.float32Array({ minLength: 1, maxLength: 20, noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(finite, fc.double({ min: 0, max: 10, noNaN: true }), fc.integer(), (w, eta, seed) => {
        const g = w.map((_, i) => Math.fround(Math.sin(seed + i) * 100));
        const expected = w.map((x, i) => Math.fround(x - eta * g[i]!));
        const params = w.slice();
        createOptimizer(gd, w.length, { learningRate: eta }).step(params, g);
        return params.every((x, i) => Object.is(x, expected[i]));
      }),
    );
  });
});

describe('state and restore', () => {
  function stepped() {
    const opt = createOptimizer(adam, 3, { learningRate: 0.1 });
    const w = Float32Array.from([1, -1, 2]);
    for (let k = 0; k < 4; k++) opt.step(w, w.slice());
    return { opt, w };
  }

  it('state() is a copy: name, hyperparameters, step count and slots', () => {
    const { opt, w } = stepped();
    const s = opt.state();
    expect(s.name).toBe('adam');
    expect(s.t).toBe(4);
    expect(s.hyper).toEqual({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(Object.keys(s.slots).sort()).toEqual(['m', 'v']);
    const m = s.slots.m!.slice();
    opt.step(w, w.slice());
    s.hyper.learningRate = 7;
    expect(s.slots.m).toEqual(m);
    expect(opt.h.learningRate).toBe(0.1);
  });

  it('restore() brings back hyperparameters, t and slots, keeping the live h object', () => {
    const { opt } = stepped();
    const s = opt.state();
    const other = createOptimizer(adam, 3);
    const h = other.h;
    other.restore(s);
    expect(other.h).toBe(h);
    expect(other.h.learningRate).toBe(0.1);
    expect(other.t).toBe(4);
    expect(other.state()).toEqual(s);
  });

  it('restore() keeps the current value of a hyperparameter the saved state lacks', () => {
    const { opt } = stepped();
    const s = opt.state();
    delete s.hyper.beta2;
    const other = createOptimizer(adam, 3, { beta2: 0.99 });
    other.restore(s);
    expect(other.h.beta2).toBe(0.99);
  });

  it('restore() rejects a state that does not fit, saying why, and changes nothing', () => {
    const { opt } = stepped();
    const good = opt.state();
    const cases: [Partial<OptimizerState> | null, RegExp][] = [
      [null, /expected a state object, found null/],
      [{ name: 'sgd' }, /expected the state of a 'adam' optimizer, found the state of 'sgd'/],
      [{ t: -1 }, /expected t, a non-negative integer step count, found -1/],
      [{ t: 2.5 }, /found 2\.5/],
      [{ slots: { m: good.slots.m! } }, /expected slots m, v, found slots m$/],
      [{ slots: { ...good.slots, u: new Float32Array(3) } }, /expected slots m, v, found slots m, u, v/],
      [{ slots: { ...good.slots, v: new Float32Array(4) } }, /expected slot v of length 3, found length 4/],
      [{ slots: { ...good.slots, v: new Float64Array(3) as unknown as Float32Array } }, /expected slot v as a Float32Array, found Float64Array/],
      [{ slots: { ...good.slots, m: Float32Array.from([0, Number.NaN, 0]) } }, /expected slot m finite everywhere, found NaN at index 1/],
      [{ hyper: { ...good.hyper, lr: 1 } }, /expected a hyperparameter among/],
      [{ hyper: { ...good.hyper, beta1: 2 } }, /expected beta1 in \[0, 1\), found 2/],
    ];
    for (const [change, message] of cases) {
      const target = createOptimizer(adam, 3);
      const before = target.state();
      const bad = change === null ? null : { ...good, ...change };
      expect(() => target.restore(bad as OptimizerState)).toThrow(message);
      expect(target.state()).toEqual(before);
    }
    expect(() => createOptimizer(adam, 3).restore({ ...good, name: 'sgd' })).toThrow(OptimizerStateError);
  });
});
