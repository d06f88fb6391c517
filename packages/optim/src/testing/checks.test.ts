import { describe, expect, it } from 'vitest';
import { adam } from '../adam.js';
import { defineOptimizer } from '../define.js';
import { gd } from '../gd.js';
import { bytesAllocatedDuring, bytesPerCall } from './allocation.js';
import {
  ConformanceError,
  checkConvergesOnBowl,
  checkConvergesOnRosenbrock,
  checkGoldenSteps,
  checkGradientUntouched,
  checkNoAllocation,
  checkRejectsNonFinite,
  checkStateRoundTrip,
} from './checks.js';

// The suite must catch broken optimizers, not just pass good ones: each check
// below runs on a deliberately wrong update and must throw.

const adamGoldenSteps = [
  [0.99900000002, -1.999, 0.499000000027],
  [0.998000052725, -1.99800001161, 0.498000017492],
  [0.997000193245, -1.99700004256, 0.497000063993],
];

/** Adam with a sign flipped in the first bias correction: 1 + β₁ᵗ for 1 − β₁ᵗ. */
const adamFlippedBiasCorrection = defineOptimizer({
  ...adam,
  name: 'adam-flipped',
  update({ params, grads, slots: { m, v }, h, t }) {
    const c1 = 1 + h.beta1 ** t,
      c2 = 1 - h.beta2 ** t;
    for (let i = 0; i < params.length; i++) {
      m[i] = h.beta1 * m[i]! + (1 - h.beta1) * grads[i]!;
      v[i] = h.beta2 * v[i]! + (1 - h.beta2) * grads[i]! ** 2;
      params[i]! -= (h.learningRate * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + h.epsilon);
    }
  },
});

/** Gradient ascent: the sign of the whole step flipped. */
const ascent = defineOptimizer({
  ...gd,
  name: 'ascent',
  update({ params, grads, h }) {
    for (let i = 0; i < params.length; i++) params[i]! += h.learningRate * grads[i]!;
  },
});

/** Momentum whose velocity lives in a closure instead of a slot: state() cannot save it. */
let hidden = new Float32Array(0);
const hiddenVelocity = defineOptimizer({
  name: 'hidden-velocity',
  summary: 'momentum with its velocity outside the slots',
  defaults: { learningRate: 0.01 },
  slots: [],
  update({ params, grads, h }) {
    if (hidden.length !== params.length) hidden = new Float32Array(params.length);
    for (let i = 0; i < params.length; i++) {
      hidden[i] = 0.9 * hidden[i]! + grads[i]!;
      params[i]! -= h.learningRate * hidden[i]!;
    }
  },
});

/** Gradient descent that scales the gradient in place on the way. */
const gradientScribbler = defineOptimizer({
  ...gd,
  name: 'scribbler',
  update({ params, grads, h }) {
    for (let i = 0; i < params.length; i++) {
      grads[i]! *= h.learningRate;
      params[i]! -= grads[i]!;
    }
  },
});

/** Gradient descent that copies the gradient every step. */
const allocating = defineOptimizer({
  ...gd,
  name: 'allocating',
  update({ params, grads, h }) {
    const step = grads.slice();
    for (let i = 0; i < params.length; i++) params[i]! -= h.learningRate * step[i]!;
  },
});

describe('the conformance checks', () => {
  it('pass a correct optimizer (Adam) when run as plain functions', () => {
    checkConvergesOnBowl(adam);
    checkConvergesOnRosenbrock(adam);
    checkGoldenSteps(adam, { goldenSteps: adamGoldenSteps });
    checkStateRoundTrip(adam);
    checkGradientUntouched(adam);
    checkNoAllocation(adam);
    checkRejectsNonFinite(adam);
  });

  it('catch Adam with a sign flipped in its bias correction (golden steps)', () => {
    expect(() => checkGoldenSteps(adamFlippedBiasCorrection, { goldenSteps: adamGoldenSteps })).toThrow(ConformanceError);
    expect(() => checkGoldenSteps(adamFlippedBiasCorrection, { goldenSteps: adamGoldenSteps })).toThrow(
      /adam-flipped \/ golden step 1: expected w = \(0\.99900000002, .*found w = \(0\.9999/,
    );
  });

  it('catch golden steps of the wrong shape or none at all', () => {
    expect(() => checkGoldenSteps(adam, { goldenSteps: [] })).toThrow(/at least one golden step/);
    expect(() => checkGoldenSteps(adam, { goldenSteps: [[0.999, -1.999]] })).toThrow(ConformanceError);
  });

  it('catch gradient ascent (bowl and Rosenbrock) and a learning rate that diverges', () => {
    expect(() => checkConvergesOnBowl(ascent, { hyper: { learningRate: 1e-3 }, steps: 100 })).toThrow(/‖w − w\*‖ ≤ 0\.01/);
    expect(() => checkConvergesOnRosenbrock(ascent, { hyper: { learningRate: 1e-3 }, steps: 100 })).toThrow(ConformanceError);
    expect(() => checkConvergesOnBowl(gd, { hyper: { learningRate: 0.05 } })).toThrow(/divergence at step/);
  });

  it('catch an optimizer too slow for the budget', () => {
    expect(() => checkConvergesOnBowl(gd, { hyper: { learningRate: 1e-4 }, steps: 100 })).toThrow(/after 100 steps/);
  });

  it('catch state kept outside the slots', () => {
    expect(() => checkStateRoundTrip(hiddenVelocity)).toThrow(/state round trip: expected restored into a fresh instance/);
  });

  it('catch an update that writes to the gradient', () => {
    expect(() => checkGradientUntouched(gradientScribbler)).toThrow(/gradient untouched/);
  });

  it('catch an update that allocates', () => {
    expect(() => checkNoAllocation(allocating, { hyper: { learningRate: 0.01 } })).toThrow(/no allocation: expected < 1 byte allocated per step, found \d+/);
  });
});

describe('allocation counting', () => {
  it('counts garbage, not only what survives, across garbage collections', () => {
    let keep = 0;
    const bytes = bytesAllocatedDuring(() => {
      for (let i = 0; i < 100_000; i++) keep += new Float32Array(4).length; // 100,000 short-lived arrays
    });
    expect(keep).toBe(400_000);
    expect(bytes).toBeGreaterThan(100_000 * 16);
  });

  it('finds about nothing per call for a loop that allocates nothing', () => {
    const a = new Float32Array(8);
    expect(
      bytesPerCall(() => {
        for (let i = 0; i < a.length; i++) a[i] = a[i]! * 0.5 + 1;
      }),
    ).toBeLessThan(1);
  });
});
