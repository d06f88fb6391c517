import { describe, expect, it } from 'vitest';
import { defineOptimizer } from './define.js';
import { DuplicateOptimizerError, UnknownOptimizerError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { getOptimizer, optimizers, registerOptimizer } from './registry.js';

describe('registry', () => {
  it('holds the built-ins, each with what a CLI prints: name, summary, defaults', () => {
    for (const name of ['gd', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw']) {
      const d = getOptimizer(name);
      expect(d.name).toBe(name);
      expect(d.summary.length).toBeGreaterThan(10);
      expect(typeof d.defaults.learningRate).toBe('number');
    }
    expect([...optimizers.keys()]).toEqual([...optimizers.values()].map((d) => d.name));
    expect([...optimizers.values()].filter((d) => d.fullBatch).map((d) => d.name)).toEqual(['gd']);
  });

  it('names the valid optimizers when asked for an unknown one', () => {
    expect(() => getOptimizer('adma')).toThrow(UnknownOptimizerError);
    expect(() => getOptimizer('adma')).toThrow(/expected one of adagrad, adam, adamw, gd, .*sgd; found 'adma'/);
  });

  it('registers a new optimizer once, making it available by name', () => {
    const halfStep = defineOptimizer({
      name: 'half-step',
      summary: 'gradient descent at half the learning rate',
      defaults: { learningRate: 1 },
      slots: [],
      update({ params, grads, h }) {
        for (let i = 0; i < params.length; i++) params[i]! -= 0.5 * h.learningRate * grads[i]!;
      },
    });
    registerOptimizer(halfStep);
    expect(optimizers.get('half-step')).toBe(halfStep);
    const w = Float32Array.from([1]);
    createOptimizer('half-step', 1).step(w, Float32Array.from([1]));
    expect(w[0]).toBe(0.5);
    expect(() => registerOptimizer(halfStep)).toThrow(DuplicateOptimizerError);
    expect(() => registerOptimizer({ ...halfStep })).toThrow("registerOptimizer: expected a new name, found 'half-step', which is already registered");
  });
});
