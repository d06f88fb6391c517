// Run as its own process by run.ts, so its figures are not mixed with the
// rest of the bench: memory of loading MNIST and training one epoch of the
// lesson's network. Prints one JSON line.
import { loadMnist } from '@downhill/datasets/node';
import { downhillTrainer, lessonNetwork } from './networks.js';

export interface MemoryReport {
  /** Before loading anything but the code (Node, tsx and the packages). */
  readonly startRssMB: number;
  readonly afterLoadRssMB: number;
  readonly afterEpochRssMB: number;
  /** Highest resident set size of the process over its whole life. */
  readonly peakRssMB: number;
  readonly heapUsedMB: number;
  /** Typed-array storage outside the JS heap (MNIST's pixels live here). */
  readonly arrayBuffersMB: number;
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

const startRss = process.memoryUsage().rss;
const { train } = await loadMnist();
const afterLoad = process.memoryUsage().rss;
await downhillTrainer(lessonNetwork, train).epoch();
const end = process.memoryUsage();
const report: MemoryReport = {
  startRssMB: mb(startRss),
  afterLoadRssMB: mb(afterLoad),
  afterEpochRssMB: mb(end.rss),
  peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  heapUsedMB: mb(end.heapUsed),
  arrayBuffersMB: mb(end.arrayBuffers),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
