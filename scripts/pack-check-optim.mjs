// @downhill/optim as its users get it: `pnpm pack` it (and @downhill/linalg,
// its one dependency), install the tarballs into an empty folder outside the
// repository (no vitest there), then from
// plain Node ESM: define and register an optimizer, run the conformance checks
// of '@downhill/optim/testing' on it (they must not need vitest), and see that
// only '@downhill/optim/testing/vitest' asks for vitest. Expects the package
// built (`pnpm build`; `pnpm lint` builds first).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'downhill-pack-optim-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm runs this script directly, not as a turbo task
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error('run this through pnpm: pnpm pack-check');

for (const name of ['linalg', 'optim']) run(process.execPath, [pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', name));
mkdirSync(app, { recursive: true });
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'downhill-optim-user', private: true, type: 'module' }));
run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...readdirSync(tarballs).map((f) => join(tarballs, f))], app);

writeFileSync(
  join(app, 'main.js'),
  `import { createOptimizer, defineOptimizer, optimizers, registerOptimizer } from '@downhill/optim';
import * as checks from '@downhill/optim/testing';

// A user's optimizer, checked with the plain conformance functions: no test runner.
const halfStep = registerOptimizer(defineOptimizer({
  name: 'half-step',
  summary: 'gradient descent at half the learning rate',
  defaults: { learningRate: 0.06 },
  slots: [],
  update({ params, grads, h }) {
    for (let i = 0; i < params.length; i++) params[i] -= 0.5 * h.learningRate * grads[i];
  },
}));
// Golden steps by hand: w ← w − 0.03 c ⊙ (w − w*) on goldenProblem.
const c = [1, 4, 0.25], star = [0.5, 0.25, -1];
let w = [1, -2, 0.5];
const goldenSteps = [1, 2, 3].map(() => (w = w.map((x, i) => x - 0.03 * c[i] * (x - star[i]))));
checks.checkGoldenSteps(halfStep, { goldenSteps });
checks.checkConvergesOnBowl(halfStep);
checks.checkStateRoundTrip(halfStep);
checks.checkGradientUntouched(halfStep);
checks.checkRejectsNonFinite(halfStep);
checks.checkNoAllocation(halfStep);
let caught = false;
try {
  checks.checkGoldenSteps(halfStep, { goldenSteps: [[1, -2, 0.5]] });
} catch (error) {
  caught = error instanceof checks.ConformanceError;
}
if (!caught) throw new Error('expected a wrong golden step to throw a ConformanceError');
if (!optimizers.has('half-step') || createOptimizer('half-step', 2).h.learningRate !== 0.06) throw new Error('registry');
console.log('@downhill/optim/testing from the tarball, without vitest: the checks pass a user optimizer and catch a wrong golden step');

try {
  await import('@downhill/optim/testing/vitest');
  throw new Error("expected '@downhill/optim/testing/vitest' to need vitest, which is not installed here");
} catch (error) {
  if (!/Cannot find (package|module) 'vitest'/.test(String(error))) throw error;
  console.log("@downhill/optim/testing/vitest: asks for vitest (an optional peer dependency), as it should");
}
`,
);
console.log(run(process.execPath, ['main.js'], app).trim());
rmSync(work, { recursive: true, force: true });
