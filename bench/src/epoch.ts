// One (workload, system) pair: one MNIST epoch in a process of its own, so its
// peak RSS is its own and TF.js's global backend state starts fresh. run.ts
// starts this once per repetition; by hand:
//
//   node --conditions=source --import tsx bench/src/epoch.ts --workload w2 --system tfjs-wasm
//
// --max-seconds S stops a peer (TF.js) after the step that takes its timed
// total past S seconds; downhill always trains the whole epoch.
//
// Prints one JSON line (an EpochReport) on stdout and nothing else there.
import { parseArgs } from 'node:util';
import { isDownhill, type SystemKey, systems, type WorkloadKey, workloadKeys, workloads } from './workloads.js';

export interface EpochReport {
  readonly workload: WorkloadKey;
  readonly system: SystemKey;
  /** false when the system cannot run here (downhill-wasm before linalg has its wasm kernels); nothing was measured then. */
  readonly available: boolean;
  readonly note?: string;
  /** What actually ran: downhill's kernel backend as linalg reports it, or TF.js's backend, binary and threads. */
  readonly backend: string;
  readonly versions?: Record<string, string>;
  /** Examples trained in the timed epoch: 60,000, or fewer when --max-seconds cut a peer's epoch short. */
  readonly examples: number;
  /** Wall-clock seconds of the epoch (the training steps only: no data loading, no evaluation). */
  readonly seconds: number;
  /** User + system CPU seconds of the process over the epoch: about `seconds` on one thread. */
  readonly cpuSeconds: number;
  /** Accuracy on the 10,000 test images after the epoch; null after part of an epoch. */
  readonly testAccuracy: number | null;
  /** RSS once the code is loaded, before MNIST. */
  readonly startRssMB: number;
  /** RSS with MNIST loaded and everything set up, just before the epoch. */
  readonly setupRssMB: number;
  /** Highest RSS over the process's life. */
  readonly peakRssMB: number;
}

const { values: flags } = parseArgs({
  options: {
    workload: { type: 'string' },
    system: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'max-seconds': { type: 'string' },
  },
});
const workloadKey = flags.workload as WorkloadKey;
const system = flags.system as SystemKey;
if (!workloadKeys.includes(workloadKey)) throw new RangeError(`--workload: expected one of ${workloadKeys.join(', ')}, found ${flags.workload}`);
if (!systems.includes(system)) throw new RangeError(`--system: expected one of ${systems.join(', ')}, found ${flags.system}`);
const workload = workloads[workloadKey];
const seed = Number(flags.seed);
if (!Number.isInteger(seed)) throw new RangeError(`--seed: expected an integer, found ${flags.seed}`);
const maxSeconds = flags['max-seconds'] === undefined ? undefined : Number(flags['max-seconds']);
if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new RangeError(`--max-seconds: expected a positive number, found ${flags['max-seconds']}`);

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const emit = (report: EpochReport): void => void process.stdout.write(`${JSON.stringify(report)}\n`);

// linalg reads its kernel switch when it loads, so it is set before the first import of a downhill package.
process.env.DOWNHILL_KERNELS = system.startsWith('downhill-wasm') ? 'wasm' : 'js';
process.env.DOWNHILL_THREADS = system === 'downhill-wasm-2t' ? '2' : '1';
const { downhillRun, kernelBackend } = await import('./downhill-side.js');
const kernels = await kernelBackend();
const base = { workload: workloadKey, system, examples: 0, seconds: Number.NaN, cpuSeconds: Number.NaN, testAccuracy: Number.NaN };

if (system.startsWith('downhill-wasm') && kernels !== 'wasm') {
  emit({
    ...base,
    available: false,
    note: 'wasm backend not available',
    backend: `${kernels} kernels`,
    startRssMB: mb(process.memoryUsage().rss),
    setupRssMB: 0,
    peakRssMB: 0,
  });
} else {
  const tfjs = isDownhill(system) ? undefined : await import('./tfjs-side.js');
  const { loadMnist } = await import('@downhill/datasets/node');
  const startRss = process.memoryUsage().rss;
  const { train, test } = await loadMnist();
  // Both systems start from the weights downhill draws, and see the batches in the order downhill's train shuffles them.
  const run = downhillRun(workload, train, seed);

  let backend: string, versions: Record<string, string> | undefined, setupRss: number;
  let seconds: number, cpu: number, examples: number, testAccuracy: number | null;
  if (!tfjs) {
    // downhill, the system under test, always trains the whole epoch, through train() as the CLI does.
    const threads = (await import('@downhill/linalg')).kernelThreads();
    backend = `${kernels} kernels${kernels === 'wasm' ? `, ${threads} thread${threads === 1 ? '' : 's'}` : ''}`;
    setupRss = process.memoryUsage().rss;
    const c0 = cpuSeconds(),
      t0 = performance.now();
    await run.epoch();
    seconds = (performance.now() - t0) / 1000;
    cpu = cpuSeconds() - c0;
    examples = train.count;
    testAccuracy = run.accuracy(test);
  } else {
    const info = await tfjs.useTfjsBackend(system === 'tfjs-wasm' ? 'wasm' : 'cpu');
    backend = info.backend === 'wasm' ? `wasm (${info.wasmBinary}, ${info.threads} thread${info.threads === 1 ? '' : 's'})` : 'cpu (plain JS)';
    versions = { ...info.versions };
    const network = new tfjs.TfjsNetwork(workload, run.initial);
    const tensorsBefore = tfjs.tf.memory().numTensors;
    setupRss = process.memoryUsage().rss;
    const epoch = network.trainEpoch(train, run.order, maxSeconds === undefined ? {} : { maxSeconds });
    ({ seconds, examples } = epoch);
    cpu = epoch.cpuSeconds;
    // Adam's moments are the only tensors a step may leave behind; anything more is a leak, which would also slow it.
    const left = tfjs.tf.memory().numTensors - tensorsBefore;
    const moments = workload.optimizer === 'adam' ? 2 * network.variables.length : 0;
    if (left > moments) throw new Error(`TF.js: ${left - moments} tensors leaked over the epoch`);
    // After part of an epoch the accuracy says nothing comparable.
    testAccuracy = examples === train.count ? network.accuracy(test) : null;
  }
  emit({
    ...base,
    available: true,
    backend,
    ...(versions ? { versions } : {}),
    examples,
    seconds,
    cpuSeconds: cpu,
    testAccuracy,
    startRssMB: mb(startRss),
    setupRssMB: mb(setupRss),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  });
}
