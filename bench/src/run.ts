// `pnpm bench`: one MNIST epoch of each workload (W1, W2, W3; see
// workloads.ts) trained by downhill and by TensorFlow.js, each epoch in a
// child process of its own (epoch.ts), the systems taking turns; then the
// gemm kernels in the shapes those networks use. Prints tables and writes
// bench/results.json; with --json prints one JSON object per (workload,
// system) and nothing else on stdout. The machine may be shared and noisy:
// compare the ratios within one run, not absolute figures across runs.
import { execFile } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMnist } from '@downhill/datasets/node';
import { kernelBackend, kernelThreads } from '@downhill/linalg';
import { createRun, imageExamples, runPresets } from '@downhill/train';
import { timeToAccuracy } from './time-to-accuracy.js';
import type { EpochReport } from './epoch.js';
import { median } from './harness.js';
import { benchKernels, formatTable, kernelTable } from './kernels.js';
import { isDownhill, parameterCount, type SystemKey, systems, type WorkloadKey, workloadKeys, workloads } from './workloads.js';

const { values: flags } = parseArgs({
  options: {
    reps: { type: 'string' },
    budget: { type: 'string', default: '60' },
    'max-seconds': { type: 'string' },
    workloads: { type: 'string', default: workloadKeys.join(',') },
    systems: { type: 'string', default: systems.join(',') },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('../results.json', import.meta.url)) },
  },
});

function positive(name: string, value: string, integer: boolean): number {
  const x = Number(value);
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new RangeError(`--${name}: expected a positive ${integer ? 'integer' : 'number'}, found ${value}`);
  return x;
}
function list<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()) as T[];
  for (const item of items) if (!allowed.includes(item)) throw new RangeError(`--${name}: expected some of ${allowed.join(', ')}, found ${item}`);
  return items;
}
/** Timed epochs per (workload, system), at most. */
const reps = positive('reps', flags.reps ?? (flags.quick ? '1' : '3'), true);
/** A pair runs again only while its epochs so far plus one more stay within this many seconds. */
const budget = positive('budget', flags.budget, false);
/** A peer's epoch stops after the step that takes it past this many seconds, and is scaled to 60,000 images. */
const maxSeconds = positive('max-seconds', flags['max-seconds'] ?? (flags.quick ? '15' : '90'), false);
const chosenWorkloads = list('workloads', flags.workloads, workloadKeys);
const chosenSystems = list('systems', flags.systems, systems);
const seed = Number(flags.seed);
if (!Number.isInteger(seed)) throw new RangeError(`--seed: expected an integer, found ${flags.seed}`);

