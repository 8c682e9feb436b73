/**
 * Deterministic, splittable pseudo-random numbers.
 *
 * Every random decision of the simulator draws from a stream named by
 * `(seed, purpose, a, b)` — for example `(seed, Stream.Scan, agent, day)` — so
 * results do not depend on the order in which agents, days or worker threads
 * are processed. Hand-written (sfc32 seeded through a murmur3 finaliser)
 * because the hot loop needs an allocation-free generator with integer state;
 * not suitable for cryptography (keys for the real-crypto path come from
 * {@link Rng.fillBytes} only so that a seed reproduces a run).
 *
 * @packageDocumentation
 */

/** Named random streams; each purpose gets independent numbers. */
export const Stream = {
  Population: 1,
  Adoption: 2,
  Contacts: 3,
  Channel: 4,
  Scan: 5,
  Tek: 6,
  Disease: 7,
  Infection: 8,
  Testing: 9,
  Quarantine: 10,
  Phone: 11,
  Seeding: 12,
  BluezoneKey: 13,
  VenueWarning: 14,
} as const;

/** One of the {@link Stream} values. */
export type StreamId = (typeof Stream)[keyof typeof Stream];

/** murmur3 32-bit finaliser: a bijective avalanche mix of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a list of integers (each taken modulo 2^32) into one 32-bit value.
 *
 * @param parts - the integers to combine, in order.
 * @returns an unsigned 32-bit hash.
 * @example
 * ```ts
 * const h = hashInts(42, 7, 3); // same inputs, same hash, on every platform
 * ```
 */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = fmix32((h ^ (p >>> 0)) + 0x6a09e667 + (h << 6) + (h >>> 2));
  }
  return h;
}

/** A small fast generator (sfc32) with samplers for the distributions the model needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  /**
   * @param seed - any integer; equal seeds give equal sequences.
   * @param stream - a second integer separating independent streams.
   */
  constructor(seed: number, stream = 0) {
    this.a = hashInts(seed, stream, 1);
    this.b = hashInts(seed, stream, 2);
    this.c = hashInts(seed, stream, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * @returns the next unsigned 32-bit integer.
   */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /**
   * @returns a uniform number in [0, 1) with 32 bits of precision.
   */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * @returns a uniform number in (0, 1], safe for logarithms.
   */
  floatOpen(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /**
   * @param n - exclusive upper bound (a positive integer below 2^32).
   * @returns a uniform integer in [0, n).
   */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /**
   * @param p - probability of `true`.
   * @returns `true` with probability `p`.
   */
  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /**
   * @param lo - lower bound.
   * @param hi - upper bound.
   * @returns a uniform number in [lo, hi).
   */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /**
   * Standard normal by the polar Box–Muller method (one spare kept).
   *
   * @returns a draw from N(0, 1).
   */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /**
   * Gamma by Marsaglia and Tsang (2000), with the boost for shape < 1.
   *
   * @param shape - k > 0.
   * @param scale - θ > 0.
   * @returns a draw with mean k·θ.
   */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * this.floatOpen() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.floatOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * Pareto draw as Google's simulator samples it: `shape / u^(1/scale)`
   * (`triple_exposure_generator.cc`; see the reference, §7).
   *
   * @param shape - the minimum value (1.510 in the Copenhagen fit).
   * @param scale - the tail exponent (1.0 in the Copenhagen fit).
   * @returns a draw ≥ `shape`.
   */
  pareto(shape: number, scale: number): number {
    return shape / this.floatOpen() ** (1 / scale);
  }

  /**
   * @param mean - mean of the distribution.
   * @returns an exponential draw.
   */
  exponential(mean: number): number {
    return -mean * Math.log(this.floatOpen());
  }

  /**
   * Poisson draw (Knuth for small means, normal approximation above 30).
   *
   * @param mean - λ ≥ 0.
   * @returns a non-negative integer.
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.float();
    } while (p > l);
    return k - 1;
  }

  /**
   * Negative binomial (gamma–Poisson mixture), the over-dispersed contact count used by OpenABM.
   *
   * @param mean - mean count.
   * @param dispersion - k; smaller is more over-dispersed.
   * @returns a non-negative integer.
   */
  negativeBinomial(mean: number, dispersion: number): number {
    return this.poisson(this.gamma(dispersion, mean / dispersion));
  }

  /**
   * Picks an index with probability proportional to `weights[i]`.
   *
   * @param cumulative - cumulative weights (non-decreasing, last entry is the total).
   * @returns the chosen index.
   */
  pickCumulative(cumulative: readonly number[]): number {
    const x = this.float() * cumulative[cumulative.length - 1]!;
    let i = 0;
    while (i < cumulative.length - 1 && x >= cumulative[i]!) i++;
    return i;
  }

  /**
   * Fills `out` with pseudo-random bytes (reproducible; for simulated keys only).
   *
   * @param out - the buffer to fill.
   * @returns `out`.
   */
  fillBytes(out: Uint8Array): Uint8Array {
    for (let i = 0; i < out.length; i += 4) {
      const x = this.nextUint32();
      out[i] = x & 0xff;
      if (i + 1 < out.length) out[i + 1] = (x >>> 8) & 0xff;
      if (i + 2 < out.length) out[i + 2] = (x >>> 16) & 0xff;
      if (i + 3 < out.length) out[i + 3] = x >>> 24;
    }
    return out;
  }
}

/**
 * The generator for one named stream, e.g. agent 17's scans on day 3. Streams are
 * independent of each other and of the order in which they are created, which is what
 * makes worker-thread runs identical to single-threaded ones.
 *
 * @param seed - the run seed.
 * @param stream - the purpose ({@link Stream}).
 * @param a - first index (e.g. agent).
 * @param b - second index (e.g. day).
 * @returns a fresh generator.
 * @example
 * ```ts
 * const rng = rngFor(42, Stream.Scan, agent, day);
 * const firstScanOffset = rng.uniform(0, 300);
 * ```
 */
export function rngFor(seed: number, stream: StreamId, a = 0, b = 0): Rng {
  return new Rng(hashInts(seed, stream, a, b), hashInts(b, a, stream));
}
