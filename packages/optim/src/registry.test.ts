import { afterEach, describe, expect, it, vi } from 'vitest';
import * as builtIns from './builtins.js';
import { defineOptimizer, isDefinition } from './define.js';
import { DuplicateOptimizerError, UnknownOptimizerError } from './errors.js';
import { createOptimizer } from './optimizer.js';
import { getOptimizer, optimizers, registerOptimizer } from './registry.js';

// No test here names the optimizers: the list is builtins.ts, and adding one
// there (with its own file and test) must not break this file.
const builtInNames = Object.values(builtIns).map((d) => d.name);

const halfStep = defineOptimizer({
  name: 'half-step',
  summary: 'gradient descent at half the learning rate',
  defaults: { learningRate: 1 },
  slots: [],
  update({ params, grads, h }) {
    for (let i = 0; i < params.length; i++) params[i]! -= 0.5 * h.learningRate * grads[i]!;
  },
});

describe('registry', () => {
  it('holds the built-ins in alphabetical order, each with what a CLI prints: name, summary, defaults', () => {
    expect(builtInNames.length).toBeGreaterThan(0);
    expect([...optimizers.keys()].slice(0, builtInNames.length)).toEqual([...builtInNames].sort());
    for (const name of builtInNames) {
      const d = getOptimizer(name);
      expect(d.name).toBe(name);
      expect(d.summary.length).toBeGreaterThan(10);
      expect(typeof d.defaults.learningRate).toBe('number');
      expect(isDefinition(d)).toBe(true);
    }
    expect([...optimizers.keys()]).toEqual([...optimizers.values()].map((d) => d.name));
  });

  it('names the valid optimizers when asked for an unknown one', () => {
    expect(() => getOptimizer('adma')).toThrow(UnknownOptimizerError);
    expect(() => getOptimizer('adma')).toThrow(`optimizer: expected one of ${[...optimizers.keys()].join(', ')}; found 'adma'`);
  });

  it('registers a new optimizer, making it available by name; registering it again changes nothing', () => {
    expect(registerOptimizer(halfStep)).toBe(halfStep);
    expect(optimizers.get('half-step')).toBe(halfStep);
    const w = Float32Array.from([1]);
    createOptimizer('half-step', 1).step(w, Float32Array.from([1]));
    expect(w[0]).toBe(0.5);
    expect(registerOptimizer(halfStep)).toBe(halfStep);
    expect([...optimizers.keys()].filter((n) => n === 'half-step')).toHaveLength(1);
  });

  it('refuses another definition under a taken name, saying what to do', () => {
    registerOptimizer(halfStep);
    const other = defineOptimizer({ ...halfStep, summary: 'another rule under the same name' });
    expect(() => registerOptimizer(other)).toThrow(DuplicateOptimizerError);
    expect(() => registerOptimizer(other)).toThrow(
      "registerOptimizer: expected a new name, found 'half-step', which another definition already has; " +
        'give yours another name, or replace that one on purpose with registerOptimizer(definition, { replace: true })',
    );
    expect(registerOptimizer(other, { replace: true })).toBe(other);
    expect(getOptimizer('half-step')).toBe(other);
    registerOptimizer(halfStep, { replace: true });
  });

  it('never replaces a built-in: a checkpoint saved with its name must mean its rule', () => {
    const name = builtInNames[0]!;
    const impostor = defineOptimizer({ ...halfStep, name });
    expect(() => registerOptimizer(impostor, { replace: true })).toThrow(
      `registerOptimizer: expected a new name, found '${name}', the name of a built-in optimizer; give yours another name (e.g. 'my-${name}')`,
    );
    expect(getOptimizer(name)).toBe(Object.values(builtIns)[0]);
  });

  it('checks a definition it did not make (an older defineOptimizer, or a plain object) before registering it', () => {
    const { rule: _rule, symbols: _symbols, trainingLearningRate: _rate, needsLoss: _loss, ...older } = { ...halfStep, name: 'from-an-older-copy' };
    const registered = registerOptimizer(older as never);
    expect(isDefinition(registered)).toBe(true);
    expect(registered).toMatchObject({ name: 'from-an-older-copy', rule: halfStep.summary, trainingLearningRate: 1, needsLoss: false });
    expect(() => registerOptimizer({ ...halfStep, name: 'Not A Name' } as never)).toThrow(/expected a lower-case name/);
  });
});

describe('two copies of @downhill/optim in one process', () => {
  const key = Symbol.for('@downhill/optim/registry');
  const shared = (globalThis as Record<symbol, unknown>)[key];
  afterEach(() => {
    Object.defineProperty(globalThis, key, { value: shared, configurable: true });
    vi.resetModules();
  });

  it('share one registry: what one registers, the other finds and runs', async () => {
    vi.resetModules(); // the next import evaluates every module of the package again: a second copy
    const copy = (await import('./index.js')) as typeof import('./index.js');
    expect(copy.registerOptimizer).not.toBe(registerOptimizer);
    expect(copy.optimizers).toBe(optimizers);
    const fromCopy = copy.defineOptimizer({ ...halfStep, name: 'registered-by-a-copy' });
    copy.registerOptimizer(fromCopy);
    expect(getOptimizer('registered-by-a-copy')).toBe(fromCopy);
    const w = Float32Array.of(2);
    createOptimizer('registered-by-a-copy', 1).step(w, Float32Array.of(2));
    expect(w[0]).toBe(1);
    // The built-ins are there once, the first copy's.
    expect([...optimizers.keys()].filter((n) => n === builtInNames[0])).toHaveLength(1);
  });

  it('refuse clearly to share a registry of another format (another version of the package)', async () => {
    Object.defineProperty(globalThis, key, { value: { format: 99, definitions: new Map() }, configurable: true });
    vi.resetModules();
    await expect(import('./index.js')).rejects.toThrow(
      /^@downhill\/optim: expected every copy of @downhill\/optim in this process to share the optimizer registry \(format 1\), found one in format 99 from another version; install a single version/,
    );
  });
});
