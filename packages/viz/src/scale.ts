import { formatNumber, formatPowerOfTen, formatTicks } from './format.js';

/** A map from data values to pixels, with the ticks and labels of its axis. */
export type Scale = {
  /** Data value → pixel. */
  (value: number): number;
  /** The data values mapped: [min, max]. */
  domain: [number, number];
  /** The pixels they map to. */
  range: [number, number];
  /** Data values to put ticks at. */
  ticks: number[];
  /** Each tick's label. */
  tickLabels: string[];
  /** Minor ticks (log scales: 2…9 × each decade), drawn as faint grid lines. */
  minorTicks: number[];
  /** Whether the scale is logarithmic. */
  log: boolean;
};

/** A tick step of 1, 2 or 5 × 10^k giving about `count` ticks over [min, max]. */
export function tickStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f >= 7.5 ? 10 : f >= 3.5 ? 5 : f >= 1.5 ? 2 : 1) * power;
}

/** Round numbers in [min, max], about `count` of them, `step` apart. */
export function niceTicks(min: number, max: number, count = 6): { ticks: number[]; step: number } {
  if (!(max > min)) return { ticks: [min], step: 1 };
  const step = tickStep(min, max, count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Multiply (not accumulate), and divide for fractional steps (k / 5, not
  // k * 0.2), so ticks are the exact decimals 0.6, 0.7 rather than 0.6000000000000001.
  const inverse = step < 1 ? Math.round(1 / step) : 0;
  // (+ 0 turns a -0 from Math.ceil of a tiny negative into 0.)
  for (let k = first; k <= last; k++) ticks.push((inverse > 0 ? k / inverse : k * step) + 0);
  return { ticks, step };
}

/**
 * Widen [min, max] outward to whole tick steps so the axis starts and ends on a
 * labelled tick; degenerate ranges (one value, or no values) get a sensible span.
 */
export function niceDomain(min: number, max: number, count = 6): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceDomain(min - pad, max + pad, count);
  }
  const step = tickStep(min, max, count);
  return [Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step];
}

/** A linear scale from `domain` to pixel `range`, with nice ticks. */
export function linearScale(domain: [number, number], range: [number, number], tickCount = 6): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as Scale;
  const { ticks, step } = niceTicks(Math.min(d0, d1), Math.max(d0, d1), tickCount);
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  scale.ticks = ticks;
  scale.tickLabels = formatTicks(ticks, step);
  scale.minorTicks = [];
  scale.log = false;
  return scale;
}

/**
 * A base-10 log scale. `domain` must be positive. Ticks fall on decades
 * (0.01, 0.1, 1, …), thinned when there are many; within a single decade
 * it adds 2 and 5 multiples so the axis is never bare.
 */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const k = l1 === l0 ? 0 : (r1 - r0) / (l1 - l0);
  const scale = ((value: number) => (value > 0 ? r0 + (Math.log10(value) - l0) * k : Number.NaN)) as Scale;
  const lo = Math.min(l0, l1);
  const hi = Math.max(l0, l1);
  const firstDecade = Math.ceil(lo - 1e-9);
  const lastDecade = Math.floor(hi + 1e-9);
  const decades = lastDecade - firstDecade + 1;
  const every = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  const tickLabels: string[] = [];
  // One style per axis: all plain (0.001 … 10000) or all powers (10⁻⁶ … 10²).
  const plain = firstDecade >= -3 && lastDecade <= 4;
  for (let e = firstDecade; e <= lastDecade; e++) {
    if ((e - firstDecade) % every !== 0) continue;
    ticks.push(10 ** e);
    tickLabels.push(formatPowerOfTen(e, plain));
  }
  const minorTicks: number[] = [];
  // Minor ticks only when every decade is labelled; otherwise they would crowd the grid.
  if (every === 1) {
    for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi); e++) {
      for (let m = 2; m <= 9; m++) {
        const v = m * 10 ** e;
        if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) minorTicks.push(v);
      }
    }
  }
  if (decades <= 2) {
    // A decade or less in view: label the 2s and 5s too (every minor tick when no decade shows).
    const extra = minorTicks.filter((v) => {
      const m = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
      return decades > 0 ? m === 2 || m === 5 : true;
    });
    for (const v of extra) {
      ticks.push(v);
      tickLabels.push(formatNumber(v));
    }
    const order = ticks.map((_, i) => i).sort((a, b) => ticks[a] - ticks[b]);
    scale.ticks = order.map((i) => ticks[i]);
    scale.tickLabels = order.map((i) => tickLabels[i]);
  } else {
    scale.ticks = ticks;
    scale.tickLabels = tickLabels;
  }
  scale.minorTicks = minorTicks;
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  scale.log = true;
  return scale;
}

/** Widen a positive [min, max] out to whole decades (one decade when min = max). */
export function logDomain(min: number, max: number): [number, number] {
  if (!(min > 0) || !Number.isFinite(max)) return [1, 10];
  let lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi === lo) hi += 1;
  // Very narrow data (say 0.42…0.45) would sit as a flat line in a full decade: that is the honest log view.
  if (hi < lo) [lo, hi] = [hi, lo];
  return [10 ** lo, 10 ** hi];
}
