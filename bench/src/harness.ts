// A small timing harness: warm-up, repetitions, median. Each sample records
// wall-clock and process CPU time; the machine is shared and noisy, so the CPU
// time (which time-slicing by other processes does not inflate) is kept too,
// and only ratios between things measured in the same run mean much.

export interface Sample {
  /** Wall-clock milliseconds. */
  readonly wall: number;
  /** User + system CPU milliseconds of this process (all its threads). */
  readonly cpu: number;
}

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Time one call (sync or async). */
export async function timeOnce(fn: () => unknown): Promise<Sample> {
  const c0 = cpuNow(),
    t0 = performance.now();
  await fn();
  return { wall: performance.now() - t0, cpu: cpuNow() - c0 };
}

/**
 * Time a fast synchronous function: calls it in a loop for at least `minMs`
 * and returns the time per call.
 */
export function timeLoop(fn: () => unknown, minMs: number): Sample {
  let calls = 0;
  const c0 = cpuNow(),
    t0 = performance.now();
  let t = t0;
  do {
    fn();
    calls++;
    t = performance.now();
  } while (t - t0 < minMs);
  return { wall: (t - t0) / calls, cpu: (cpuNow() - c0) / calls };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall and CPU time of samples. */
export function medianSample(samples: readonly Sample[]): Sample {
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

/**
 * Run several timed jobs round-robin (A B C A B C ...), after `warmup` untimed
 * rounds, so a burst of load from elsewhere hits all of them alike.
 */
export async function interleave(jobs: readonly (() => unknown)[], options: { warmup: number; reps: number }): Promise<Sample[][]> {
  for (let w = 0; w < options.warmup; w++) for (const job of jobs) await job();
  const samples: Sample[][] = jobs.map(() => []);
  for (let r = 0; r < options.reps; r++) {
    for (let j = 0; j < jobs.length; j++) samples[j]!.push(await timeOnce(jobs[j]!));
  }
  return samples;
}
