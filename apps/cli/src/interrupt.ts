import { removeTemporaries } from './io.js';

/** Exit codes of a run stopped by a signal, as shells report them: 128 + the signal's number. */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof signalExitCodes;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a long run. The first asks the run to
 * stop at the end of its mini-batch (`signal` aborts), so it can save what it
 * has; a second quits at once, unless a save is under way (`whileSaving`),
 * which always finishes first: a signal never leaves a torn file or a
 * temporary one behind.
 */
export class Interrupts {
  /** How many runs are listening (the process-wide handler leaves signals to them). */
  static #live = 0;

  /**
   * Before and after a run: a signal ends the command at once, with no
   * temporary file left and the shell's exit code (130 for Ctrl-C).
   */
  static installDefault(): void {
    for (const name of Object.keys(signalExitCodes) as StopSignal[]) {
      process.on(name, () => {
        if (Interrupts.#live > 0) return;
        removeTemporaries();
        process.stderr.write(`\ndownhill: ${name === 'SIGINT' ? 'interrupted' : `stopped by ${name}`}\n`);
        process.exit(signalExitCodes[name]);
      });
    }
  }

  readonly #controller = new AbortController();
  #received: StopSignal | undefined;
  #saving = 0;
  #quitWhenSaved = false;
  readonly #handlers = new Map<StopSignal, () => void>();

  constructor(private readonly say: (line: string) => void) {
    Interrupts.#live++;
    for (const name of Object.keys(signalExitCodes) as StopSignal[]) {
      const handler = () => this.#on(name);
      this.#handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  /** Aborts at the first signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The first signal received, if any. */
  get received(): StopSignal | undefined {
    return this.#received;
  }

  /** Run `save` with signals held off until it is done. */
  async whileSaving<T>(save: () => Promise<T>): Promise<T> {
    this.#saving++;
    try {
      return await save();
    } finally {
      this.#saving--;
      if (this.#saving === 0 && this.#quitWhenSaved) this.#quit();
    }
  }

  /** Stop listening (the run is over). */
  dispose(): void {
    if (this.#handlers.size > 0) Interrupts.#live--;
    for (const [name, handler] of this.#handlers) process.off(name, handler);
    this.#handlers.clear();
  }

  #on(name: StopSignal): void {
    if (this.#received === undefined) {
      this.#received = name;
      this.say(`\n${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping at the end of this mini-batch to save the run (again to quit without saving)`);
      this.#controller.abort(name);
      return;
    }
    if (this.#saving > 0) {
      this.#quitWhenSaved = true;
      this.say('finishing the save first, then quitting');
      return;
    }
    this.#quit();
  }

  #quit(): never {
    removeTemporaries();
    process.exit(signalExitCodes[this.#received ?? 'SIGINT']);
  }
}
