import { assertBytes, assertInteger } from '@healthtrace/core';
import { activeBackend } from './backend';
import { hkdfEnFast, wipeHkdfScratch } from './hkdf-fast';
import { MAX_INTERVAL_NUMBER } from './intervals';

/** Largest number of RPIs one call derives (2^24, i.e. 256 MiB of output). */
const MAX_COUNT = 1 << 24;

/**
 * Generates a new Temporary Exposure Key: 16 bytes from `crypto.getRandomValues`.
 *
 * @returns 16 random bytes.
 * @throws Error when the runtime has no `crypto.getRandomValues` (React Native needs a polyfill such as `react-native-get-random-values`).
 * @example
 * ```ts
 * const tek = generateTek();
 * ```
 */
export function generateTek(): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== 'function') throw new Error('crypto.getRandomValues is not available in this runtime');
  return c.getRandomValues(new Uint8Array(16));
}

/**
 * Derives the Rolling Proximity Identifier Key: HKDF-SHA256(TEK, empty salt, `"EN-RPIK"`, 16).
 *
 * @param tek - the 16-byte Temporary Exposure Key.
 * @returns the 16-byte RPIK.
 * @throws TypeError when `tek` is not a `Uint8Array`.
 * @throws RangeError when `tek` is not 16 bytes.
 * @example
 * ```ts
 * bytesToHex(deriveRpik(hexToBytes('75c734c6dd1a782de7a965da5eb93125'))); // "185ad91db69ec7dd048960f1f3ba6175"
 * ```
 */
export function deriveRpik(tek: Uint8Array): Uint8Array {
  assertBytes(tek, 'tek', 16);
  const out = new Uint8Array(16);
  hkdfEnFast(tek, 0, out, 0);
  return out;
}

/**
 * Derives the Associated Encrypted Metadata Key: HKDF-SHA256(TEK, empty salt, `"EN-AEMK"`, 16).
 *
 * @param tek - the 16-byte Temporary Exposure Key.
 * @returns the 16-byte AEMK.
 * @throws TypeError when `tek` is not a `Uint8Array`.
 * @throws RangeError when `tek` is not 16 bytes.
 * @example
 * ```ts
 * bytesToHex(deriveAemk(hexToBytes('75c734c6dd1a782de7a965da5eb93125'))); // "d57c46af7a1d83965b9bed8bd152936a"
 * ```
 */
export function deriveAemk(tek: Uint8Array): Uint8Array {
  assertBytes(tek, 'tek', 16);
  const out = new Uint8Array(16);
  hkdfEnFast(tek, 1, out, 0);
  return out;
}

/**
 * Derives RPIK and AEMK together (sharing the HKDF extract step: cheaper than two calls).
 *
 * @param tek - the 16-byte Temporary Exposure Key.
 * @returns `{ rpik, aemk }`, 16 bytes each.
 * @throws TypeError when `tek` is not a `Uint8Array`.
 * @throws RangeError when `tek` is not 16 bytes.
 * @example
 * ```ts
 * const { rpik, aemk } = deriveTekKeys(tek);
 * ```
 */
export function deriveTekKeys(tek: Uint8Array): { rpik: Uint8Array; aemk: Uint8Array } {
  assertBytes(tek, 'tek', 16);
  const both = new Uint8Array(32);
  hkdfEnFast(tek, 2, both, 0);
  return { rpik: both.slice(0, 16), aemk: both.slice(16, 32) };
}

function checkRange(startInterval: number, count: number): void {
  assertInteger(startInterval, 'startInterval', 0, MAX_INTERVAL_NUMBER);
  assertInteger(count, 'count', 0, Math.min(MAX_COUNT, MAX_INTERVAL_NUMBER - startInterval + 1));
}

function checkOut(out: Uint8Array | undefined, length: number): Uint8Array {
  if (out === undefined) return new Uint8Array(length);
  assertBytes(out, 'out');
  if (out.length < length) throw new RangeError(`out must be at least ${length} bytes, got ${out.length}`);
  return out;
}

/**
 * Derives the Rolling Proximity Identifiers of `count` consecutive intervals:
 * RPI_j = AES-128(RPIK, `"EN-RPI"` ‖ 0x00×6 ‖ ENIN_j as uint32 LE). The hot path of
 * matching; it uses the fastest available backend (see {@link setCryptoBackend}).
 *
 * @param rpik - the 16-byte RPIK.
 * @param startInterval - ENIN of the first RPI.
 * @param count - number of RPIs (e.g. {@link ROLLING_PERIOD}).
 * @param out - optional output buffer of at least `16 * count` bytes (reused to avoid allocation).
 * @returns `out` (or a new array) holding the RPI of interval `startInterval + i` at offset `16 i`.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `rpik` is not 16 bytes, the interval range leaves 32 bits, or `out` is too short.
 * @example
 * ```ts
 * const rpis = deriveRpis(deriveRpik(tek), 2642976, 144); // 2304 bytes
 * ```
 */
