import { describe, expect, it } from 'vitest';
import { defineOptimizer } from './define.js';
import { InvalidDefinitionError } from './errors.js';

const update = () => {};
const base = { name: 'mine', summary: 'one line', defaults: { learningRate: 0.1, mu: 0.5 }, slots: ['v'], update };

describe('defineOptimizer', () => {
  it('returns a frozen definition with parsed ranges and fullBatch defaulting to false', () => {
    const d = defineOptimizer({ ...base, ranges: { mu: '[0, 1)' } });
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.defaults)).toBe(true);
    expect(d.fullBatch).toBe(false);
    expect(d.ranges.mu.text).toBe('[0, 1)');
    expect(d.ranges.learningRate.text).toBe('[0, inf)');
    expect(d.ranges.mu.contains(1)).toBe(false);
    expect(defineOptimizer({ ...base, fullBatch: true }).fullBatch).toBe(true);
  });

  it('carries what the docs and a training loop need: the rule, symbols, the rate to train a network with', () => {
    const d = defineOptimizer({ ...base, defaults: { learningRate: 0.1, mu: 0.5, beta1: 0.9 } });
    expect(d.rule).toBe('one line'); // the summary when no rule is given
    expect(d.symbols).toEqual({ learningRate: 'η', mu: 'mu', beta1: 'β₁' });
    expect(d.trainingLearningRate).toBe(0.1);
    const e = defineOptimizer({ ...base, rule: 'v ← μv + g, w ← w − ηv', symbols: { mu: 'μ' }, trainingLearningRate: 3 });
    expect([e.rule, e.symbols.mu, e.trainingLearningRate]).toEqual(['v ← μv + g, w ← w − ηv', 'μ', 3]);
    // A definition spread into a new one keeps all of it.
    expect(defineOptimizer({ ...e, name: 'copy' })).toMatchObject({ rule: e.rule, symbols: e.symbols, trainingLearningRate: 3 });
  });

  it('rejects malformed definitions, saying what was expected', () => {
    const bad: [object, RegExp][] = [
      [{ name: 'My Optimizer' }, /expected a lower-case name.*found "My Optimizer"/],
      [{ summary: 'two\nlines' }, /expected a one-line summary/],
      [{ summary: '' }, /expected a one-line summary/],
      [{ defaults: { mu: 0.5 } }, /expected defaults\.learningRate, found none/],
      [{ defaults: { learningRate: 0.1, mu: Number.NaN } }, /expected default mu finite and in \(-inf, inf\), found NaN/],
      [{ slots: ['v', 'v'] }, /expected distinct identifier slot names/],
      [{ slots: ['a b'] }, /expected distinct identifier slot names/],
      [{ ranges: { mu: '0 to 1' } }, /expected mu's range in notation like/],
      [{ ranges: { nu: '[0, 1]' } }, /expected ranges only for learningRate, mu, found nu/],
      [{ ranges: { mu: '(0.5, 1)' } }, /expected default mu finite and in \(0\.5, 1\), found 0\.5/],
      [{ update: 42 }, /expected an update function/],
      [{ check: () => ({ hyperparameter: 'mu', expected: '> 1' }) }, /expected defaults with mu > 1, found 0\.5/],
      [{ rule: 'two\nlines' }, /expected a one-line rule/],
      [{ symbols: { nu: 'ν' } }, /expected symbols only for learningRate, mu, found nu/],
      [{ symbols: { mu: '' } }, /expected a symbol for mu, found ""/],
      [{ trainingLearningRate: -1 }, /expected trainingLearningRate finite and in \[0, inf\), found -1/],
      [{ trainingLearningRate: Number.POSITIVE_INFINITY }, /expected trainingLearningRate finite/],
    ];
    for (const [change, message] of bad) {
      expect(() => defineOptimizer({ ...base, ...change } as never)).toThrow(InvalidDefinitionError);
      expect(() => defineOptimizer({ ...base, ...change } as never)).toThrow(message);
    }
  });
});
