// How fast a run in the worker goes, as the page's Pause, Step and speed
// control ask: `gate` is train's beforeBatch, awaited before each mini-batch.
// At full speed and not paused it returns nothing, so the loop runs as fast
// as ever; paused, it waits for Resume or Step; slowed, it spaces the batches.

export class Pace {
  private paused: boolean;
  /** Mini-batches Step has let through while paused. */
  private steps: number;
  private batchesPerSecond: number;
  private lastBatch = Number.NEGATIVE_INFINITY;
  private wake: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private lastWasStep = false;

  constructor(
    options: { paused?: boolean; steps?: number; speed?: number } = {},
    /** Called when a paused run starts waiting (once per pause). */
    private readonly onPause: () => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.paused = options.paused ?? false;
    this.steps = options.steps ?? 0;
    this.batchesPerSecond = options.speed ?? 0;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Slow enough that each mini-batch is worth showing: 100 a second or fewer. */
  get isSlow(): boolean {
    return this.batchesPerSecond > 0 && this.batchesPerSecond <= 100;
  }

  /** train's beforeBatch. */
  readonly gate = (): Promise<void> | undefined => {
    if (!this.paused && this.batchesPerSecond === 0) return undefined;
    return this.wait();
  };

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.steps = 0;
    this.poke();
  }

  /** One more mini-batch (pausing first if running). */
  step(): void {
    this.paused = true;
    this.steps++;
    this.poke();
  }

  setSpeed(batchesPerSecond: number): void {
    this.batchesPerSecond = batchesPerSecond;
    this.poke();
  }

  /** Let the loop go, for good (the run is ending). */
  stop(): void {
    this.stopped = true;
    this.poke();
  }

  private poke(): void {
    clearTimeout(this.timer);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Whether the mini-batch just taken was a Step's (asked once per batch). */
  takeStep(): boolean {
    const stepped = this.lastWasStep;
    this.lastWasStep = false;
    return stepped;
  }

  private async wait(): Promise<void> {
    let told = false;
    for (;;) {
      if (this.stopped) return;
      if (this.paused) {
        if (this.steps > 0) {
          this.steps--;
          this.lastWasStep = true;
          this.lastBatch = this.now();
          return;
        }
        if (!told) {
          this.onPause();
          told = true;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const due = this.batchesPerSecond > 0 ? this.lastBatch + 1000 / this.batchesPerSecond - this.now() : 0;
      if (due <= 0) {
        this.lastBatch = this.now();
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(() => this.poke(), due);
      });
    }
  }
}