export function deriveRpis(rpik: Uint8Array, startInterval: number, count: number, out?: Uint8Array): Uint8Array {
  assertBytes(rpik, 'rpik', 16);
  checkRange(startInterval, count);
  const target = checkOut(out, count * 16);
  activeBackend().rpis(rpik, startInterval, count, target, 0);
  return target;
}

/**
 * Bulk derivation for many TEKs: RPIK and `count` RPIs from `startInterval` for each
 * 16-byte TEK in `teks` (the workload of matching a diagnosis-key file).
 *
 * @param teks - `16 n` bytes: n TEKs back to back.
 * @param startInterval - ENIN of each key's first RPI.
 * @param count - RPIs per key.
 * @param out - optional output of at least `16 * count * n` bytes.
 * @returns key k's RPI of interval `startInterval + i` at offset `16 (k count + i)`.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `teks` is not a multiple of 16 bytes, the range leaves 32 bits, or `out` is too short.
 * @example
 * ```ts
 * const all = deriveRpisForTeks(teks, 2642976, 144); // teks.length * 144 bytes
 * ```
 */
export function deriveRpisForTeks(teks: Uint8Array, startInterval: number, count: number, out?: Uint8Array): Uint8Array {
  assertBytes(teks, 'teks');
  if (teks.length % 16 !== 0) throw new RangeError(`teks must be a multiple of 16 bytes, got ${teks.length}`);
  checkRange(startInterval, count);
  const n = teks.length / 16;
  const target = checkOut(out, n * count * 16);
  const backend = activeBackend();
  const rpik = new Uint8Array(16);
  try {
    for (let k = 0; k < n; k++) {
      hkdfEnFast(teks, 0, rpik, 0, 16 * k, false);
      backend.rpis(rpik, startInterval, count, target, 16 * k * count);
    }
  } finally {
    wipeHkdfScratch();
    rpik.fill(0);
  }
  return target;
}

/**
 * The RPI of one interval.
 *
 * @param rpik - the 16-byte RPIK.
 * @param interval - the ENIntervalNumber.
 * @returns the 16-byte RPI.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `rpik` is not 16 bytes or `interval` is outside 32 bits.
 * @example
 * ```ts
 * rpiForInterval(rpik, intervalNumber(Date.now()));
 * ```
 */
export function rpiForInterval(rpik: Uint8Array, interval: number): Uint8Array {
  assertBytes(rpik, 'rpik', 16);
  assertInteger(interval, 'interval', 0, MAX_INTERVAL_NUMBER);
  const out = new Uint8Array(16);
  activeBackend().rpis(rpik, interval, 1, out, 0);
  return out;
}

/** AES-128-CTR of 4 bytes with IV = RPI: XOR with the first 4 bytes of AES(AEMK, RPI). */
function aemCtr(aemk: Uint8Array, rpi: Uint8Array, data: Uint8Array): Uint8Array {
  const ks = activeBackend().encryptBlock(aemk, rpi);
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = data[i]! ^ ks[i]!;
  ks.fill(0);
  return out;
}

/**
 * Encrypts the 4-byte metadata into the Associated Encrypted Metadata:
 * AES-128-CTR(AEMK, IV = RPI).
 *
 * @param aemk - the 16-byte AEMK.
 * @param rpi - the 16-byte RPI broadcast alongside (the CTR initial counter block).
 * @param metadata - the 4-byte metadata (see {@link encodeMetadata}).
 * @returns the 4-byte AEM.
 * @throws TypeError when an argument is not a `Uint8Array`.
 * @throws RangeError when `aemk`, `rpi` or `metadata` has the wrong length.
 * @example
 * ```ts
 * encryptAem(aemk, rpi, encodeMetadata({ txPowerDbm: 8 }));
 * ```
 */
export function encryptAem(aemk: Uint8Array, rpi: Uint8Array, metadata: Uint8Array): Uint8Array {
  assertBytes(aemk, 'aemk', 16);
  assertBytes(rpi, 'rpi', 16);
  assertBytes(metadata, 'metadata', 4);
  return aemCtr(aemk, rpi, metadata);
}

/**
 * Decrypts an AEM back to the 4-byte metadata (CTR mode: the same operation as encryption).
 *
 * @param aemk - the 16-byte AEMK.
 * @param rpi - the 16-byte RPI received with the AEM.
 * @param aem - the 4-byte AEM.
 * @returns the 4-byte metadata (see {@link decodeMetadata}).
 * @throws TypeError when an argument is not a `Uint8Array`.
 * @throws RangeError when `aemk`, `rpi` or `aem` has the wrong length.
 * @example
 * ```ts
 * decodeMetadata(decryptAem(aemk, rpi, aem)).txPowerDbm;
 * ```
 */
export function decryptAem(aemk: Uint8Array, rpi: Uint8Array, aem: Uint8Array): Uint8Array {
  assertBytes(aemk, 'aemk', 16);
  assertBytes(rpi, 'rpi', 16);
  assertBytes(aem, 'aem', 4);
  return aemCtr(aemk, rpi, aem);
}
