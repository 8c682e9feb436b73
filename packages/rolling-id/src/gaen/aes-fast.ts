/**
 * Table-driven AES-128 encryption (FIPS-197), specialised for the GAEN hot path.
 *
 * Hand-written instead of calling `@noble/ciphers` per block because bulk matching
 * encrypts 144 blocks per diagnosis key: this version keeps the state in local
 * 32-bit integers, uses precomputed T-tables (`Int32Array`, so V8 never boxes a
 * value) and writes straight into the caller's buffer, with no allocation per block.
 * For the RPI PaddedData only the last word (the ENIN) changes between blocks, so the
 * first round's lookups of the three constant columns are computed once per key.
 *
 * Not constant-time: T-table lookups are indexed by secret state and may leak through
 * cache timing to code sharing the CPU. See the package README, "Security".
 * Output is tested against `@noble/ciphers`, `node:crypto` and the official vectors.
 */

/** The AES kernels; see {@link createAesKernels}. @internal */
interface AesKernels {
  expandKey128(key: Uint8Array, rk: Int32Array): void;
  encryptWords(rk: Int32Array, w0: number, w1: number, w2: number, w3: number, out: Uint8Array, o: number): void;
  encryptPaddedRange(rk: Int32Array, start: number, count: number, out: Uint8Array, offset: number): void;
  filterPaddedRange(
    rk: Int32Array,
    start: number,
    count: number,
    filter: Uint8Array,
    rpisOut: Uint8Array,
    intervalsOut: Uint32Array,
  ): number;
  /** The T-tables and the S-box (for the WebAssembly kernel, which gets a copy). */
  tables: { te: readonly Int32Array[]; sbox: Uint8Array };
}

/**
 * Builds the tables and the kernels inside one function scope. Bundlers (esbuild, hence tsup) turn top-level `const`
 * into `var`; V8 (Node 20) then no longer treats the T-tables as constants of known length and keeps a bounds check
 * on every lookup, which made the bundled kernels ~1.6x slower than the same code run from source. Function-scoped
 * `const` bindings are left alone by bundlers.
 */
