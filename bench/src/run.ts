// `pnpm bench`: how fast downhill trains on MNIST, next to a naive
// network.py-style peer run in the same process, and how fast its gemm
// kernels are in the shapes those networks use. Prints tables and writes
// bench/results.json. The machine may be shared and noisy: compare the ratios
// within one run, not absolute figures across runs.
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMnist } from '@downhill/datasets/node';
import { interleave, medianSample } from './harness.js';
import { benchKernels, formatTable, kernelTable } from './kernels.js';
import type { MemoryReport } from './memory.js';
import { downhillTrainer, lessonNetwork, naiveExamples, type NetworkConfig, peerTrainer, reluNetwork } from './networks.js';

const { values: flags } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    out: { type: 'string', default: fileURLToPath(new URL('../results.json', import.meta.url)) },
  },
});
const reps = Number(flags.reps);
if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`--reps: expected a positive integer, found ${flags.reps}`);

const started = performance.now();
const print = (line = ''): void => void process.stdout.write(`${line}\n`);
const fixed = (x: number, digits: number): string => x.toFixed(digits);
const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Columns padded to their widest cell; numbers (and cells starting with a digit or ×) right-aligned. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (/^[\d×.-]/.test(cell) && c > 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

print(`downhill bench — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const loadStart = performance.now();
const { train, test } = await loadMnist();
print(`MNIST loaded in ${fixed((performance.now() - loadStart) / 1000, 2)} s: ${thousands(train.count)} training, ${thousands(test.count)} test images`);

/** Peer examples per timed chunk: enough for a steady rate, few enough to keep the bench short. */
const peerChunk: Record<NetworkConfig['key'], number> = { lesson: 6000, relu: 1280 };

interface EpochResult {
  readonly network: string;
  readonly secondsPerEpoch: number;
  readonly cpuSecondsPerEpoch: number;
  readonly examplesPerSecond: number;
  readonly testAccuracy: number;
  readonly epochsTrained: number;
  readonly peer: { readonly examplesPerSecond: number; readonly secondsPerEpoch: number; readonly examplesPerChunk: number; readonly testAccuracy: number };
  /** downhill's examples/s over the peer's, wall clock, measured round-robin. */
  readonly speedup: number;
}

const peerTest = naiveExamples(test, 2000);
const epochs: EpochResult[] = [];
for (const config of [lessonNetwork, reluNetwork]) {
  const ours = downhillTrainer(config, train);
  const peer = peerTrainer(config, ours.initial, naiveExamples(train, peerChunk[config.key]));
  // One untimed round warms up both, then ours and the peer take turns.
  const [oursSamples, peerSamples] = await interleave([() => ours.epoch(), () => peer.chunk()], { warmup: 1, reps });
  const o = medianSample(oursSamples!), p = medianSample(peerSamples!);
  const oursRate = train.count / (o.wall / 1000), peerRate = peer.examplesPerChunk / (p.wall / 1000);
  epochs.push({
    network: config.title,
    secondsPerEpoch: o.wall / 1000,
    cpuSecondsPerEpoch: o.cpu / 1000,
    examplesPerSecond: oursRate,
    testAccuracy: ours.accuracy(test),
    epochsTrained: reps + 1,
    peer: {
      examplesPerSecond: peerRate,
      secondsPerEpoch: train.count / peerRate,
      examplesPerChunk: peer.examplesPerChunk,
      testAccuracy: peer.accuracy(peerTest),
    },
    speedup: oursRate / peerRate,
  });
}

print();
print('One MNIST epoch (60,000 images), median of round-robin runs (wall clock):');
print(
  table([
    ['network', 'downhill s/epoch', 'ex/s', 'cpu s', 'test acc', 'peer s/epoch', 'peer ex/s', '× peer'],
    ...epochs.map((e) => [
      e.network,
      fixed(e.secondsPerEpoch, 3),
      thousands(e.examplesPerSecond),
      fixed(e.cpuSecondsPerEpoch, 3),
      `${fixed(100 * e.testAccuracy, 1)}%`,
      fixed(e.peer.secondsPerEpoch, 2),
      thousands(e.peer.examplesPerSecond),
      `×${fixed(e.speedup, 1)}`,
    ]),
  ]),
);
print(
  `(test acc after ${reps + 1} epochs for downhill. The peer is a network.py-style port — plain arrays, one example at a time,\n` +
    ` no zero-skipping — timed on ${peerChunk.lesson.toLocaleString('en-US')} / ${peerChunk.relu.toLocaleString('en-US')} images per run and scaled to an epoch; its accuracy here is on 2,000 test images.)`,
);

const kernels = await benchKernels(train, { minMs: 40, reps: 5 });
print();
print('gemm kernels in the shapes one mini-batch uses, on js, wasm and wasm with 2 threads (median wall time per call; GFLOP/s counts 2·m·n·k, zeros included):');
print(formatTable(kernelTable(kernels)));

// A separate process, so the figures are those of loading MNIST and one epoch alone.
const memoryScript = fileURLToPath(new URL('./memory.ts', import.meta.url));
const memory = JSON.parse(execFileSync(process.execPath, [...process.execArgv, memoryScript], { encoding: 'utf8' })) as MemoryReport;
print();
print(
  `Memory, loading MNIST and one epoch of the lesson's network (own process): peak RSS ${memory.peakRssMB} MB ` +
    `(${memory.startRssMB} MB before loading), heap used ${memory.heapUsedMB} MB, typed arrays ${memory.arrayBuffersMB} MB`,
);

const seconds = (performance.now() - started) / 1000;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  loadAverage: loadavg(),
  repetitions: reps,
  epochs,
  kernels,
  memory,
  benchSeconds: seconds,
};
const tmp = `${flags.out}.tmp-${process.pid}`;
writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
renameSync(tmp, flags.out);
print();
print(`wrote ${flags.out} (bench took ${fixed(seconds, 0)} s)`);
