// The network's own cost landscape, seen through slices: along the line from
// the initial weights to the trained ones (the lesson's one-dimensional
// picture of rolling downhill), and on a plane through the trained weights
// (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets").
import type { Cost } from '@downhill/cost';
import type { Rng } from '@downhill/linalg';
import type { Network } from '@downhill/network';
import { evaluate } from './evaluate.js';
import type { Examples } from './examples.js';

/**
 * A random direction in weight space scaled neuron by neuron (Li et al.'s
 * filter normalisation): each neuron's incoming weights get a Gaussian
 * direction rescaled to the length of that neuron's weights, and biases get
 * none. A step of 1 along it changes every neuron by about its own size,
 * so slices of different networks (or layers) are comparable.
 */
export function filterNormalizedDirection(network: Network, rng: Rng): Float32Array {
  const d = new Float32Array(network.parameterCount);
  for (const layer of network.layers) {
    for (let j = 0; j < layer.outputSize; j++) {
      const row = layer.offset + j * layer.inputSize;
      let dNorm = 0,
        wNorm = 0;
      for (let k = 0; k < layer.inputSize; k++) {
        const v = rng.normal();
        d[row + k] = v;
        dNorm += v * v;
        wNorm += network.params[row + k]! ** 2;
      }
      const s = dNorm > 0 ? Math.sqrt(wNorm / dNorm) : 0;
      for (let k = 0; k < layer.inputSize; k++) d[row + k]! *= s;
    }
  }
  return d;
}

/** What `principalDirections` finds in a training path. */
export interface PrincipalDirections {
  /** The two directions (unit length) along which the path moved most. */
  readonly directions: readonly [Float32Array, Float32Array];
  /** Each point of the path as (a, b): its offset from the centre along the two directions. */
  readonly coordinates: readonly (readonly [number, number])[];
  /** The share of the path's spread (sum of squared offsets) each direction explains. */
  readonly explained: readonly [number, number];
}

/**
 * The first two principal directions of a path of weights around `center`
 * (Li et al. use the trained weights): from the small Gram matrix of the
 * offsets θᵢ − center, so no parameters × parameters matrix is ever formed.
 */
export function principalDirections(path: readonly Float32Array[], center: Float32Array): PrincipalDirections {
  const m = path.length,
    n = center.length;
  if (m < 3) throw new RangeError(`principalDirections: expected a path of at least 3 points, found ${m}`);
  const offsets = path.map((p) => {
    if (p.length !== n) throw new RangeError(`principalDirections: expected points of ${n} numbers, found ${p.length}`);
    return Float64Array.from(p, (v, i) => v - center[i]!);
  });
  const gram = offsets.map((a) => offsets.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
  const total = gram.reduce((s, row, i) => s + row[i]!, 0);
  const eigen: { vector: Float64Array; value: number }[] = [];
  for (let k = 0; k < 2; k++) {
    // Power iteration, deflated by the eigenvectors already found.
    let u = Float64Array.from({ length: m }, (_, i) => 1 + i / m);
    let value = 0;
    for (let it = 0; it < 500; it++) {
      for (const e of eigen) {
        const dot = u.reduce((s, v, i) => s + v * e.vector[i]!, 0);
        for (let i = 0; i < m; i++) u[i]! -= dot * e.vector[i]!;
      }
      const next = Float64Array.from({ length: m }, (_, i) => gram[i]!.reduce((s, g, j) => s + g * u[j]!, 0));
      const size = Math.hypot(...next);
      if (size === 0) break;
      value = size;
      u = next.map((v) => v / size);
    }
    eigen.push({ vector: u, value });
  }
  const directions = eigen.map(({ vector }) => {
    const v = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let p = 0; p < n; p++) v[p]! += vector[i]! * offsets[i]![p]!;
    const size = Math.hypot(...v) || 1;
    return Float32Array.from(v, (x) => x / size);
  }) as [Float32Array, Float32Array];
  const coordinates = offsets.map((o) => directions.map((d) => o.reduce((s, v, i) => s + v * d[i]!, 0)) as [number, number]);
  return { directions, coordinates, explained: [eigen[0]!.value / (total || 1), eigen[1]!.value / (total || 1)] };
}

/**
 * The mean cost over `examples` with the network's weights set to
 * base + Σₖ coords[k]·directions[k]; the weights are put back afterwards.
 */
export function costAt(
  network: Network,
  examples: Examples,
  cost: Cost,
  base: Float32Array,
  directions: readonly Float32Array[],
  coords: readonly number[],
): number {
  const params = network.params,
    saved = params.slice();
  for (let i = 0; i < params.length; i++) {
    let v = base[i]!;
    for (let k = 0; k < directions.length; k++) v += coords[k]! * directions[k]![i]!;
    params[i] = v;
  }
  try {
    return evaluate(network, examples, { cost }).cost!;
  } finally {
    params.set(saved);
  }
}
