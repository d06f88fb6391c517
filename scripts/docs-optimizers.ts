// The table of optimizers in packages/optim/README.md, written from the
// registry: each definition's name, defaults (in its symbols) and rule. One
// `pnpm docs:optimizers` (part of `pnpm docs`) rewrites it; with --check
// (part of `pnpm lint`) it only says whether the README is up to date.
//
//   node --conditions=source --import tsx scripts/docs-optimizers.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type OptimizerDefinition, optimizers } from '../packages/optim/src/index.js';

const readme = fileURLToPath(new URL('../packages/optim/README.md', import.meta.url));
const START = '<!-- optimizers:start -->';
const END = '<!-- optimizers:end -->';

/** 0.001 → '1e-3', as the papers write small rates; 0.01 and up as they are. */
function formatNumber(x: number): string {
  return x !== 0 && Math.abs(x) < 0.01 ? x.toExponential() : String(x);
}

function row(d: OptimizerDefinition): string {
  const defaults = Object.entries(d.defaults)
    .map(([key, value]) => `${d.symbols[key] ?? key} = ${formatNumber(value)}`)
    .join(', ');
  const notes = [d.fullBatch ? '`fullBatch: true`' : '', d.needsLoss ? '`needsLoss: true`' : ''].filter(Boolean);
  const rule = d.rule + (notes.length > 0 ? ` (${notes.join(', ')})` : '');
  return `| \`${d.name}\` | ${defaults} | ${rule.replaceAll('|', '\\|')} |`;
}

function optimizerTable(definitions: Iterable<OptimizerDefinition>): string {
  return ['| name | defaults | rule |', '| --- | --- | --- |', ...[...definitions].map(row)].join('\n');
}

const problems: string[] = [];
for (const d of optimizers.values()) {
  // What `pnpm new:optimizer` leaves for the contributor to write.
  for (const [field, text] of [
    ['summary', d.summary],
    ['rule', d.rule],
  ] as const) {
    if (/\bTODO\b/.test(text)) problems.push(`packages/optim/src/${d.name}.ts: the ${field} still says TODO: ${text}`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}

const text = readFileSync(readme, 'utf8');
const start = text.indexOf(START),
  end = text.indexOf(END);
if (start < 0 || end < start) {
  process.stderr.write(`packages/optim/README.md: expected the markers ${START} … ${END} around the table of optimizers, found none\n`);
  process.exit(1);
}
const updated = `${text.slice(0, start + START.length)}\n${optimizerTable(optimizers.values())}\n${text.slice(end)}`;

if (process.argv.includes('--check')) {
  if (updated !== text) {
    process.stderr.write(
      'packages/optim/README.md: the table of optimizers does not match the registry (an optimizer was added or changed); run `pnpm docs` and commit the README\n',
    );
    process.exit(1);
  }
  console.log(`packages/optim/README.md: the table of ${optimizers.size} optimizers matches the registry`);
} else if (updated === text) {
  console.log(`packages/optim/README.md: the table of ${optimizers.size} optimizers is up to date`);
} else {
  writeFileSync(readme, updated);
  console.log(`packages/optim/README.md: wrote the table of ${optimizers.size} optimizers`);
}
