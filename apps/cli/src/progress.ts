import type { TrainEvent } from '@downhill/train';
import { asciiChart, sparkline } from '@downhill/viz';
import cliProgress from 'cli-progress';

export interface Output {
  /** A line for the reader (stdout). */
  line(text: string): void;
  readonly isTTY: boolean;
}

export const stdoutOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  get isTTY() {
    return Boolean(process.stdout.isTTY) && !process.env.CI;
  },
};

const percent = (x: number | undefined): string => (x === undefined ? '   –  ' : `${(100 * x).toFixed(2).padStart(6)}%`);
export const formatRate = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)}k` : perSecond.toFixed(0);

export interface TrainingProgress {
  /** Show one event of the run. */
  show(event: TrainEvent): void;
  /** Take the progress bar off the screen (and give the cursor back): the run stopped part-way through an epoch. */
  stop(): void;
}

/**
 * Shows training as it happens: on a terminal, a progress bar for the running
 * epoch (cost so far, examples per second, time left); everywhere, one line per
 * finished epoch, so CI logs stay readable.
 */
export function trainingProgress(output: Output): TrainingProgress {
  let bar: cliProgress.SingleBar | undefined;
  const costs: number[] = [];
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const show = (event: TrainEvent): void => {
    switch (event.type) {
      case 'start':
        output.line(
          `training on ${event.examples.toLocaleString('en-US')} examples: ${event.epochs} epochs of ` +
            `${event.batchesPerEpoch.toLocaleString('en-US')} mini-batches of ${event.batchSize}`,
        );
        break;
      case 'batch':
        if (!output.isTTY) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              format: ' epoch {epoch} |{bar}| {percentage}% | cost {cost} {trend} | {rate} ex/s | ETA {eta_formatted}',
              barCompleteChar: '█',
              barIncompleteChar: '░',
              hideCursor: true,
              clearOnComplete: true,
              etaBuffer: 200,
            },
            cliProgress.Presets.shades_classic,
          );
          // The cost of each finished epoch as a sparkline: the descent at a glance.
          bar.start(event.batches, 0, { epoch: event.epoch, cost: '…', rate: '…', trend: sparkline(costs) });
        }
        bar.update(event.batch, { epoch: event.epoch, cost: event.cost.toFixed(4), rate: formatRate(event.examplesPerSecond) });
        break;
      case 'epoch':
        stop();
        costs.push(event.cost);
        output.line(
          `epoch ${String(event.epoch).padStart(String(event.epochs).length)}/${event.epochs}` +
            `  cost ${event.cost.toFixed(4)}` +
            `  train ${percent(event.trainAccuracy)}  test ${percent(event.testAccuracy)}` +
            (event.averageTestAccuracy !== undefined ? `  averaged ${percent(event.averageTestAccuracy)}` : '') +
            `  ${event.seconds.toFixed(2)} s  ${formatRate(event.examplesPerSecond)} ex/s`,
        );
        // At the end, the whole descent as a chart (plain text lines, fine in CI logs too).
        if (event.epoch === event.epochs && costs.length >= 3) {
          output.line('');
          output.line(asciiChart(costs, { height: 8, width: Math.min(60, Math.max(costs.length, 20)), label: 'training cost per epoch' }));
          output.line('');
        }
        break;
    }
  };
  return { show, stop };
}

/**
 * Progress through `total` units of work (costs evaluated, parameters nudged):
 * a bar with time left on a terminal, else a line at each quarter, so CI logs
 * stay short. Call the result with the units done; it closes the bar at `total`.
 */
export function workProgress(output: Output, label: string, total: number, unit: string): (done: number) => void {
  if (output.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `  ${label} |{bar}| {value}/{total} ${unit} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return (done) => {
      bar.update(done);
      if (done >= total) bar.stop();
    };
  }
  let shown = 0;
  return (done) => {
    if (done === total || done - shown >= total / 4) {
      shown = done;
      output.line(`  ${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}`);
    }
  };
}
