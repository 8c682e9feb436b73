import { assertBytes, assertInteger } from '@healthtrace/core';
import { expandKey128, filterPaddedRange } from './aes-fast';
import { wasmFilterKernel, wasmFilterScan, wipeWasmRoundKeys } from './aes-filter-wasm';
import { hkdfEnFast, wipeHkdfScratch } from './hkdf-fast';
import { MAX_INTERVAL_NUMBER } from './intervals';

/**
 * Size in bytes of an RPI prefix filter: one bit for each of the 2^20 values of an RPI's first 20 bits (128 KiB,
 * small enough to stay in the CPU's L2 cache).
 *
 * @example
 * ```ts
 * const filter = new Uint8Array(RPI_PREFIX_FILTER_BYTES);
 * ```
 */
export const RPI_PREFIX_FILTER_BYTES: number = 1 << 17;

/**
 * The filter bit of an RPI: its first 20 bits, `(rpi[0] << 12) | (rpi[1] << 4) | (rpi[2] >> 4)`.
 *
 * @param rpi - bytes holding an RPI.
 * @param offset - where the RPI starts in `rpi` (default 0).
 * @returns a bit index in `0 .. 2^20 − 1`.
 * @throws TypeError when `rpi` is not a `Uint8Array`.
 * @throws RangeError when fewer than 3 bytes follow `offset`.
 * @example
 * ```ts
 * rpiPrefixBit(hexToBytes('8b0b1a4f0f3ba6bd6a4a3c5e3cf5d1a0')); // 0x8b0b1
 * ```
 */
export function rpiPrefixBit(rpi: Uint8Array, offset = 0): number {
  assertBytes(rpi, 'rpi');
  assertInteger(offset, 'offset', 0, Math.max(0, rpi.length - 3));
  if (rpi.length < offset + 3) throw new RangeError(`rpi must hold 3 bytes at offset ${offset}, got ${rpi.length} bytes`);
  return (rpi[offset]! << 12) | (rpi[offset + 1]! << 4) | (rpi[offset + 2]! >>> 4);
}

/**
 * Builds an RPI prefix filter (a one-hash Bloom filter over the first 20 bits) from the RPIs a phone has heard.
 * Used with {@link deriveRpisMatchingPrefix}: it lets a matcher skip most of the work for the ~96 % of derived
 * RPIs that cannot match (with 40,000 distinct RPIs heard, about 4 % of random prefixes are set).
 *
 * @param rpis - the RPIs heard (16 bytes each; only the first 3 bytes are used).
 * @returns a new filter of {@link RPI_PREFIX_FILTER_BYTES} bytes.
 * @throws TypeError when an item is not a `Uint8Array`.
 * @throws RangeError when an item is shorter than 3 bytes.
 * @example
 * ```ts
 * const filter = createRpiPrefixFilter(sightings.map((s) => s.id));
 * ```
 */
export function createRpiPrefixFilter(rpis: Iterable<Uint8Array>): Uint8Array {
  const filter = new Uint8Array(RPI_PREFIX_FILTER_BYTES);
  for (const rpi of rpis) {
    const bit = rpiPrefixBit(rpi);
    filter[bit >>> 3] = filter[bit >>> 3]! | (1 << (bit & 7));
  }
  return filter;
}

/** Round-key scratch; wiped after each call. */
const RK = new Int32Array(44);

/**
 * Derives the RPIs of `count` consecutive intervals but keeps only those whose first 20 bits are set in `filter`
 * (see {@link createRpiPrefixFilter}): the candidate RPIs go to `rpisOut` (16 bytes each, in interval order) and
 * their intervals to `intervalsOut`. The caller then looks each candidate up exactly. Same bytes as
 * {@link deriveRpis} for every interval kept (tested against it and the official vectors).
 *
 * Always runs the table-driven JS AES, also on Node: for an interval that fails the filter it computes only the
 * three round-9 columns and three S-box lookups that the first three RPI bytes need and stores nothing, while
 * `node:crypto` would need a new cipher object (and its garbage) per key and all 16 bytes of every block.
 * Not constant-time (see the package README, "Security"); RPIKs of published diagnosis keys are public.
 *
 * @param rpik - the 16-byte RPIK.
 * @param startInterval - ENIN of the first interval.
 * @param count - number of intervals (at most 2^24).
 * @param filter - a prefix filter of {@link RPI_PREFIX_FILTER_BYTES} bytes.
 * @param rpisOut - output of at least `16 * count` bytes.
 * @param intervalsOut - output of at least `count` entries.
 * @returns the number of candidates written.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `rpik` is not 16 bytes, `filter` has the wrong size, an output is too short or the
 *   interval range leaves 32 bits.
 * @example
 * ```ts
 * const rpis = new Uint8Array(144 * 16);
 * const intervals = new Uint32Array(144);
 * const n = deriveRpisMatchingPrefix(deriveRpik(tek), 2642976, 144, filter, rpis, intervals);
 * for (let i = 0; i < n; i++) lookUp(rpis.subarray(16 * i, 16 * i + 16), intervals[i]);
 * ```
 */
