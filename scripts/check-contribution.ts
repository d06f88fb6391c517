// CI's proof that adding an optimizer is "one file, one test, one registry
// line (plus its changeset)": in a copy of the repository (the working tree
// as it is, uncommitted changes included), follow CONTRIBUTING.md's steps in
// order for a toy optimizer: scaffold it, write its rule and golden steps,
// `pnpm run docs`, fill in the changeset; then typecheck and test
// @downhill/optim and every workspace that depends on it (the ones that list
// the optimizers: train, the CLI, the web demo, the bench), and check that
// `git status --short` shows exactly the files CONTRIBUTING.md promises.
//
//   pnpm check:contribution [--keep]     (part of pnpm lint)
//
// The copy takes the files git knows (tracked, and untracked but not
// ignored), copied rather than linked so that nothing written there reaches
// this repository; node_modules are symbolic links into this repository's
// (pnpm's links inside a workspace are relative, so they resolve within the copy).
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm runs this script directly, not as a turbo task
const pnpmCli = process.env.npm_execpath;
if (!pnpmCli) throw new Error('run this through pnpm: pnpm check:contribution');

const NAME = 'toy-descent';
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const log = (line: string) => console.log(`check:contribution [${seconds().padStart(5)} s] ${line}`);

function fail(message: string): never {
  process.stderr.write(`check:contribution: ${message}\n`);
  if (copy) process.stderr.write(`check:contribution: the copy is kept at ${copy}\n`);
  process.exit(1);
}

