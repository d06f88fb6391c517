import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `downhill ARGS` in this process, through the same `main` the binary
 * calls, with stdout and stderr captured: what a user sees, at a fraction of
 * the cost of a process per case.
 */
export async function runMain(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [],
    err: string[] = [];
  const { write: writeOut } = process.stdout,
    { write: writeErr } = process.stderr;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let status: number;
  try {
    status = await main(['node', 'downhill', ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Run the real `downhill` binary (from source, as `pnpm downhill` does) in its own process. */
export function runCli(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', `${cliRoot}src/bin.ts`, ...args], {
    cwd: cliRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', DOWNHILL_DEBUG: '' },
    timeout: 170_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
