// The lesson's reading of the gradient: "the negative gradient encodes the
// relative importance of each weight and bias": its sign says which way to
// nudge each one, its magnitude which nudges give the most "bang for your buck".
import type { Cost } from '@downhill/cost';
import type { Matrix, Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';

/** What `gradientAnatomy` finds in a gradient. */
export interface GradientAnatomy {
  /** ‖g‖, the gradient's length. */
  readonly norm: number;
  /** |gᵢ| largest first. */
  readonly magnitudes: Float64Array;
  /** Components exactly 0 (for the first layer: weights from pixels blank in every image). */
  readonly zeros: number;
  /** Components above 0 (∂C/∂θ > 0: a step downhill nudges θ down). */
  readonly positive: number;
  /** Components below 0 (a step downhill nudges θ up). */
  readonly negative: number;
  /** The largest `topFraction` of the components (by |gᵢ|). */
  readonly top: number;
  /** How much of ‖g‖ those carry: ‖g_top‖ / ‖g‖. */
  readonly topShare: number;
}

/** Size, sparsity and concentration of a gradient: how few of its components carry how much of its length. */
export function gradientAnatomy(gradient: ArrayLike<number>, topFraction = 0.01): GradientAnatomy {
  if (!(topFraction > 0 && topFraction <= 1)) throw new RangeError(`gradientAnatomy: expected a top fraction in (0, 1], found ${topFraction}`);
  const magnitudes = Float64Array.from(gradient, Math.abs).sort().reverse();
  let total = 0,
    zeros = 0,
    positive = 0,
    negative = 0;
  for (let i = 0; i < gradient.length; i++) {
    if (gradient[i]! > 0) positive++;
    else if (gradient[i]! < 0) negative++;
  }
  for (const m of magnitudes) {
    total += m * m;
    if (m === 0) zeros++;
  }
  const top = Math.max(1, Math.round(topFraction * magnitudes.length));
  let head = 0;
  for (let i = 0; i < top; i++) head += magnitudes[i]! * magnitudes[i]!;
  return { norm: Math.sqrt(total), magnitudes, zeros, positive, negative, top, topShare: total === 0 ? 0 : Math.sqrt(head / total) };
}

/**
 * The batch's cost after stepping only the components `indices` downhill by a
 * total length `length`: θ_S ← θ_S − length · g_S / ‖g_S‖, every other
 * parameter kept. The network's parameters are put back afterwards.
 */
export function costAfterNudge(
  network: Network,
  gradient: ArrayLike<number>,
  indices: ArrayLike<number>,
  length: number,
  batch: { readonly x: Matrix; readonly y: Matrix; readonly cost: Cost },
): number {
  const params = network.params;
  let size = 0;
  for (let k = 0; k < indices.length; k++) size += gradient[indices[k]!]! ** 2;
  size = Math.sqrt(size);
  const saved = Float32Array.from(indices, (i) => params[i]!);
  if (size > 0) for (let k = 0; k < indices.length; k++) params[indices[k]!]! -= (length * gradient[indices[k]!]!) / size;
  const after = batch.cost.value(network.forward(batch.x), batch.y);
  for (let k = 0; k < indices.length; k++) params[indices[k]!] = saved[k]!;
  return after;
}

/** One row of `bangForBuck`: the cost decrease from nudging k components, the largest against random ones. */
export interface BangForBuck {
  /** Components nudged. */
  readonly k: number;
  /** Cost decrease nudging the k largest |gᵢ|. */
  readonly top: number;
  /** Mean cost decrease nudging k components chosen at random (over `trials`). */
  readonly random: number;
}

/**
 * "Which nudges give the most bang for your buck": for each k, the cost
 * decrease from stepping only the k components with the largest |gᵢ|, against
 * stepping k components picked at random, both by the same total length.
 */
export function bangForBuck(
  network: Network,
  gradient: ArrayLike<number>,
  batch: { readonly x: Matrix; readonly y: Matrix; readonly cost: Cost },
  options: { readonly ks: readonly number[]; readonly length: number; readonly rng: Rng; readonly trials?: number },
): BangForBuck[] {
  const n = gradient.length;
  const before = batch.cost.value(network.forward(batch.x), batch.y);
  const byMagnitude = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(gradient[b]!) - Math.abs(gradient[a]!));
  const trials = options.trials ?? 20;
  return options.ks.map((k) => {
    if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`bangForBuck: expected k from 1 to ${n}, found ${k}`);
    const top = before - costAfterNudge(network, gradient, byMagnitude.subarray(0, k), options.length, batch);
    let random = 0;
    const pool = Uint32Array.from({ length: n }, (_, i) => i);
    for (let t = 0; t < trials; t++) {
      // The first k of a fresh partial shuffle: k distinct components, uniformly.
      for (let i = 0; i < k; i++) {
        const j = i + options.rng.int(n - i);
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      random += before - costAfterNudge(network, gradient, pool.subarray(0, k), options.length, batch);
    }
    return { k, top, random: random / trials };
  });
}
