// The README's promises, run: the quick start's figures are what `downhill
// train` prints today, the "with tweaks" preset reaches what the README says,
// and every command and gallery link in its table of the lesson's claims exists.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../test/run-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const gallery = readFileSync(join(root, 'docs', 'gallery.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'downhill-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The figure (a percentage) the README gives right after `words`. */
function promised(pattern: RegExp): number {
  const m = pattern.exec(readme.replace(/\s+/g, ' '));
  if (!m) throw new Error(`README.md: expected text matching ${pattern}, found none`);
  return Number(m[1]);
}

/** What the run printed last: the saved model's test accuracy and the last epoch's own. */
function accuracies(stdout: string): { saved: number; last?: number } {
  const m = /test accuracy ([\d.]+)% .*?(?:last epoch's weights alone: ([\d.]+)%)?\)?$/m.exec(stdout);
  if (!m) throw new Error(`expected a "test accuracy" line, found:\n${stdout.slice(-500)}`);
  return { saved: Number(m[1]), ...(m[2] ? { last: Number(m[2]) } : {}) };
}

describe('README.md', () => {
  it("quick start: `pnpm train` gets the test accuracy the README quotes, for the averaged model and for the last epoch's weights", async () => {
    const r = await runMain(['train', '--out', join(work, 'model.safetensors')]);
    expect(r.status).toBe(0);
    const got = accuracies(r.stdout);
    expect(got.saved).toBe(promised(/stochastic weight averaging\), which gets ([\d.]+) %/));
    expect(got.last).toBe(promised(/\(([\d.]+) % after the last, with seed 1\)/));
  });

  it('"--preset tweaks": the lesson\'s "about 98 % with tweaks", the figure the README quotes', async () => {
    const r = await runMain(['train', '--preset', 'tweaks', '--no-train-accuracy', '--out', join(work, 'tweaks.safetensors')]);
    expect(r.status).toBe(0);
    const got = accuracies(r.stdout);
    const figure = promised(/8 epochs: ([\d.]+) %/);
    expect(figure).toBeGreaterThanOrEqual(98);
    expect(got.saved).toBe(figure);
  });

  it("the table of the lesson's claims: every command is one the CLI has, every gallery link a section of docs/gallery.md", async () => {
    const after = readme.slice(readme.indexOf("### The lesson's claims")).split('\n');
    const start = after.findIndex((l) => l.startsWith('|'));
    const end = after.findIndex((l, i) => i > start && !l.startsWith('|'));
    const rows = after.slice(start + 2, end); // past the header row and its --- line
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const headings = new Set(
      gallery
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .map((l) =>
          l
            .slice(3)
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .replace(/ /g, '-'),
        ),
    );
    for (const row of rows) {
      const anchors = [...row.matchAll(/\(docs\/gallery\.md#([^)]+)\)/g)].map((m) => m[1]!);
      expect(anchors, row).toHaveLength(1);
      expect(headings.has(anchors[0]!), `${anchors[0]} in docs/gallery.md`).toBe(true);
      for (const [, command] of row.matchAll(/`pnpm downhill ([a-z][a-z-]*(?: [a-z][a-z-]*)?)/g)) {
        // `downhill <command> [subcommand] --help` shows that command's own usage only if it exists.
        const words = command!.split(' ');
        const r = await runMain([...words, '--help']);
        expect(r.status, `downhill ${command} --help`).toBe(0);
        expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: downhill ${command} `));
      }
    }
  });
});