let copy = '';
const run = (cmd: string, args: string[], options: ExecFileSyncOptions = {}) =>
  execFileSync(cmd, args, { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' }, ...options }) as string;
const pnpm = (args: string[], options: ExecFileSyncOptions = {}) => run(process.execPath, [pnpmCli, ...args], options);
/** Run a step, failing with what it printed if it fails. */
function step(what: string, action: () => string | undefined): string {
  let out: string | undefined;
  try {
    out = action();
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    fail(`${what} failed:\n${[e.stdout, e.stderr].filter(Boolean).join('\n').trim() || e.message}`);
  }
  log(what);
  return out ?? '';
}

// 1. The copy: git's files as they are in the working tree, and links to node_modules.
copy = mkdtempSync(join(tmpdir(), 'downhill-contribution-'));
step(`copied the working tree to ${copy}`, () => {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    if (lstatSync(join(root, file)).isSymbolicLink()) symlinkSync(readlinkSync(join(root, file)), join(copy, file));
    else copyFileSync(join(root, file), join(copy, file));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  for (const workspace of workspaces(root)) linkNodeModules(join(root, workspace, 'node_modules'), join(copy, workspace, 'node_modules'));
  run('git', ['init', '-q']);
  writeFileSync(join(copy, '.git', 'info', 'exclude'), 'node_modules\n');
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.name=check', '-c', 'user.email=check@localhost', 'commit', '-qm', 'the working tree']);
  return `${files.length} files`;
});

// 2. CONTRIBUTING.md's steps, in order. Step 1: scaffold.
step(`pnpm new:optimizer ${NAME}`, () => pnpm(['new:optimizer', NAME]));

// Step 2: the rule. The toy: momentum with an exponential moving average (dampened heavy ball).
const rulePath = join(copy, 'packages', 'optim', 'src', `${NAME}.ts`);
const ruleFile = readFileSync(rulePath, 'utf8');
const filled = replaceAll(rulePath, ruleFile, [
  [
    / \* TODO Name \(Author et al\. YEAR\)[\s\S]*?\*\/\n/,
    ' * Toy descent (a check of CONTRIBUTING.md): momentum as a moving average.\n *\n *   m_t ← β₁ m_{t−1} + (1 − β₁) g_t\n *   θ_t ← θ_{t−1} − η m_t\n */\n',
  ],
  [/summary: 'TODO[^']*'/, "summary: 'Toy descent: steps along a moving average of the gradient'"],
  [/rule: 'TODO[^']*'/, "rule: 'Toy descent: m ← β₁m + (1 − β₁)g, w ← w − ηm'"],
  [/defaults: \{[^}]*\}/, 'defaults: { learningRate: 0.03, beta1: 0.9 }'],
  [/m\[i\] = beta1 \* m\[i\]! \+ grads\[i\]!;/, 'm[i] = beta1 * m[i]! + (1 - beta1) * grads[i]!;'],
]);
step(`wrote the rule in packages/optim/src/${NAME}.ts`, () => {
  writeFileSync(rulePath, filled);
  return undefined;
});

// Step 3: golden steps, from the rule (in float64), not from the code.
const golden = (() => {
  const c = [1, 4, 0.25],
    star = [0.5, 0.25, -1],
    eta = 0.03,
    beta1 = 0.9;
  let w = [1, -2, 0.5],
    m = [0, 0, 0];
  const out: number[][] = [];
  for (let t = 1; t <= 3; t++) {
    const g = w.map((wi, i) => c[i]! * (wi - star[i]!));
    m = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]!);
    w = w.map((wi, i) => wi - eta * m[i]!);
    out.push(w.map((x) => Number(x.toPrecision(12))));
  }
  return out;
})();
const testPath = join(copy, 'packages', 'optim', 'src', `${NAME}.test.ts`);
const testFile = replaceAll(testPath, readFileSync(testPath, 'utf8'), [
  [/ {4}\/\/ TODO \[w₁\], \[w₂\], \[w₃\]\n/, golden.map((w) => `    [${w.join(', ')}],\n`).join('')],
  [/ {2}\/\/ rosenbrock: \{[^\n]*\n/, '  rosenbrock: { hyper: { learningRate: 0.01 } },\n'],
]);
step(`wrote its golden steps in packages/optim/src/${NAME}.test.ts`, () => {
  writeFileSync(testPath, testFile);
  return undefined;
});

// Step 4: its tests.
step('pnpm --filter @downhill/optim test', () => pnpm(['--filter', '@downhill/optim', 'test']));

// Step 5: the docs.
step('pnpm run docs', () => pnpm(['run', 'docs']));
const table = readFileSync(join(copy, 'packages', 'optim', 'README.md'), 'utf8');
if (!table.includes(`| \`${NAME}\` | η = 0.03, β₁ = 0.9 | Toy descent: m ← β₁m + (1 − β₁)g, w ← w − ηm |`)) {
  fail(`expected the README's table to have a row for ${NAME}, found none`);
}

// Step 6: the changeset.
const changesetPath = join(copy, '.changeset', `optim-${NAME}.md`);
const changeset = replaceAll(changesetPath, readFileSync(changesetPath, 'utf8'), [
  [/\(TODO Author et al\. YEAR\): TODO what it does, in a sentence\./, '(a check of CONTRIBUTING.md): steps along a moving average of the gradient.'],
]);
step(`wrote the changeset .changeset/optim-${NAME}.md`, () => {
  writeFileSync(changesetPath, changeset);
  return undefined;
});

// Step 7: check. Typecheck and test @downhill/optim and everything that depends on it, afresh.
const filter = '...@downhill/optim';
step(`pnpm turbo run typecheck test --filter=${filter} --force`, () =>
  pnpm(['exec', 'turbo', 'run', 'typecheck', 'test', `--filter=${filter}`, '--force', '--output-logs=errors-only', '--concurrency=2']),
);
step(`pnpm docs:optimizers --check`, () => pnpm(['docs:optimizers', '--check']));
// pnpm lint's first step: the scaffold's files, filled in, are formatted and lint-clean as they come.
step('pnpm exec biome check .', () => pnpm(['exec', 'biome', 'check', '.']));
const listed = step(`pnpm downhill optimizers ${NAME}`, () => pnpm(['downhill', 'optimizers', NAME]));
if (!listed.includes(`${NAME}: Toy descent: steps along a moving average of the gradient`))
  fail(`expected \`downhill optimizers ${NAME}\` to describe it, found:\n${listed}`);

// And exactly the files CONTRIBUTING.md promises.
const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
const promised = /<!-- contribution-files:start -->\s*```\n([\s\S]*?)```\s*<!-- contribution-files:end -->/.exec(contributing)?.[1];
if (promised === undefined)
  fail(
    'expected CONTRIBUTING.md to list the files of a contribution between <!-- contribution-files:start --> and <!-- contribution-files:end -->, found no such list',
  );
const status = run('git', ['status', '--short', '--untracked-files=all']);
if (status !== promised.replaceAll('NAME', NAME)) {
  fail(`expected \`git status --short\` to show the files CONTRIBUTING.md promises:\n${promised.replaceAll('NAME', NAME)}found:\n${status}`);
}
log(`git status --short shows the ${status.trim().split('\n').length} files CONTRIBUTING.md promises:\n${status.trimEnd()}`);

if (!keep) rmSync(copy, { recursive: true, force: true });
console.log(`check:contribution: passed in ${seconds()} s${keep ? ` (the copy is at ${copy})` : ''}`);

/** The workspace folders (pnpm-workspace.yaml's globs of the form dir/* or dir). */
function workspaces(at: string): string[] {
  const globs = [...readFileSync(join(at, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map((m) => m[1]!);
  return globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(at, glob.slice(0, -2)))
          .map((d) => `${glob.slice(0, -2)}/${d}`)
          .filter((d) => existsSync(join(at, d, 'package.json')))
      : [glob],
  );
}

/** The same links (their targets are relative), and copies of the .bin shims; no caches. */
function linkNodeModules(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry.startsWith('.') && entry !== '.bin') continue; // .vite and the like: caches
    const source = join(from, entry),
      target = join(to, entry);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (stat.isDirectory()) linkNodeModules(source, target);
    else if (statSync(source).isFile()) copyFileSync(source, target);
  }
}

/** `text` with each pattern replaced; a pattern that matches nothing means the template changed under this check. */
function replaceAll(file: string, text: string, replacements: [RegExp, string][]): string {
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(text)) fail(`expected ${file.slice(copy.length + 1)} as pnpm new:optimizer writes it to match ${pattern}, found no match`);
    text = text.replace(pattern, () => replacement);
  }
  return text;
}
