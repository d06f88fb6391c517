// `pnpm new:optimizer NAME`: the start of a contribution, as CONTRIBUTING.md
// describes it. Writes the rule (from a template in the paper's notation),
// its test calling the conformance suite, the registry line (in alphabetical
// order) and a changeset; then says what to fill in. Touches nothing else.
//
//   node --conditions=source --import tsx scripts/new-optimizer.ts NAME
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as optim from '../packages/optim/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'packages', 'optim', 'src');

function fail(message: string): never {
  process.stderr.write(`new:optimizer: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.length !== 1 || args[0]!.startsWith('-')) fail('expected one name, as in `pnpm new:optimizer adamax`');
const name = args[0]!;
if (!/^[a-z][a-z0-9-]*$/.test(name)) fail(`expected a lower-case name of letters, digits and '-' (what users type after --optimizer), found '${name}'`);
const id = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
if (optim.optimizers.has(name)) fail(`expected a new name, found '${name}', which is already an optimizer (${optim.optimizers.get(name)!.summary})`);
const files = { rule: join(src, `${name}.ts`), test: join(src, `${name}.test.ts`), changeset: join(root, '.changeset', `optim-${name}.md`) };
for (const file of Object.values(files)) {
  if (existsSync(file)) fail(`expected a name whose files are free, found ${relative(root, file)} already there`);
}
if (existsSync(join(src, name))) fail(`expected a name whose files are free, found the folder packages/optim/src/${name}`);
if (id in optim) fail(`expected a name that is not already exported by @downhill/optim, found '${id}'; choose another`);
try {
  new Function(`"use strict"; const ${id} = 0;`);
} catch {
  fail(`expected a name that makes a JavaScript identifier, found '${name}' (as '${id}'); choose another`);
}

const rule = `import { defineOptimizer } from './define.js';

/**
 * TODO Name (Author et al. YEAR): what the rule does, in a sentence, and
 * where to read it. Then the update as the paper writes it, t counting from 1
 * and g_t the gradient at θ_{t−1}; e.g., for heavy-ball momentum:
 *
 *   m_t ← β₁ m_{t−1} + g_t
 *   θ_t ← θ_{t−1} − η m_t
 *
 * And where the defaults come from (the paper, or torch.optim's).
 */
export const ${id} = defineOptimizer({
  name: '${name}',
  // One line for \`downhill optimizers\` and the web demo's menu.
  summary: 'TODO Name (Author et al. YEAR): what it does, in a few words',
  // The update in the paper's notation, on one line, for the README's table (\`pnpm run docs\`).
  rule: 'TODO m ← β₁m + g, w ← w − ηm',
  // Every hyperparameter with its default; learningRate (η) is required. Where a name
  // below means the same, use it: learningRate, momentum, weightDecay, alpha, beta1, beta2, epsilon.
  defaults: { learningRate: 0.01, beta1: 0.9 },
  // Allowed values, in interval notation; unlisted ones must be finite, and η ≥ 0.
  ranges: { beta1: '[0, 1)' },
  // State vectors, zeros at first, each as long as the parameters; saved and restored with checkpoints.
  slots: ['m'],
  // θ ← update(θ, g), in place. Never write to grads; allocate nothing (no arrays, objects or closures).
  // Also at hand: t (the step, from 1), loss (with needsLoss: true), groups (a network's layers, by name and shape).
  update({ params, grads, slots: { m }, h }) {
    const { learningRate: eta, beta1 } = h;
    for (let i = 0; i < params.length; i++) {
      m[i] = beta1 * m[i]! + grads[i]!;
      params[i]! -= eta * m[i]!;
    }
  },
});
`;

const test = `import { ${id} } from './${name}.js';
import { optimizerConformance } from './testing/vitest.js';

// Golden steps: w₁, w₂, w₃ on goldenProblem under the defaults (or goldenHyper),
// computed from the paper's rule, not from this code (CONTRIBUTING.md, "Computing golden steps").
optimizerConformance(${id}, {
  goldenSteps: [
    // TODO [w₁], [w₂], [w₃]
  ],
  // When the defaults are too slow or too bold for the bowl ½(x² + 50y²) or Rosenbrock's valley:
  // bowl: { hyper: { learningRate: 0.01 } },
  // rosenbrock: { hyper: { learningRate: 1e-3 }, steps: 50_000 },
});
`;

const changeset = `---
"@downhill/optim": minor
---

New optimizer \`${name}\` (TODO Author et al. YEAR): TODO what it does, in a sentence. \`downhill train --optimizer ${name}\`.
`;

// The registry line, among the others in alphabetical order of the names.
const builtinsFile = join(src, 'builtins.ts');
const lines = readFileSync(builtinsFile, 'utf8').split('\n');
const line = `export { ${id} } from './${name}.js';`;
const exports = lines.map((l, i) => ({ i, m: /^export \{ \w+ \} from '\.\/([a-z0-9-]+)\.js';$/.exec(l) })).filter((e) => e.m);
if (exports.length === 0) fail("expected packages/optim/src/builtins.ts to hold lines like `export { adam } from './adam.js';`, found none");
const after = exports.find((e) => e.m![1]! > name);
lines.splice(after ? after.i : exports.at(-1)!.i + 1, 0, line);

writeFileSync(files.rule, rule, { flag: 'wx' });
writeFileSync(files.test, test, { flag: 'wx' });
writeFileSync(files.changeset, changeset, { flag: 'wx' });
writeFileSync(builtinsFile, lines.join('\n'));

const show = (file: string) => relative(root, file);
console.log(`new:optimizer: '${name}' scaffolded
  created  ${show(files.rule)}        the rule: fill in the TODOs, the defaults and update()
  created  ${show(files.test)}   its test: fill in the golden steps
  created  ${show(files.changeset)}      the changelog line: fill in the TODOs
  changed  ${show(builtinsFile)}     the registry line: ${line}
Next (CONTRIBUTING.md, "Add an optimizer"): write the rule, compute the golden steps from the paper,
\`pnpm --filter @downhill/optim test\`, then \`pnpm run docs\` for the README's table.`);
