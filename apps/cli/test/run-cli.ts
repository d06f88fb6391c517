import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real `downhill` command (from source, as `pnpm downhill` does) and collect what it printed. */
export function runCli(args: readonly string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', `${cliRoot}src/bin.ts`, ...args], {
    cwd: options.cwd ?? cliRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', DOWNHILL_DEBUG: '' },
    timeout: 170_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
