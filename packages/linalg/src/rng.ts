// A seeded random generator: xoshiro128** (Blackman & Vigna), seeded through
// splitmix32. Every random draw in downhill (initialisation, shuffling, noise)
// comes from one of these, passed in explicitly: same seed, same bits, on every
// platform, because it uses only 32-bit integer arithmetic.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded random generator, xoshiro128** seeded through splitmix32: the same seed gives the same numbers on
 * every platform.
 * Every random draw in downhill (initialization, shuffling, noise) comes from one, passed in explicitly.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  /**
   * A generator for any safe integer `seed` (|seed| < 2⁵³), and a different
   * one for each: seeds 0 … 2³² − 1 seed splitmix32 directly; the bits above
   * 32 (seed = hi·2³² + lo) are folded into the second state word. The map is
   * one-to-one, since s0 alone gives lo back (splitmix32's first draw is a
   * bijection) and then s1 gives hi.
   */
  constructor(
    /** The seed it was made with. */
    readonly seed: number,
  ) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng: expected an integer seed below 2^53 in size, found ${seed}`);
    const lo = seed >>> 0,
      hi = Math.floor(seed / 4294967296);
    const next = splitmix32(lo);
    this.s0 = next();
    // Math.imul by an odd constant is a bijection of 32-bit words, as is xor with a fixed word.
    this.s1 = (next() ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniformly random 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1), with 32 bits of randomness. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal draw N(0, 1) (Marsaglia's polar method). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + std * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + std * u * f;
  }

  /** A uniformly random integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: expected a positive integer, found ${n}`);
    // Rejection sampling avoids modulo bias.
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Shuffle `a` in place (Fisher–Yates) and return it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Fill `out` with N(mean, std²) draws. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Fill `out` with U[low, high) draws. */
  fillUniform(out: Float32Array, low = 0, high = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformIn(low, high);
    return out;
  }

  /** The generator's state, to save in a checkpoint. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, this.spare ?? Number.NaN];
  }

  /** Continue from a state returned by `getState`. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new RangeError(`Rng.setState: expected 5 numbers, found ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.map((x) => x | 0) as [number, number, number, number];
    this.spare = Number.isNaN(state[4]) ? undefined : state[4];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
