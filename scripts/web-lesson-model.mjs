// The lesson's network that ships with the web demo, so the drawing pad reads
// digits on first load, before any training: made by the CLI, as anyone can
// make it again, and checked to come out bit for bit the same.
//
//   node scripts/web-lesson-model.mjs           writes apps/web/src/assets/lesson-model.safetensors
//   node scripts/web-lesson-model.mjs --check   trains it again in a temporary folder; fails if the bytes differ
//
// The run is `downhill train --preset lesson` (784-16-16-10 sigmoid neurons,
// quadratic cost, sgd with η = 3 on mini-batches of 10, 30 epochs on all of
// MNIST, seed 1; the weights averaged over epochs 16–30): about 95 % of the
// test digits, 13,002 parameters, 53 KB. About 10 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'apps/web/src/assets/lesson-model.safetensors');
const command = ['train', '--preset', 'lesson', '--seed', '1', '--no-train-accuracy'];

const work = mkdtempSync(join(tmpdir(), 'downhill-lesson-model-'));
try {
  const out = values.check ? join(work, 'lesson-model.safetensors') : target;
  const args = ['--conditions=source', '--import', 'tsx', join(root, 'apps/cli/src/bin.ts'), ...command, '-o', out, '--log', join(work, 'lesson-model.jsonl')];
  const printed = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const accuracy = printed.match(/^test accuracy .*$/m)?.[0] ?? '';
  console.log(`downhill ${command.join(' ')} -o ${values.check ? out : 'apps/web/src/assets/lesson-model.safetensors'}\n${accuracy}`);
  if (values.check) {
    if (!readFileSync(out).equals(readFileSync(target))) {
      console.error(`web-lesson-model: ${target} is not what the command makes now; run node scripts/web-lesson-model.mjs and commit the file`);
      process.exitCode = 1;
    } else {
      console.log(`the same bytes as ${target}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
