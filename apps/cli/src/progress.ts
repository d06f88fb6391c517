import type { TrainEvent } from '@downhill/train';
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

/**
 * Shows training as it happens: on a terminal, a progress bar for the running
 * epoch (cost so far, examples per second, time left); everywhere, one line per
 * finished epoch, so CI logs stay readable.
 */
export function trainingProgress(output: Output): (event: TrainEvent) => void {
  let bar: cliProgress.SingleBar | undefined;
  return (event) => {
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
              format: ' epoch {epoch} |{bar}| {percentage}% | cost {cost} | {rate} ex/s | ETA {eta_formatted}',
              barCompleteChar: '█',
              barIncompleteChar: '░',
              hideCursor: true,
              clearOnComplete: true,
              etaBuffer: 200,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.batches, 0, { epoch: event.epoch, cost: '…', rate: '…' });
        }
        bar.update(event.batch, { epoch: event.epoch, cost: event.cost.toFixed(4), rate: formatRate(event.examplesPerSecond) });
        break;
      case 'epoch':
        bar?.stop();
        bar = undefined;
        output.line(
          `epoch ${String(event.epoch).padStart(String(event.epochs).length)}/${event.epochs}` +
            `  cost ${event.cost.toFixed(4)}` +
            `  train ${percent(event.trainAccuracy)}  test ${percent(event.testAccuracy)}` +
            `  ${event.seconds.toFixed(2)} s  ${formatRate(event.examplesPerSecond)} ex/s`,
        );
        break;
    }
  };
}
