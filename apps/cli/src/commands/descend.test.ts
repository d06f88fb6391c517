import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../../test/run-cli.js';

const lines = (s: string) => s.trimEnd().split('\n');

// The notebook (seed 001): w = 4.0; for i in range(10): w = w - 0.3*2*(w-2); print(f"Step {i}: w={w:.4f}"),
// then print(f"Final: {w:.4f}"). Each step multiplies w - 2 by 1 - 0.6 = 0.4, so after step i
// w = 2 + 2·0.4^(i+1): 2.8, 2.32, 2.128, 2.0512, 2.02048, 2.008192, 2.0032768, 2.00131072,
// 2.000524288, 2.0002097152, rounded to four places.
const lesson = [
  'Step 0: w=2.8000',
  'Step 1: w=2.3200',
  'Step 2: w=2.1280',
  'Step 3: w=2.0512',
  'Step 4: w=2.0205',
  'Step 5: w=2.0082',
  'Step 6: w=2.0033',
  'Step 7: w=2.0013',
  'Step 8: w=2.0005',
  'Step 9: w=2.0002',
  'Final: 2.0002',
];

describe('downhill descend', () => {
  it("prints the lesson notebook's output line for line (the real process)", () => {
    const r = runCli(['descend', '(w-2)^2', '--from', '4', '--lr', '0.3', '--steps', '10']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${lesson.join('\n')}\n`);
  });

  it("starts from the surface's suggested start without --from: the lesson's parabola starts at w = 4", async () => {
    const r = await runMain(['descend', 'parabola', '--lr', '0.3', '--steps', '10']);
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(lesson);
  });

  it('passes --opt.NAME to the optimizer: momentum with μ = 0.5 on x² + 10y², by hand', async () => {
    // g = (2x, 20y); v ← μv + g; w ← w − ηv with η = 0.02, μ = 0.5, from (1, 1):
    // g (2, 20)        v (2, 20)            w (0.96, 0.6)
    // g (1.92, 12)     v (2.92, 22)         w (0.9016, 0.16)
    // g (1.8032, 3.2)  v (3.2632, 14.2)     w (0.836336, -0.124)
    // (With the default μ = 0.9, step 1 would be (0.8856, 0).)
    const r = await runMain(['descend', 'x^2 + 10 y^2', '--from', '1,1', '--optimizer', 'momentum', '--lr', '0.02', '--opt.momentum', '0.5', '--steps', '3']);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual(['Step 0: x=0.9600, y=0.6000', 'Step 1: x=0.9016, y=0.1600', 'Step 2: x=0.8363, y=-0.1240', 'Final: x=0.8363, y=-0.1240']);
  });

  it('rosenbrock with adam: a summary that reports reaching within 1e-3 of (1, 1)', async () => {
    const r = await runMain(['descend', 'rosenbrock', '--optimizer', 'adam', '--from', '-1.5,2', '--steps', '2000', '--lr', '0.1']);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toBe('rosenbrock: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2');
    expect(out[1]).toBe('adam (learningRate 0.1, beta1 0.9, beta2 0.999, epsilon 1e-8) from (x, y) = (-1.5, 2), 2000 steps');
    expect(out.some((l) => l.startsWith('Step'))).toBe(false);
    const reached = /^reached the minimum \(1, 1\) at step (\d+)$/.exec(out[2]!);
    expect(reached).not.toBeNull();
    expect(Number(reached![1])).toBeLessThanOrEqual(2000);
    expect(out[3]).toBe('Final: x=1.0000, y=1.0000');
    expect(Number(/^f = (\S+) \(minimum 0\)$/.exec(out[4]!)![1])).toBeLessThan(1e-6);
  });

  it("with adam's default η = 1e-3 it says it is not there yet, and the learning rate it suggests does get there", async () => {
    const r = await runMain(['descend', 'rosenbrock', '--optimizer', 'adam', '--from', '-1.5,2', '--steps', '2000']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^still moving after 2000 steps, [\d.]+ from the minimum \(1, 1\)$/m);
    const hint = /^hint: adam's default learning rate 0\.001 is sized for networks; --lr (\S+) gets there in (\d+) steps$/m.exec(r.stdout);
    expect(hint).not.toBeNull();
    const check = await runMain(['descend', 'rosenbrock', '--optimizer', 'adam', '--from', '-1.5,2', '--steps', '2000', '--lr', hint![1]!]);
    expect(check.stdout).toContain(`reached the minimum (1, 1) at step ${hint![2]}`);
  });

  it('--every n prints steps 0, n, 2n, ... and the last, then the summary', async () => {
    const r = await runMain(['descend', 'bowl', '--from', '-4,2', '--lr', '0.09', '--steps', '120', '--every', '50']);
    expect(r.stderr).toBe('');
    const steps = lines(r.stdout).filter((l) => l.startsWith('Step'));
    expect(steps.map((l) => l.split(':')[0])).toEqual(['Step 0', 'Step 50', 'Step 100', 'Step 119']);
    // Step 0 by hand: x ← x − 0.09·2x = 0.82x, y ← y − 0.09·20y = −0.8y.
    expect(steps[0]).toBe('Step 0: x=-3.2800, y=-1.6000');
    expect(r.stdout).toMatch(/^reached the minimum \(0, 0\) at step \d+$/m);
  });

  it('--race prints a row per optimizer: steps to the minimum, final value, distance, and the verdict in words', async () => {
    const r = await runMain(['descend', 'rosenbrock', '--from', '-1.5,2', '--steps', '2000', '--race', 'sgd,momentum,adam']);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    const header = out.findIndex((l) => l.startsWith('optimizer'));
    expect(out[header]!.split(/ {2,}/)).toEqual(['optimizer', 'learning rate', 'steps to min', 'final f', 'distance', 'outcome']);
    const rows = out.slice(header + 1).map((l) => l.trim().split(/ {2,}/));
    expect(rows.map((row) => row[0])).toEqual(['sgd', 'momentum', 'adam']);
    expect(rows.map((row) => row[1])).toEqual(['0.1', '0.01', '0.001']); // each its own default
    // sgd, η = 0.1, from (−1.5, 2): ∇f = (−155, −50) → (14, 7); there ∇f ≈ (1058426, −37800)
    // → (−105828.6, 3787), where f ≈ 1.25e22 > 1e12: it blows up on its second update.
    expect(rows[0]).toEqual(['sgd', '0.1', '–', '–', '–', 'diverged at step 2: the learning rate is too large here']);
    expect(rows[1]![5]).toMatch(/^diverged at step \d+: the learning rate is too large here$/);
    expect(rows[2]![5]).toMatch(/^still moving after 2000 steps, [\d.]+ from the minimum \(1, 1\)$/);
    expect(Number(rows[2]![3])).toBeGreaterThan(0);
    expect(Number(rows[2]![4])).toBeGreaterThan(1e-3);
  });

  it('--race with --lr gives every racer that rate; momentum reaches the minimum, and says when', async () => {
    const r = await runMain(['descend', 'rosenbrock', '--from', '-1.5,2', '--steps', '2000', '--race', 'sgd,momentum', '--lr', '0.001']);
    const rows = lines(r.stdout)
      .slice(-2)
      .map((l) => l.trim().split(/ {2,}/));
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['sgd', '0.001'],
      ['momentum', '0.001'],
    ]);
    expect(rows[1]![5]).toBe(`reached the minimum (1, 1) at step ${rows[1]![2]}`);
    expect(Number(rows[1]![2])).toBeGreaterThan(0);
    expect(Number(rows[1]![4])).toBeLessThanOrEqual(1e-3);
  });

  it('--help explains, with the examples', async () => {
    const r = await runMain(['descend', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('downhill descend "(w-2)^2" --from 4 --lr 0.3 --steps 10');
    expect(r.stdout).toContain('--race <names>');
    expect(r.stdout).toContain('--opt.NAME VALUE');
  });
});

describe('downhill descend: bad input is one line on stderr, exit 1', () => {
  const cases: [string, string[], RegExp][] = [
    ['a surface without a minimum', ['x^2 + y', '--from', '1,1'], /^downhill: f\(x, y\) = x\^2 \+ y has no minimum: it decreases without bound/],
    ['text that does not parse', ['sin(x'], /^downhill: "sin\(x" does not parse: /],
    ['z with x, y expected', ['z^2', '--from', '1,2'], /^downhill: unknown variable z: expected a function of x and y$/],
    ['--from with one number for f(x, y)', ['rosenbrock', '--from', '1'], /^downhill: --from: expected 2 numbers \(x, y\) for f\(x, y\) = .*, found 1 \(1\)$/],
    ['--from with three numbers', ['bowl', '--from', '1,2,3'], /^downhill: --from: expected 2 numbers \(x, y\) .*, found 3 \(1,2,3\)$/],
    ['a typed function and no --from', ['x^2 + y^2'], /^downhill: --from: f\(x, y\) = x\^2 \+ y\^2 has no suggested start: give one, e\.g\. --from 1,1$/],
    ['an unknown optimizer', ['bowl', '--optimizer', 'adamx'], /^downhill: optimizer: expected one of .*adam.*; found 'adamx'$/],
    ['an --opt.NAME the optimizer lacks', ['bowl', '--opt.beta1', '0.5'], /^downhill: gd: expected a hyperparameter among learningRate; found 'beta1'$/],
    ['an --opt.NAME no racer has', ['bowl', '--race', 'gd,adam', '--opt.foo', '1'], /^downhill: --opt\.foo: none of gd, adam has a hyperparameter foo$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await runMain(['descend', ...args]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    });
  }

  it('a diverging learning rate: the steps so far, then "diverged at step N: lower the learning rate"', async () => {
    // η = 5 multiplies w − 2 by 1 − 2·5 = −9 a step: w = 2 + 2·(−9)^(i+1), f = 4·81^(i+1),
    // first above 1e12 at i + 1 = 6, printed as Step 5.
    const r = await runMain(['descend', '(w-2)^2', '--from', '4', '--lr', '5', '--steps', '10']);
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toEqual([
      'Step 0: w=-16.0000',
      'Step 1: w=164.0000',
      'Step 2: w=-1456.0000',
      'Step 3: w=13124.0000',
      'Step 4: w=-118096.0000',
      'Step 5: w=1062884.0000',
    ]);
    expect(lines(r.stderr)).toEqual(['downhill: diverged at step 5: lower the learning rate (gd with learning rate 5 took f(w) to 1.13e12)']);
  });

  it('a step out of the function\'s domain says so rather than "diverged"', async () => {
    // sqrt(x) from 1 with η = 5: x ← 1 − 5·½ = −1.5, where sqrt is not real.
    const r = await runMain(['descend', 'sqrt(x)', '--from', '1', '--lr', '5', '--steps', '5']);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual([
      "downhill: left the function's domain at step 0: f(x) = sqrt(x) is not a real number at x = -1.5; lower the learning rate or start elsewhere",
    ]);
  });

  it('the real process prints no stack trace', () => {
    const r = runCli(['descend', 'x^2 + y', '--from', '1,1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^downhill: f\(x, y\) = x\^2 \+ y has no minimum/);
  });
});