function createAesKernels(): AesKernels {
  const SBOX = new Uint8Array(256);
  const TE0 = new Int32Array(256);
  const TE1 = new Int32Array(256);
  const TE2 = new Int32Array(256);
  const TE3 = new Int32Array(256);

  (() => {
    // Build the S-box from GF(2^8) inverses (no 256-entry literal to mistype).
    const exp = new Uint8Array(256);
    const log = new Uint8Array(256);
    let x = 1;
    for (let i = 0; i < 255; i++) {
      exp[i] = x;
      log[x] = i;
      x ^= (x << 1) ^ (x & 0x80 ? 0x1b : 0); // multiply by 3
      x &= 0xff;
    }
    for (let i = 0; i < 256; i++) {
      const inv = i === 0 ? 0 : (exp[(255 - (log[i] as number)) % 255] as number);
      let s = inv;
      let r = inv;
      for (let k = 0; k < 4; k++) {
        r = ((r << 1) | (r >>> 7)) & 0xff;
        s ^= r;
      }
      SBOX[i] = s ^ 0x63;
    }
    for (let i = 0; i < 256; i++) {
      const s = SBOX[i] as number;
      const s2 = ((s << 1) ^ (s & 0x80 ? 0x1b : 0)) & 0xff;
      const s3 = s2 ^ s;
      const t = (s2 << 24) | (s << 16) | (s << 8) | s3;
      TE0[i] = t;
      TE1[i] = (t >>> 8) | (t << 24);
      TE2[i] = (t >>> 16) | (t << 16);
      TE3[i] = (t >>> 24) | (t << 8);
    }
  })();

  const RCON = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36];

  /**
   * Expands a 16-byte key into the 44 round-key words of AES-128.
   *
   * @internal
   */
  function expandKey128(key: Uint8Array, rk: Int32Array): void {
    for (let i = 0; i < 4; i++) {
      rk[i] =
        ((key[4 * i] as number) << 24) |
        ((key[4 * i + 1] as number) << 16) |
        ((key[4 * i + 2] as number) << 8) |
        (key[4 * i + 3] as number);
    }
    for (let i = 4; i < 44; i++) {
      let t = rk[i - 1] as number;
      if (i % 4 === 0) {
        t =
          (((SBOX[(t >>> 16) & 0xff] as number) << 24) |
            ((SBOX[(t >>> 8) & 0xff] as number) << 16) |
            ((SBOX[t & 0xff] as number) << 8) |
            (SBOX[t >>> 24] as number)) ^
          ((RCON[i / 4 - 1] as number) << 24);
      }
      rk[i] = (rk[i - 4] as number) ^ t;
    }
  }

  /** Writes word `v` big-endian at `out[o..o+3]`. */
  function put(out: Uint8Array, o: number, v: number): void {
    out[o] = v >>> 24;
    out[o + 1] = (v >>> 16) & 0xff;
    out[o + 2] = (v >>> 8) & 0xff;
    out[o + 3] = v & 0xff;
  }

  /**
   * Encrypts one block given as four big-endian words; writes 16 bytes to `out` at `o`.
   *
   * @internal
   */
  function encryptWords(rk: Int32Array, w0: number, w1: number, w2: number, w3: number, out: Uint8Array, o: number): void {
    let s0 = w0 ^ (rk[0] as number);
    let s1 = w1 ^ (rk[1] as number);
    let s2 = w2 ^ (rk[2] as number);
    let s3 = w3 ^ (rk[3] as number);
    let k = 4;
    for (let r = 1; r < 10; r++, k += 4) {
      const t0 =
        (TE0[s0 >>> 24] as number) ^
        (TE1[(s1 >>> 16) & 255] as number) ^
        (TE2[(s2 >>> 8) & 255] as number) ^
        (TE3[s3 & 255] as number) ^
        (rk[k] as number);
      const t1 =
        (TE0[s1 >>> 24] as number) ^
        (TE1[(s2 >>> 16) & 255] as number) ^
        (TE2[(s3 >>> 8) & 255] as number) ^
        (TE3[s0 & 255] as number) ^
        (rk[k + 1] as number);
      const t2 =
        (TE0[s2 >>> 24] as number) ^
        (TE1[(s3 >>> 16) & 255] as number) ^
        (TE2[(s0 >>> 8) & 255] as number) ^
        (TE3[s1 & 255] as number) ^
        (rk[k + 2] as number);
      const t3 =
        (TE0[s3 >>> 24] as number) ^
        (TE1[(s0 >>> 16) & 255] as number) ^
        (TE2[(s1 >>> 8) & 255] as number) ^
        (TE3[s2 & 255] as number) ^
        (rk[k + 3] as number);
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
    }
    finalRound(rk, s0, s1, s2, s3, out, o);
  }

  function finalRound(rk: Int32Array, s0: number, s1: number, s2: number, s3: number, out: Uint8Array, o: number): void {
    const S = SBOX;
    put(
      out,
      o,
      (((S[s0 >>> 24] as number) << 24) |
        ((S[(s1 >>> 16) & 255] as number) << 16) |
        ((S[(s2 >>> 8) & 255] as number) << 8) |
        (S[s3 & 255] as number)) ^
        (rk[40] as number),
    );
    put(
      out,
      o + 4,
      (((S[s1 >>> 24] as number) << 24) |
        ((S[(s2 >>> 16) & 255] as number) << 16) |
        ((S[(s3 >>> 8) & 255] as number) << 8) |
        (S[s0 & 255] as number)) ^
        (rk[41] as number),
    );
    put(
      out,
      o + 8,
      (((S[s2 >>> 24] as number) << 24) |
        ((S[(s3 >>> 16) & 255] as number) << 16) |
        ((S[(s0 >>> 8) & 255] as number) << 8) |
        (S[s1 & 255] as number)) ^
        (rk[42] as number),
    );
    put(
      out,
      o + 12,
      (((S[s3 >>> 24] as number) << 24) |
        ((S[(s0 >>> 16) & 255] as number) << 16) |
        ((S[(s1 >>> 8) & 255] as number) << 8) |
        (S[s2 & 255] as number)) ^
        (rk[43] as number),
    );
  }

  /** `"EN-R"` and `"PI\0\0"` as big-endian words; the third PaddedData word is zero. */
  const PAD0 = 0x454e2d52;
  const PAD1 = 0x50490000;

  /**
   * Encrypts the GAEN PaddedData blocks of intervals `start .. start+count-1` under the expanded key `rk`, writing
   * RPI i at `out[offset + 16 i]`: {@link paddedRange} without a filter.
   *
   * @internal
   */
  function encryptPaddedRange(rk: Int32Array, start: number, count: number, out: Uint8Array, offset: number): void {
    paddedRange(rk, start, count, null, out, offset, null);
  }

  /**
   * Prefix-filtered RPI derivation: {@link paddedRange} writing candidates from `rpisOut[0]` with their intervals.
   *
   * @internal
   */
  function filterPaddedRange(
    rk: Int32Array,
    start: number,
    count: number,
    filter: Uint8Array,
    rpisOut: Uint8Array,
    intervalsOut: Uint32Array,
  ): number {
    return paddedRange(rk, start, count, filter, rpisOut, 0, intervalsOut);
  }

  /**
   * The one AES kernel for runs of GAEN PaddedData blocks (intervals `start .. start+count-1` under the expanded key
   * `rk`). Fully unrolled with the round keys in locals (about twice as fast in V8 as the looped form). Only the ENIN
   * changes between blocks, and within a run of 256 intervals only its low byte: round 1 of the three constant columns
   * is computed once per key, rounds 1–2 of everything that depends only on the ENIN's upper bytes once per run,
   * leaving 5 of the 32 table lookups of rounds 1–2 per block.
   *
   * With a `filter` (a 2^20-bit prefix filter) it first computes only what RPI bytes 0..2 need (three of the four
   * round-9 columns and three S-box lookups), tests bit `(b0 << 12) | (b1 << 4) | (b2 >> 4)`, and finishes the block
   * only for a set bit. Kept blocks are written one after the other from `out[offset]`, their intervals to
   * `intervalsOut` (when given); returns how many were written (`count` without a filter).
   *
   * @internal
   */
  function paddedRange(
    rk: Int32Array,
    start: number,
    count: number,
    filter: Uint8Array | null,
    out: Uint8Array,
    offset: number,
    intervalsOut: Uint32Array | null,
  ): number {
    const T0 = TE0;
    const T1 = TE1;
    const T2 = TE2;
    const T3 = TE3;
    const S = SBOX;
    const a0 = PAD0 ^ rk[0]!;
    const a1 = PAD1 ^ rk[1]!;
    const a2 = rk[2]!;
    const k3 = rk[3]!;
    const kb = k3 >>> 24;
    // Round 1, the parts that depend on the constant columns 0..2 only.
    const c0 = T0[a0 >>> 24]! ^ T1[(a1 >>> 16) & 255]! ^ T2[(a2 >>> 8) & 255]! ^ rk[4]!;
    const c1 = T0[a1 >>> 24]! ^ T1[(a2 >>> 16) & 255]! ^ T3[a0 & 255]! ^ rk[5]!;
    const c2 = T0[a2 >>> 24]! ^ T2[(a0 >>> 8) & 255]! ^ T3[a1 & 255]! ^ rk[6]!;
    const c3 = T1[(a0 >>> 16) & 255]! ^ T2[(a1 >>> 8) & 255]! ^ T3[a2 & 255]! ^ rk[7]!;
    const k8 = rk[8]!;
    const k9 = rk[9]!;
    const k10 = rk[10]!;
    const k11 = rk[11]!;
    const k12 = rk[12]!;
    const k13 = rk[13]!;
    const k14 = rk[14]!;
    const k15 = rk[15]!;
    const k16 = rk[16]!;
    const k17 = rk[17]!;
    const k18 = rk[18]!;
    const k19 = rk[19]!;
    const k20 = rk[20]!;
    const k21 = rk[21]!;
    const k22 = rk[22]!;
    const k23 = rk[23]!;
    const k24 = rk[24]!;
    const k25 = rk[25]!;
    const k26 = rk[26]!;
    const k27 = rk[27]!;
    const k28 = rk[28]!;
    const k29 = rk[29]!;
    const k30 = rk[30]!;
    const k31 = rk[31]!;
    const k32 = rk[32]!;
    const k33 = rk[33]!;
    const k34 = rk[34]!;
    const k35 = rk[35]!;
    const k36 = rk[36]!;
    const k37 = rk[37]!;
    const k38 = rk[38]!;
    const k39 = rk[39]!;
    const k40 = rk[40]!;
    const k41 = rk[41]!;
    const k42 = rk[42]!;
    const k43 = rk[43]!;
    let j = 0;
    let found = 0;
    const kf0 = k40 >>> 24;
    const kf1 = (k40 >>> 16) & 255;
    const kf2 = (k40 >>> 8) & 255;
    while (j < count) {
      // A run of intervals sharing the ENIN's upper three bytes (PaddedData bytes 13..15).
      const e0 = (start + j) >>> 0;
      const runEnd = Math.min(count, j + 256 - (e0 & 255));
      const a3 = (((e0 & 0xff) << 24) | (((e0 >>> 8) & 0xff) << 16) | (((e0 >>> 16) & 0xff) << 8) | (e0 >>> 24)) ^ k3;
      const s0 = c0 ^ T3[a3 & 255]!;
      const s1 = c1 ^ T2[(a3 >>> 8) & 255]!;
      const s2 = c2 ^ T1[(a3 >>> 16) & 255]!;
      // Round 2, the parts that depend on s0..s2 only.
      const q0 = T0[s0 >>> 24]! ^ T1[(s1 >>> 16) & 255]! ^ T2[(s2 >>> 8) & 255]! ^ k8;
      const q1 = T0[s1 >>> 24]! ^ T1[(s2 >>> 16) & 255]! ^ T3[s0 & 255]! ^ k9;
      const q2 = T0[s2 >>> 24]! ^ T2[(s0 >>> 8) & 255]! ^ T3[s1 & 255]! ^ k10;
      const q3 = T1[(s0 >>> 16) & 255]! ^ T2[(s1 >>> 8) & 255]! ^ T3[s2 & 255]! ^ k11;
      for (; j < runEnd; j++) {
        // PaddedData byte 12 = the ENIN's low byte.
        const s3 = c3 ^ T0[((start + j) & 255) ^ kb]!;
        const r2_0 = q0 ^ T3[s3 & 255]!;
        const r2_1 = q1 ^ T2[(s3 >>> 8) & 255]!;
        const r2_2 = q2 ^ T1[(s3 >>> 16) & 255]!;
        const r2_3 = q3 ^ T0[s3 >>> 24]!;
        const r3_0 = T0[r2_0 >>> 24]! ^ T1[(r2_1 >>> 16) & 255]! ^ T2[(r2_2 >>> 8) & 255]! ^ T3[r2_3 & 255]! ^ k12;
        const r3_1 = T0[r2_1 >>> 24]! ^ T1[(r2_2 >>> 16) & 255]! ^ T2[(r2_3 >>> 8) & 255]! ^ T3[r2_0 & 255]! ^ k13;
        const r3_2 = T0[r2_2 >>> 24]! ^ T1[(r2_3 >>> 16) & 255]! ^ T2[(r2_0 >>> 8) & 255]! ^ T3[r2_1 & 255]! ^ k14;
        const r3_3 = T0[r2_3 >>> 24]! ^ T1[(r2_0 >>> 16) & 255]! ^ T2[(r2_1 >>> 8) & 255]! ^ T3[r2_2 & 255]! ^ k15;
        const r4_0 = T0[r3_0 >>> 24]! ^ T1[(r3_1 >>> 16) & 255]! ^ T2[(r3_2 >>> 8) & 255]! ^ T3[r3_3 & 255]! ^ k16;
        const r4_1 = T0[r3_1 >>> 24]! ^ T1[(r3_2 >>> 16) & 255]! ^ T2[(r3_3 >>> 8) & 255]! ^ T3[r3_0 & 255]! ^ k17;
        const r4_2 = T0[r3_2 >>> 24]! ^ T1[(r3_3 >>> 16) & 255]! ^ T2[(r3_0 >>> 8) & 255]! ^ T3[r3_1 & 255]! ^ k18;
        const r4_3 = T0[r3_3 >>> 24]! ^ T1[(r3_0 >>> 16) & 255]! ^ T2[(r3_1 >>> 8) & 255]! ^ T3[r3_2 & 255]! ^ k19;
        const r5_0 = T0[r4_0 >>> 24]! ^ T1[(r4_1 >>> 16) & 255]! ^ T2[(r4_2 >>> 8) & 255]! ^ T3[r4_3 & 255]! ^ k20;
        const r5_1 = T0[r4_1 >>> 24]! ^ T1[(r4_2 >>> 16) & 255]! ^ T2[(r4_3 >>> 8) & 255]! ^ T3[r4_0 & 255]! ^ k21;
        const r5_2 = T0[r4_2 >>> 24]! ^ T1[(r4_3 >>> 16) & 255]! ^ T2[(r4_0 >>> 8) & 255]! ^ T3[r4_1 & 255]! ^ k22;
        const r5_3 = T0[r4_3 >>> 24]! ^ T1[(r4_0 >>> 16) & 255]! ^ T2[(r4_1 >>> 8) & 255]! ^ T3[r4_2 & 255]! ^ k23;
        const r6_0 = T0[r5_0 >>> 24]! ^ T1[(r5_1 >>> 16) & 255]! ^ T2[(r5_2 >>> 8) & 255]! ^ T3[r5_3 & 255]! ^ k24;
        const r6_1 = T0[r5_1 >>> 24]! ^ T1[(r5_2 >>> 16) & 255]! ^ T2[(r5_3 >>> 8) & 255]! ^ T3[r5_0 & 255]! ^ k25;
        const r6_2 = T0[r5_2 >>> 24]! ^ T1[(r5_3 >>> 16) & 255]! ^ T2[(r5_0 >>> 8) & 255]! ^ T3[r5_1 & 255]! ^ k26;
        const r6_3 = T0[r5_3 >>> 24]! ^ T1[(r5_0 >>> 16) & 255]! ^ T2[(r5_1 >>> 8) & 255]! ^ T3[r5_2 & 255]! ^ k27;
        const r7_0 = T0[r6_0 >>> 24]! ^ T1[(r6_1 >>> 16) & 255]! ^ T2[(r6_2 >>> 8) & 255]! ^ T3[r6_3 & 255]! ^ k28;
        const r7_1 = T0[r6_1 >>> 24]! ^ T1[(r6_2 >>> 16) & 255]! ^ T2[(r6_3 >>> 8) & 255]! ^ T3[r6_0 & 255]! ^ k29;
        const r7_2 = T0[r6_2 >>> 24]! ^ T1[(r6_3 >>> 16) & 255]! ^ T2[(r6_0 >>> 8) & 255]! ^ T3[r6_1 & 255]! ^ k30;
        const r7_3 = T0[r6_3 >>> 24]! ^ T1[(r6_0 >>> 16) & 255]! ^ T2[(r6_1 >>> 8) & 255]! ^ T3[r6_2 & 255]! ^ k31;
        const r8_0 = T0[r7_0 >>> 24]! ^ T1[(r7_1 >>> 16) & 255]! ^ T2[(r7_2 >>> 8) & 255]! ^ T3[r7_3 & 255]! ^ k32;
        const r8_1 = T0[r7_1 >>> 24]! ^ T1[(r7_2 >>> 16) & 255]! ^ T2[(r7_3 >>> 8) & 255]! ^ T3[r7_0 & 255]! ^ k33;
        const r8_2 = T0[r7_2 >>> 24]! ^ T1[(r7_3 >>> 16) & 255]! ^ T2[(r7_0 >>> 8) & 255]! ^ T3[r7_1 & 255]! ^ k34;
        const r8_3 = T0[r7_3 >>> 24]! ^ T1[(r7_0 >>> 16) & 255]! ^ T2[(r7_1 >>> 8) & 255]! ^ T3[r7_2 & 255]! ^ k35;
        const r9_0 = T0[r8_0 >>> 24]! ^ T1[(r8_1 >>> 16) & 255]! ^ T2[(r8_2 >>> 8) & 255]! ^ T3[r8_3 & 255]! ^ k36;
        const r9_1 = T0[r8_1 >>> 24]! ^ T1[(r8_2 >>> 16) & 255]! ^ T2[(r8_3 >>> 8) & 255]! ^ T3[r8_0 & 255]! ^ k37;
        const r9_2 = T0[r8_2 >>> 24]! ^ T1[(r8_3 >>> 16) & 255]! ^ T2[(r8_0 >>> 8) & 255]! ^ T3[r8_1 & 255]! ^ k38;

        // The filter probe needs RPI bytes 0..2 only: three columns of round 9, three S-box lookups.
        const b0 = S[r9_0 >>> 24]! ^ kf0;
        const b1 = S[(r9_1 >>> 16) & 255]! ^ kf1;
        const b2 = S[(r9_2 >>> 8) & 255]! ^ kf2;
        const bit = (b0 << 12) | (b1 << 4) | (b2 >>> 4);
        if (filter !== null && (filter[bit >>> 3]! & (1 << (bit & 7))) === 0) continue;
        const r9_3 = T0[r8_3 >>> 24]! ^ T1[(r8_0 >>> 16) & 255]! ^ T2[(r8_1 >>> 8) & 255]! ^ T3[r8_2 & 255]! ^ k39;
        const f0 = ((b0 << 24) | (b1 << 16) | (b2 << 8) | S[r9_3 & 255]!) ^ (k40 & 255);
        const f1 = ((S[r9_1 >>> 24]! << 24) | (S[(r9_2 >>> 16) & 255]! << 16) | (S[(r9_3 >>> 8) & 255]! << 8) | S[r9_0 & 255]!) ^ k41;
        const f2 = ((S[r9_2 >>> 24]! << 24) | (S[(r9_3 >>> 16) & 255]! << 16) | (S[(r9_0 >>> 8) & 255]! << 8) | S[r9_1 & 255]!) ^ k42;
        const f3 = ((S[r9_3 >>> 24]! << 24) | (S[(r9_0 >>> 16) & 255]! << 16) | (S[(r9_1 >>> 8) & 255]! << 8) | S[r9_2 & 255]!) ^ k43;
        const o = offset + found * 16;
        out[o] = f0 >>> 24;
        out[o + 1] = f0 >>> 16;
        out[o + 2] = f0 >>> 8;
        out[o + 3] = f0;
        out[o + 4] = f1 >>> 24;
        out[o + 5] = f1 >>> 16;
        out[o + 6] = f1 >>> 8;
        out[o + 7] = f1;
        out[o + 8] = f2 >>> 24;
        out[o + 9] = f2 >>> 16;
        out[o + 10] = f2 >>> 8;
        out[o + 11] = f2;
        out[o + 12] = f3 >>> 24;
        out[o + 13] = f3 >>> 16;
        out[o + 14] = f3 >>> 8;
        out[o + 15] = f3;
        if (intervalsOut !== null) intervalsOut[found] = start + j;
        found++;
      }
    }
    return found;
  }
  return { expandKey128, encryptWords, encryptPaddedRange, filterPaddedRange, tables: { te: [TE0, TE1, TE2, TE3], sbox: SBOX } };
}

const kernels: AesKernels = createAesKernels();

/**
 * Expands a 16-byte key into the 44 round-key words of AES-128.
 *
 * @internal
 */
export const expandKey128: AesKernels['expandKey128'] = kernels.expandKey128;
/**
 * Encrypts one block given as four big-endian words; writes 16 bytes to `out` at `o`.
 *
 * @internal
 */
export const encryptWords: AesKernels['encryptWords'] = kernels.encryptWords;
/**
 * Encrypts the GAEN PaddedData blocks of intervals `start .. start+count-1` (see the kernel's comment).
 *
 * @internal
 */
export const encryptPaddedRange: AesKernels['encryptPaddedRange'] = kernels.encryptPaddedRange;
/**
 * Prefix-filtered RPI derivation (see the kernel's comment).
 *
 * @internal
 */
export const filterPaddedRange: AesKernels['filterPaddedRange'] = kernels.filterPaddedRange;

/**
 * Copies of the T-tables and the S-box.
 *
 * @internal
 */
export function aesTables(): { te: Int32Array[]; sbox: Uint8Array } {
  return { te: kernels.tables.te.map((t) => t.slice()), sbox: kernels.tables.sbox.slice() };
}