export function deriveRpisMatchingPrefix(
  rpik: Uint8Array,
  startInterval: number,
  count: number,
  filter: Uint8Array,
  rpisOut: Uint8Array,
  intervalsOut: Uint32Array,
): number {
  assertBytes(rpik, 'rpik', 16);
  assertInteger(startInterval, 'startInterval', 0, MAX_INTERVAL_NUMBER);
  assertInteger(count, 'count', 0, Math.min(1 << 24, MAX_INTERVAL_NUMBER - startInterval + 1));
  assertBytes(filter, 'filter', RPI_PREFIX_FILTER_BYTES);
  assertBytes(rpisOut, 'rpisOut');
  if (rpisOut.length < 16 * count) throw new RangeError(`rpisOut must be at least ${16 * count} bytes, got ${rpisOut.length}`);
  if (!(intervalsOut instanceof Uint32Array)) throw new TypeError('intervalsOut must be a Uint32Array');
  if (intervalsOut.length < count) throw new RangeError(`intervalsOut must hold at least ${count} entries, got ${intervalsOut.length}`);
  expandKey128(rpik, RK);
  try {
    return filterPaddedRange(RK, startInterval, count, filter, rpisOut, intervalsOut);
  } finally {
    RK.fill(0);
  }
}

/**
 * A reusable prefix-filtered RPI deriver for matching many keys against one filter: the filter is checked once, each
 * key's AES round keys are expanded once (whatever the number of interval ranges scanned with it), and
 * {@link RpiPrefixScanner.setTek} goes from a TEK to the round keys without allocating.
 */
export interface RpiPrefixScanner {
  /**
   * Uses `tek` (a Temporary Exposure Key) for the next scans: derives its RPIK and expands it.
   *
   * @param tek - 16 bytes.
   * @throws TypeError / RangeError when `tek` is not 16 bytes.
   */
  setTek(tek: Uint8Array): void;
  /**
   * Uses `rpik` for the next scans.
   *
   * @param rpik - 16 bytes.
   * @throws TypeError / RangeError when `rpik` is not 16 bytes.
   */
  setRpik(rpik: Uint8Array): void;
  /**
   * As {@link deriveRpisMatchingPrefix} with the current key.
   *
   * @param startInterval - ENIN of the first interval.
   * @param count - number of intervals.
   * @param rpisOut - output of at least `16 * count` bytes.
   * @param intervalsOut - output of at least `count` entries.
   * @returns the number of candidates written.
   * @throws Error when no key was set; TypeError / RangeError on bad arguments.
   */
  scan(startInterval: number, count: number, rpisOut: Uint8Array, intervalsOut: Uint32Array): number;
  /** Wipes the round keys (call when done with the last key). */
  wipe(): void;
}

/**
 * Creates an {@link RpiPrefixScanner} over `filter` (see {@link createRpiPrefixFilter}).
 *
 * @param filter - a prefix filter of {@link RPI_PREFIX_FILTER_BYTES} bytes (read at each scan; do not change it while
 *   the scanner is in use: the WebAssembly kernel keeps a copy made at the first scan).
 * @returns the scanner.
 * @throws TypeError / RangeError when `filter` is not a Uint8Array of the right size.
 * @example
 * ```ts
 * const scanner = createRpiPrefixScanner(filter);
 * for (const key of keys) {
 *   scanner.setTek(key.keyData);
 *   const n = scanner.scan(key.rollingStartIntervalNumber, key.rollingPeriod, rpis, intervals);
 * }
 * scanner.wipe();
 * ```
 */
export function createRpiPrefixScanner(filter: Uint8Array): RpiPrefixScanner {
  assertBytes(filter, 'filter', RPI_PREFIX_FILTER_BYTES);
  const rk = new Int32Array(44);
  const rpik = new Uint8Array(16);
  let keyed = false;
  const scanner: RpiPrefixScanner = {
    setTek(tek) {
      assertBytes(tek, 'tek', 16);
      hkdfEnFast(tek, 0, rpik, 0, 0, false);
      expandKey128(rpik, rk);
      rpik.fill(0);
      keyed = true;
    },
    setRpik(key) {
      assertBytes(key, 'rpik', 16);
      expandKey128(key, rk);
      keyed = true;
    },
    scan(startInterval, count, rpisOut, intervalsOut) {
      if (!keyed) throw new Error('set a key with setTek or setRpik before scanning');
      assertInteger(startInterval, 'startInterval', 0, MAX_INTERVAL_NUMBER);
      assertInteger(count, 'count', 0, Math.min(1 << 24, MAX_INTERVAL_NUMBER - startInterval + 1));
      if (!(rpisOut instanceof Uint8Array) || rpisOut.length < 16 * count) {
        throw new RangeError(`rpisOut must be a Uint8Array of at least ${16 * count} bytes`);
      }
      if (!(intervalsOut instanceof Uint32Array) || intervalsOut.length < count) {
        throw new RangeError(`intervalsOut must be a Uint32Array of at least ${count} entries`);
      }
      // The WebAssembly kernel where there is one (same bytes; steady speed on worker threads too), else JS.
      const wasm = wasmFilterKernel();
      if (wasm !== undefined) return wasmFilterScan(wasm, scanner, filter, rk, startInterval, count, rpisOut, intervalsOut);
      return filterPaddedRange(rk, startInterval, count, filter, rpisOut, intervalsOut);
    },
    wipe() {
      rk.fill(0);
      wipeHkdfScratch();
      const wasm = wasmFilterKernel();
      if (wasm !== undefined) wipeWasmRoundKeys(wasm);
      keyed = false;
    },
  };
  return scanner;
}
