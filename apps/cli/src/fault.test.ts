import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@downhill/linalg';
import { beforeAll, expect, it } from 'vitest';
import { runMain } from '../test/run-cli.js';

// The fault test of issue #8: a short run is killed at a random moment, by
// SIGINT (Ctrl-C) or SIGKILL (no chance to clean up), the final save
// included; then it is resumed from whatever it left (or started again when
// it left nothing). The model must come out byte-identical to a run that was
// never stopped, and no temporary file may be left. FAULT_ROUNDS=50 runs the
// long version (`pnpm fuzz`); the default keeps `pnpm test` short.

const rounds = Number(process.env.FAULT_ROUNDS ?? 6);
const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const run = ['--limit', '6000', '--test-limit', '200', '--epochs', '3', '--batch', '10', '--optimizer', 'adam', '--lr', '0.005', '--no-train-accuracy'];

let reference: Buffer;
/** Wall time from the start of training to the end of the process (ms). */
let training: number;

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** From the start of training to the exit (ms). */
  readonly training: number;
}

/**
 * `downhill train ARGS` in a process of its own (as a user runs it), killed
 * with `signal` `afterMs` after training starts (Node's start-up is not the
 * interesting part).
 */
function trainKilled(args: readonly string[], signal: NodeJS.Signals | undefined, afterMs: number): Promise<Finished> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(cliRoot, 'src/bin.ts'), 'train', ...args], {
    cwd: cliRoot,
    env: { ...process.env, CI: 'true', DOWNHILL_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '',
    stdout = '',
    started: number | undefined,
    timer: NodeJS.Timeout | undefined;
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    if (started === undefined && stdout.includes('training on')) {
      started = performance.now();
      if (signal) timer = setTimeout(() => child.kill(signal), afterMs);
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr, training: performance.now() - (started ?? performance.now()) });
    }),
  );
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-fault-ref-'));
  const whole = await trainKilled([...run, '-o', join(dir, 'whole.safetensors')], undefined, 0);
  training = whole.training;
  expect(whole.code, whole.stderr).toBe(0);
  reference = readFileSync(join(dir, 'whole.safetensors'));
}, 120_000);

it(
  `killed at a random moment (SIGINT or SIGKILL, the final save included) and resumed: the same model, byte for byte, and no temporary file, ${rounds} rounds`,
  async () => {
    const rng = new Rng(Number(process.env.FAULT_SEED ?? 8));
    const outcomes: string[] = [];
    const expectsResume = new Set<number>(),
      expectsInterrupted = new Set<number>();
    for (let round = 0; round < rounds; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'downhill-fault-'));
      const files = ['-o', join(dir, 'model.safetensors'), '--checkpoint', join(dir, 'ckpt.safetensors')];
      const signal: NodeJS.Signals = rng.uniform() < 0.5 ? 'SIGINT' : 'SIGKILL';
      // From the first mini-batch to just past the end, where the final save is.
      const at = training * 1.1 * rng.uniform();
      const killed = await trainKilled([...run, ...files], signal, at);
      const what = `round ${round}: ${signal} at ${Math.round(at)} ms of ${Math.round(training)}`;

      if ((killed.signal === null && killed.code === 0) || killed.signal === 'SIGINT') {
        // Finished before the signal, or it came as Node was tearing down after the run (its
        // handlers gone, so the signal ends the process): either way the run was complete.
        expect(existsSync(join(dir, 'model.safetensors')), `${what}\n${killed.stderr}`).toBe(true);
        outcomes.push(`${what}: had finished${killed.signal ? ' (Ctrl-C as Node exited)' : ''}`);
      } else {
        if (signal === 'SIGINT') {
          // Ctrl-C is handled: exit 130 and one line saying what was saved and how to continue (or that it was too early).
          expect(killed.code, `${what}\n${killed.stderr}`).toBe(130);
          expect(killed.stderr, what).toMatch(
            /stopped in epoch \d+, after [\d,]+ mini-batches; saved .*ckpt\.safetensors and .*model\.jsonl; continue with: downhill train --resume|nothing to resume from/,
          );
        } else {
          expect(killed.signal, what).toBe('SIGKILL');
        }
        const resumed = existsSync(join(dir, 'ckpt.safetensors'));
        if (resumed) expectsResume.add(round);
        if (resumed && signal === 'SIGINT') expectsInterrupted.add(round);
        const again = await runMain([
          'train',
          ...(resumed ? ['--resume', join(dir, 'ckpt.safetensors'), '--epochs', '3', '--test-limit', '200', '--no-train-accuracy'] : run),
          ...files,
        ]);
        expect(again.status, `${what}\n${again.stderr}`).toBe(0);
        outcomes.push(`${what}: ${resumed ? 'resumed' : 'started again'}`);
      }
      expect(readFileSync(join(dir, 'model.safetensors')).equals(reference), what).toBe(true);
      expect(
        readdirSync(dir).filter((f) => f.endsWith('.tmp')),
        what,
      ).toEqual([]);
      // The run log has every epoch once, whatever happened between them.
      const log = readFileSync(join(dir, 'model.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(
        log.filter((r) => r.type === 'epoch').map((r) => r.epoch),
        what,
      ).toEqual([1, 2, 3]);
      expect(log.at(-1).type, what).toBe('saved');
      // …and says what happened: the original header, then an interruption and a resume where there were ones.
      expect(log[0].type, what).toBe('header');
      expect(
        log.some((r) => r.type === 'resumed'),
        what,
      ).toBe(expectsResume.has(round));
      expect(
        log.some((r) => r.type === 'interrupted'),
        what,
      ).toBe(expectsInterrupted.has(round));
    }
    if (process.env.FAULT_ROUNDS) console.log(outcomes.join('\n'));
    // Both kinds of interruption happened, and at least one of them mid-run.
    expect(
      outcomes.some((o) => o.includes('resumed')),
      outcomes.join('\n'),
    ).toBe(true);
  },
  60_000 + rounds * 20_000,
);

it('a closed stdout (`downhill eval MODEL | head -2`, or `| true`) ends the command quietly: no EPIPE stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-pipe-'));
  expect((await runMain(['train', '--limit', '200', '--epochs', '1', '--test-limit', '100', '-o', join(dir, 'm.safetensors')])).status).toBe(0);
  const bin = join(cliRoot, 'src/bin.ts');
  const piped = (reader: string) =>
    spawnSync('sh', ['-c', `"${process.execPath}" --conditions=source --import tsx "${bin}" eval "${join(dir, 'm.safetensors')}" | ${reader}`], {
      cwd: cliRoot,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
  const head = piped('head -2');
  expect(head.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  expect(head.stderr).toBe('');
  // `true` reads nothing and is gone before the first line is written.
  const gone = piped('true; sleep 0');
  expect(gone.stderr).toBe('');
}, 60_000);
