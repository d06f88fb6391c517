import { defineOptimizer, optimizers, registerOptimizer } from '@downhill/optim';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../test/run-cli.js';

/** The table's rows as cells (columns are separated by two or more spaces). */
const rows = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/ {2,}/));

describe('downhill optimizers', () => {
  it('lists every built-in with its hyperparameters, their defaults, and its one-line description', async () => {
    const r = await runMain(['optimizers']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]!.split(/ {2,}/)).toEqual(['name', 'hyperparameters (defaults)', 'description']);
    const table = rows(r.stdout);
    // Every registered optimizer, in the registry's order (the list itself lives in @downhill/optim).
    expect(table.map((row) => row[0])).toEqual([...optimizers.keys()]);
    expect(table.length).toBeGreaterThan(0);
    const byName = new Map(table.map((row) => [row[0], row]));
    // From the papers / PyTorch, as packages/optim/README.md documents them.
    expect(byName.get('adam')![1]).toBe('learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8');
    expect(byName.get('momentum')![1]).toBe('learningRate 0.01, momentum 0.9');
    expect(byName.get('lion')![1]).toBe('learningRate 0.0001, beta1 0.9, beta2 0.99, weightDecay 0');
    // And every row against the registry itself.
    for (const definition of optimizers.values()) {
      const row = byName.get(definition.name)!;
      for (const [name, value] of Object.entries(definition.defaults)) expect(row[1]).toContain(`${name} ${value}`);
      expect(row[2]).toBe(definition.summary);
    }
  });

  it('names one in full: defaults with their allowed ranges, and its state', async () => {
    const r = await runMain(['optimizers', 'adam']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`adam: ${optimizers.get('adam')!.summary}`);
    expect(r.stdout).toMatch(/^ {2}beta1 +0\.9 +\[0, 1\)$/m);
    expect(r.stdout).toMatch(/^ {2}epsilon +1e-8 +\(0, inf\)$/m);
    expect(r.stdout).toContain('state: m, v');
  });

  it('--json prints the registry for scripts', async () => {
    const r = await runMain(['optimizers', '--json']);
    const listed = JSON.parse(r.stdout) as { name: string; defaults: Record<string, number>; ranges: Record<string, string> }[];
    expect(listed.map((d) => d.name)).toEqual([...optimizers.keys()]);
    expect(listed.find((d) => d.name === 'adamw')!.defaults).toEqual({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
      decayBiases: 1,
    });
    expect(listed.find((d) => d.name === 'adamw')!.ranges.beta2).toBe('[0, 1)');
  });

  it('an unknown name is one line on stderr listing the valid ones', async () => {
    const r = await runMain(['optimizers', 'adamx']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`downhill: optimizer: expected one of ${[...optimizers.keys()].join(', ')}; found 'adamx'\n`);
  });

  it('an optimizer registered at run time appears here and works in descend, with no CLI change', async () => {
    // Plain descent at half the rate: on (w - 2)^2 from 4 with η = 0.6, w − 2 shrinks by 1 − 0.6 = 0.4 a step, as in the lesson.
    registerOptimizer(
      defineOptimizer({
        name: 'half-step',
        summary: 'gradient descent with half the given rate (a test optimizer)',
        defaults: { learningRate: 0.6 },
        slots: [],
        update({ params, grads, h }) {
          for (let i = 0; i < params.length; i++) params[i] -= 0.5 * h.learningRate * grads[i]!;
        },
      }),
    );
    const listed = rows((await runMain(['optimizers'])).stdout);
    expect(listed.at(-1)).toEqual(['half-step', 'learningRate 0.6', 'gradient descent with half the given rate (a test optimizer)']);
    const r = await runMain(['descend', '(w-2)^2', '--from', '4', '--optimizer', 'half-step', '--steps', '2']);
    expect(r.stdout).toBe('Step 0: w=2.8000\nStep 1: w=2.3200\nFinal: 2.3200\n');
  });
});
