// One Python process for a test file: code is sent to it piece by piece and
// run in one namespace, as a notebook runs its cells, so that importing torch
// (the slow part) happens once. Python is found, not assumed: the `python3`
// on PATH may be a pyenv or venv interpreter that does not see the system's
// (Debian's python3-torch installs for /usr/bin/python3).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** What every Python example needs; the interpreters tried, in order (DOWNHILL_PYTHON alone, if set). */
const NEEDED = ['torch', 'numpy'];
const CANDIDATES = process.env.DOWNHILL_PYTHON ? [process.env.DOWNHILL_PYTHON] : ['/usr/bin/python3', 'python3'];

export type PythonFound = { ok: true; path: string; version: string } | { ok: false; reason: string };

/** The first interpreter that can import torch and numpy, or why there is none. */
export function findPython(): PythonFound {
  const tried: string[] = [];
  for (const path of CANDIDATES) {
    const r = spawnSync(path, ['-c', `import sys, ${NEEDED.join(', ')}; print(sys.version.split()[0], torch.__version__, numpy.__version__)`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status === 0) {
      const [python, torch, numpy] = r.stdout.trim().split(' ');
      return { ok: true, path, version: `Python ${python}, torch ${torch}, numpy ${numpy}` };
    }
    const why = r.error ? ((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message) : r.stderr.trim().split('\n').at(-1);
    tried.push(`${path}: ${why}`);
  }
  return {
    ok: false,
    reason:
      `no Python that can import ${NEEDED.join(' and ')} (${tried.join('; ')}). ` +
      'Install them (Debian/Ubuntu: sudo apt-get install --no-install-recommends python3-torch python3-numpy, as .ci/run does), or set DOWNHILL_PYTHON',
  };
}

export interface PythonResult {
  readonly ok: boolean;
  /** What the code printed, and the traceback if it raised. */
  readonly output: string;
}

// Reads one JSON request a line, runs its code in the shared namespace with stdout captured, answers with one JSON line.
const DRIVER = `
import contextlib, io, json, sys, traceback
namespace = {"__name__": "__main__"}
answers = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    printed = io.StringIO()
    ok = True
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(request["code"], request["name"], "exec"), namespace)
    except BaseException:
        ok = False
        printed.write(traceback.format_exc())
    answers.write(json.dumps({"ok": ok, "output": printed.getvalue()}) + "\\n")
    answers.flush()
`;

/** A Python process in `cwd`, running code in one namespace. */
export class PythonSession {
  private readonly child: ChildProcess;
  private buffered = '';
  private stderr = '';
  private readonly waiting: ((line: string | Error) => void)[] = [];

  constructor(path: string, cwd: string) {
    this.child = spawn(path, ['-u', '-c', DRIVER], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffered += chunk;
      let end: number;
      while ((end = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.on('exit', (code) => {
      for (const answer of this.waiting.splice(0)) answer(new Error(`python exited with ${code}: ${this.stderr}`));
    });
  }

  /** Run `code` (named `name` in tracebacks); resolves when it has finished. */
  run(code: string, name = '<test>'): Promise<PythonResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => (line instanceof Error ? reject(line) : resolve(JSON.parse(line) as PythonResult)));
      this.child.stdin!.write(`${JSON.stringify({ code, name })}\n`);
    });
  }

  /** Whether the module can be imported here. */
  async has(module: string): Promise<boolean> {
    const { output } = await this.run(`import importlib.util\nprint(importlib.util.find_spec(${JSON.stringify(module)}) is not None)`);
    return output.trim() === 'True';
  }

  close(): void {
    this.child.stdin!.end();
  }
}
