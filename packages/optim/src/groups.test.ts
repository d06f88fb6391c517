import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { withGradientClipping } from './clipping.js';
import { defineOptimizer, type UpdateArgs } from './define.js';
import { MissingLossError, ParameterGroupError } from './errors.js';
import { resolveParameterGroups, wholeVector } from './groups.js';
import { createOptimizer } from './optimizer.js';
import { withSchedule } from './schedule.js';
import { bytesPerCall } from './testing/allocation.js';

/** What the update saw at each step: the loss and the groups (names, offsets, lengths, bias flags). */
function recorder(needsLoss = false) {
  const seen: { loss: number; groups: UpdateArgs['groups'] }[] = [];
  const definition = defineOptimizer({
    name: 'group-recorder',
    summary: 'records the loss and the groups it is handed',
    defaults: { learningRate: 0.5 },
    slots: [],
    needsLoss,
    update({ loss, groups }) {
      seen.push({ loss, groups });
    },
  });
  return { definition, seen };
}

// The lesson's 2-3-2 network as a model file names its tensors: 6 + 3 + 6 + 2 = 17 numbers.
const layers = [
  { name: 'layers.0.weight', shape: [3, 2] },
  { name: 'layers.0.bias', shape: [3] },
  { name: 'layers.1.weight', shape: [2, 3] },
  { name: 'layers.1.bias', shape: [2] },
];

describe('parameter groups', () => {
  it('default to one group, "params", covering a bare vector', () => {
    const { definition, seen } = recorder();
    const opt = createOptimizer(definition, 5);
    opt.step(new Float32Array(5), new Float32Array(5));
    expect(seen[0]!.groups).toEqual([{ name: 'params', shape: [5], offset: 0, length: 5, bias: false }]);
    expect(opt.groups).toBe(seen[0]!.groups);
    expect(wholeVector(5)).toEqual(opt.groups);
  });

  it('are handed to the update as given, with offsets, lengths, and biases known by name', () => {
    const { definition, seen } = recorder();
    const opt = createOptimizer(definition, 17, {}, { groups: layers });
    opt.step(new Float32Array(17), new Float32Array(17));
    expect(seen[0]!.groups.map((g) => [g.name, g.offset, g.length, g.bias])).toEqual([
      ['layers.0.weight', 0, 6, false],
      ['layers.0.bias', 6, 3, true],
      ['layers.1.weight', 9, 6, false],
      ['layers.1.bias', 15, 2, true],
    ]);
    expect(seen[0]!.groups[2]!.shape).toEqual([2, 3]);
    expect(Object.isFrozen(seen[0]!.groups) && Object.isFrozen(seen[0]!.groups[0])).toBe(true);
    // A caller may say which groups are biases, whatever their names.
    expect(
      resolveParameterGroups(
        [
          { name: 'b', shape: [2], bias: true },
          { name: 'bias-free', shape: [3] },
        ],
        5,
      ).map((g) => g.bias),
    ).toEqual([true, false]);
  });

  it('refuse groups that do not describe the vector, saying which and why', () => {
    const bad: [unknown, string][] = [
      [[], 'expected a non-empty array of { name, shape }, found []'],
      [[{ name: 'a', shape: [3] }], 'expected groups covering all 17 parameters, found groups covering 3'],
      [[...layers, { name: 'extra', shape: [1] }], "expected groups within the 17 parameters, found 'extra' ending at 18"],
      [[layers[0], { ...layers[1], name: 'layers.0.weight' }, layers[2], layers[3]], "expected distinct group names, found 'layers.0.weight' twice"],
      [[{ ...layers[0], shape: [3, 0] }, ...layers.slice(1)], "expected 'layers.0.weight' with a shape of positive whole numbers, found [3, 0]"],
      [
        [layers[0], { ...layers[1], offset: 5 }, layers[2], layers[3]],
        "expected 'layers.0.bias' at offset 6 (groups follow one another in order), found offset 5",
      ],
      [[{ shape: [17] }], 'expected group 0 with a name, found undefined'],
    ];
    for (const [groups, message] of bad) {
      expect(() => createOptimizer(adam, 17, {}, { groups: groups as never })).toThrow(ParameterGroupError);
      expect(() => createOptimizer(adam, 17, {}, { groups: groups as never })).toThrow(`createOptimizer(adam) groups: ${message}`);
    }
  });
});

describe('the loss', () => {
  it('reaches the update when given, and is NaN when not', () => {
    const { definition, seen } = recorder();
    const opt = createOptimizer(definition, 2);
    const w = new Float32Array(2),
      g = new Float32Array(2);
    opt.step(w, g, { loss: 0.25 });
    opt.step(w, g);
    opt.step(w, g, {});
    expect(seen.map((s) => s.loss)).toEqual([0.25, Number.NaN, Number.NaN]);
  });

  it('is required by a rule that needs it: no loss, or a non-finite one, is refused before anything changes', () => {
    const { definition, seen } = recorder(true);
    expect(definition.needsLoss).toBe(true);
    const opt = createOptimizer(definition, 2);
    const w = new Float32Array(2),
      g = new Float32Array(2);
    expect(() => opt.step(w, g)).toThrow(MissingLossError);
    expect(() => opt.step(w, g)).toThrow(
      "group-recorder.step: expected the loss at the current parameters, as step(params, grads, { loss }), found none (this optimizer's rule needs the loss value, not only its gradient)",
    );
    expect(() => opt.step(w, g, { loss: Number.NaN })).toThrow(/found NaN/);
    expect(() => opt.step(w, g, { loss: Infinity })).toThrow(/found Infinity/);
    expect([seen.length, opt.t]).toEqual([0, 0]);
    opt.step(w, g, { loss: 3 });
    expect([seen[0]!.loss, opt.t]).toEqual([3, 1]);
  });

  it('passes through schedules and clipping', () => {
    const { definition, seen } = recorder(true);
    const opt = withGradientClipping(
      withSchedule(createOptimizer(definition, 2), (t) => 1 / t),
      { maxNorm: 1 },
    );
    opt.step(new Float32Array(2), Float32Array.of(3, 4), { loss: 7 });
    opt.step(new Float32Array(2), Float32Array.of(0.3, 0.4), { loss: 8 });
    expect(seen.map((s) => s.loss)).toEqual([7, 8]);
    expect(opt.groups).toEqual(wholeVector(2));
  });

  it('costs no allocation per step, with or without a loss', () => {
    const opt = createOptimizer(
      adam,
      4,
      {},
      {
        groups: [
          { name: 'w', shape: [2, 1] },
          { name: 'bias', shape: [2] },
        ],
      },
    );
    const w = Float32Array.of(1, -1, 0.5, 2),
      g = Float32Array.of(0.1, -0.2, 0.3, 0.05);
    const info = { loss: 0 };
    expect(bytesPerCall(() => opt.step(w, g))).toBeLessThan(1);
    expect(
      bytesPerCall(() => {
        info.loss += 1;
        opt.step(w, g, info);
      }),
    ).toBeLessThan(1);
  });
});