const started = performance.now();
const print = flags.json ? (_line = ''): void => {} : (line = ''): void => void process.stdout.write(`${line}\n`);
const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const fixed = (x: number, digits: number): string => x.toFixed(digits);
const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** Columns padded to their widest cell; cells that start with a digit, × or — are right-aligned (but the first column). */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (/^[\d×.—-]/.test(cell) && c > 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const loadAtStart = load();
print(`downhill bench — ${cpu}, ${availableParallelism()} cores, node ${process.version}, load ${loadAtStart} (1, 5, 15 min) at start`);
print(
  `One MNIST epoch (60,000 images, one thread) per workload and system, each epoch in a fresh process, systems taking turns; ` +
    `up to ${reps} epoch${reps === 1 ? '' : 's'} per pair within ${budget} s, seed ${seed}.`,
);

// --- the epochs ---------------------------------------------------------------------------------

const epochScript = fileURLToPath(new URL('./epoch.ts', import.meta.url));

function runEpoch(workload: WorkloadKey, system: SystemKey): Promise<EpochReport> {
  const args = [...process.execArgv, epochScript, '--workload', workload, '--system', system, '--seed', String(seed)];
  if (!isDownhill(system)) args.push('--max-seconds', String(maxSeconds));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) {
        const tail = stderr
          .trim()
          .split('\n')
          .filter((l) => l.length < 400)
          .slice(-8)
          .join('\n');
        reject(new Error(`${workload} ${system}: the epoch process failed (${error.message.split('\n')[0]})\n${tail}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as EpochReport);
    });
  });
}

const pairs = chosenWorkloads.flatMap((w) => chosenSystems.map((s) => ({ workload: w, system: s, runs: [] as EpochReport[] })));
const perEpoch = (r: EpochReport): number => (r.seconds * 60_000) / r.examples;
for (let rep = 1; rep <= reps; rep++) {
  // Round-robin: W1's systems A B C D, W2's, W3's, then again, so a burst of load from elsewhere hits all alike.
  for (const pair of pairs) {
    const { runs } = pair;
    if (runs.length > 0 && !runs[0]!.available) continue;
    const timed = runs.map((r) => r.seconds);
    if (runs.length > 0 && timed.reduce((a, b) => a + b, 0) + median(timed) > budget) continue;
    const report = await runEpoch(pair.workload, pair.system);
    runs.push(report);
    progress(
      report.available
        ? `${pair.workload} ${pair.system.padEnd(13)} epoch ${runs.length}: ${fixed(report.seconds, 2)} s` +
            (report.examples < 60_000 ? ` for ${thousands(report.examples)} images (${fixed(perEpoch(report), 1)} s per epoch)` : '') +
            `, test ${report.testAccuracy === null ? '—' : `${fixed(100 * report.testAccuracy, 2)}%`}, peak RSS ${report.peakRssMB} MB`
        : `${pair.workload} ${pair.system.padEnd(13)} ${report.note} (${report.backend})`,
    );
  }
}

// --- summary per (workload, system) ----------------------------------------------------------------

interface PairResult {
  readonly workload: WorkloadKey;
  readonly system: SystemKey;
  readonly available: boolean;
  readonly note?: string;
  readonly backend: string;
  /** Median over the runs, seconds per 60,000-image epoch (scaled when a run timed part of it). */
  readonly secondsPerEpoch: number | null;
  readonly minSecondsPerEpoch: number | null;
  readonly maxSecondsPerEpoch: number | null;
  readonly examplesPerSecond: number | null;
  /** After one full epoch (the same every run: same weights, same batches); null when only part of an epoch was trained. */
  readonly testAccuracy: number | null;
  /** Highest peak RSS over the runs (each its own process). */
  readonly peakRssMB: number | null;
  /** RSS with the code loaded (Node, tsx, the system's modules), before any data. */
  readonly codeRssMB: number | null;
  /** Process CPU time over wall time in the timed steps: about 1 on one thread. */
  readonly cpuPerWall: number | null;
  readonly runs: number;
  /** Images each run timed: 60,000, or fewer when --max-seconds cut a peer's epoch short (then scaled). */
  readonly examplesTimed: number | null;
  readonly versions?: Record<string, string>;
  /** For downhill systems: a peer's seconds per epoch over downhill's (how many times faster downhill is). */
  readonly speedupOver?: Partial<Record<SystemKey, number>>;
}

const summaries: PairResult[] = pairs.map(({ workload, system, runs }) => {
  const first = runs[0]!;
  if (!first.available) {
    return {
      workload,
      system,
      available: false,
      note: first.note ?? 'not available',
      backend: first.backend,
      secondsPerEpoch: null,
      minSecondsPerEpoch: null,
      maxSecondsPerEpoch: null,
      examplesPerSecond: null,
      testAccuracy: null,
      peakRssMB: null,
      codeRssMB: null,
      cpuPerWall: null,
      runs: 0,
      examplesTimed: null,
    };
  }
  const seconds = runs.map(perEpoch);
  const accuracies = runs.map((r) => r.testAccuracy).filter((a): a is number => a !== null);
  const secondsPerEpoch = median(seconds);
  return {
    workload,
    system,
    available: true,
    backend: first.backend,
    secondsPerEpoch,
    minSecondsPerEpoch: Math.min(...seconds),
    maxSecondsPerEpoch: Math.max(...seconds),
    examplesPerSecond: 60_000 / secondsPerEpoch,
    testAccuracy: accuracies.length > 0 ? median(accuracies) : null,
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
    codeRssMB: median(runs.map((r) => r.startRssMB)),
    cpuPerWall: median(runs.map((r) => r.cpuSeconds / r.seconds)),
    runs: runs.length,
    examplesTimed: Math.min(...runs.map((r) => r.examples)),
    ...(first.versions ? { versions: first.versions } : {}),
  };
});

const ratioPairs: [SystemKey, SystemKey][] = [
  ['downhill-wasm', 'tfjs-wasm'],
  ['downhill-wasm', 'tfjs-cpu'],
  ['downhill-wasm-2t', 'tfjs-wasm'],
  ['downhill-js', 'tfjs-wasm'],
  ['downhill-js', 'tfjs-cpu'],
];
const find = (w: WorkloadKey, s: SystemKey): PairResult | undefined => summaries.find((p) => p.workload === w && p.system === s);
for (const [i, p] of summaries.entries()) {
  if (!isDownhill(p.system) || p.secondsPerEpoch === null) continue;
  const speedupOver: Partial<Record<SystemKey, number>> = {};
  for (const peer of ['tfjs-wasm', 'tfjs-cpu'] as const) {
    const q = find(p.workload, peer);
    if (q?.secondsPerEpoch) speedupOver[peer] = q.secondsPerEpoch / p.secondsPerEpoch;
  }
  summaries[i] = { ...p, speedupOver };
}

if (flags.json) {
  for (const p of summaries) process.stdout.write(`${JSON.stringify(p)}\n`);
}

print();
const percent = (a: number | null): string => (a === null ? '—' : `${fixed(100 * a, 2)}%`);
for (const w of chosenWorkloads) {
  const workload = workloads[w];
  print(`${w.toUpperCase()}  ${workload.title} (${thousands(parameterCount(workload))} parameters)`);
  const rows: string[][] = [['system', 'runs', 's/epoch median', 'min', 'max', 'examples/s', 'test acc', 'peak RSS MB', 'code MB', 'cpu/wall', 'what ran']];
  const notes: string[] = [];
  for (const s of chosenSystems) {
    const p = find(w, s)!;
    if (!p.available || p.secondsPerEpoch === null) {
      rows.push([s, '—', '—', '', '', '', '', '', '', '', `${p.note} (${p.backend})`]);
      continue;
    }
    const partial = p.examplesTimed !== null && p.examplesTimed < 60_000;
    if (partial)
      notes.push(
        `${s} timed on the first ${thousands(p.examplesTimed!)} images of the epoch (--max-seconds ${maxSeconds}) and scaled to 60,000; no test accuracy after part of an epoch`,
      );
    rows.push([
      s,
      String(p.runs),
      `${fixed(p.secondsPerEpoch, 2)}${partial ? '*' : ''}`,
      fixed(p.minSecondsPerEpoch!, 2),
      fixed(p.maxSecondsPerEpoch!, 2),
      thousands(p.examplesPerSecond!),
      percent(p.testAccuracy),
      String(p.peakRssMB),
      String(p.codeRssMB),
      fixed(p.cpuPerWall!, 2),
      p.backend,
    ]);
  }
  print(table(rows));
  for (const note of notes) print(`  * ${note}`);
  for (const [ours, peer] of ratioPairs) {
    if (!chosenSystems.includes(ours) || !chosenSystems.includes(peer)) continue;
    const o = find(w, ours)!,
      q = find(w, peer)!;
    const label = `  ${ours} vs ${peer}:`.padEnd(30);
    if (o.secondsPerEpoch === null) print(`${label} n/a (${ours}: ${o.note})`);
    else if (q.secondsPerEpoch === null) print(`${label} n/a (${peer}: ${q.note})`);
    else {
      const x = q.secondsPerEpoch / o.secondsPerEpoch;
      const scaled = q.examplesTimed !== null && q.examplesTimed < 60_000 ? `, ${peer}'s part-epoch time scaled*` : '';
      print(`${label} ×${fixed(x, x < 10 ? 2 : 1)} (${peer} s/epoch ÷ ${ours} s/epoch; ${x >= 1 ? `${ours} faster` : `${peer} faster`}${scaled})`);
    }
  }
  print();
}
const tfjs = summaries.find((p) => p.versions);
if (tfjs?.versions) {
  print(
    `TensorFlow.js: @tensorflow/tfjs-core ${tfjs.versions.core}, tfjs-backend-cpu ${tfjs.versions.cpu}, tfjs-backend-wasm ${tfjs.versions.wasm}; production mode; step = optimizer.minimize in tf.tidy.`,
  );
}
print(
  'Both systems start from the same weights (downhill draws them, TF.js gets them transposed) and train on the same batches in the same order, ' +
    'with the same cost, optimizer and hyperparameters; every epoch is timed from its first step to its last, data loading and evaluation outside. ' +
    '"code MB" is the RSS with the system\'s code loaded through tsx, before any data; peak RSS is the child process\'s maximum.',
);

// --- kernels and the rest -----------------------------------------------------------------------------

const { train, test } = await loadMnist();
const kernels = await benchKernels(train, { minMs: 40, reps: 5 });
print();
print(
  'gemm kernels in the shapes one mini-batch uses, on js, wasm and wasm with 2 threads (median wall time per call; GFLOP/s counts 2·m·n·k, zeros included):',
);
print(formatTable(kernelTable(kernels)));

// The lesson's "with the usual tweaks, about 98 %": `downhill train --preset tweaks`, timed to 98 % on the test set.
print();
const tweaks = createRun(runPresets.get('tweaks')!, { examples: train.count });
const toTarget = await timeToAccuracy(
  { ...tweaks.trainOptions, batchSize: tweaks.settings.batch },
  { train: imageExamples(train), test: imageExamples(test) },
  0.98,
  tweaks.settings.epochs,
);
print(
  `--preset tweaks (${tweaks.settings.layers.join('-')} ${tweaks.settings.activation}, ${tweaks.settings.cost}, ${tweaks.settings.optimizer} η ${tweaks.settings.learningRate} cosine, batch ${tweaks.settings.batch}; ${kernelBackend()} kernels, ${kernelThreads()} thread${kernelThreads() === 1 ? '' : 's'}): ` +
    (toTarget.reached
      ? `98 % test accuracy (${fixed(100 * toTarget.accuracy, 2)} %) after epoch ${toTarget.epochs}, ${fixed(toTarget.seconds, 1)} s from the first step (${fixed(toTarget.trainingSeconds, 1)} s of it training)`
      : `did not reach 98 % in ${toTarget.epochs} epochs (${fixed(100 * toTarget.accuracy, 2)} %, ${fixed(toTarget.seconds, 1)} s)`),
);

const seconds = (performance.now() - started) / 1000;
const loadAtEnd = load();
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu,
  cores: availableParallelism(),
  loadAverage: { start: loadAtStart, end: loadAtEnd },
  settings: { reps, budget, maxSeconds, seed, workloads: chosenWorkloads, systems: chosenSystems },
  workloads: Object.fromEntries(chosenWorkloads.map((w) => [w, workloads[w]])),
  epochs: summaries,
  runs: pairs.flatMap((p) => p.runs),
  kernels,
  tweaks: toTarget,
  benchSeconds: seconds,
};
const tmp = `${flags.out}.tmp-${process.pid}`;
writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
renameSync(tmp, flags.out);
print();
print(`load ${loadAtEnd} at the end; wrote ${flags.out} (bench took ${fixed(seconds, 0)} s)`);
if (flags.json) progress(`wrote ${flags.out} (bench took ${fixed(seconds, 0)} s)`);
