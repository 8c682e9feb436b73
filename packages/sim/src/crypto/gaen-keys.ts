/**
 * GAEN key material of a simulated phone-day: TEK → RPIK/AEMK → the day's 144 RPIs and AEMs.
 * RPIK, AEMK and RPIs come from `@healthtrace/rolling-id` (`deriveTekKeys`, `deriveRpis`). AEMs for a whole day are computed here in one batch:
 * AES-128-CTR with IV = RPI over 4 bytes is the first 4 bytes of AES-ECB(AEMK, RPI) XOR metadata, so one
 * ECB call over 144 blocks replaces 144 CTR cipher set-ups (the per-call set-up, not AES, dominates the cost;
 * the test suite checks the result against `encryptAem` and the official vectors).
 *
 * @packageDocumentation
 */

import { createCipheriv } from 'node:crypto';
import { deriveRpik, deriveRpis, deriveTekKeys, encodeMetadata } from '@healthtrace/rolling-id';

/** RPIs per day (GAEN rolling period). */
export const INTERVALS_PER_DAY = 144;

/**
 * AEMK of a TEK (via `@healthtrace/rolling-id`).
 *
 * @param tek - 16-byte temporary exposure key.
 * @returns the 16-byte AEMK.
 * @example
 * ```ts
 * const aemk = aemkOf(tek);
 * ```
 */
export function aemkOf(tek: Uint8Array): Uint8Array {
  return deriveTekKeys(tek).aemk;
}

/**
 * The 4-byte GAEN metadata a phone advertises: version 1.0 and its calibrated TX power
 * (`encodeMetadata` of `@healthtrace/rolling-id`).
 *
 * @param txPowerDbm - TX power in dBm (−128..127).
 * @returns 4 bytes `[0x40, tx, 0, 0]`.
 * @example
 * ```ts
 * gaenMetadata(8); // Uint8Array [0x40, 0x08, 0, 0]
 * ```
 */
export function gaenMetadata(txPowerDbm: number): Uint8Array {
  return encodeMetadata({ txPowerDbm });
}

/** The identifiers one phone advertises during one UTC day. */
export interface DayIdentifiers {
  /** 144 × 16 bytes: the RPI of interval (day start + i) at offset 16·i. */
  rpis: Uint8Array;
  /** 144 × 4 bytes: the AEM broadcast with each RPI. */
  aems: Uint8Array;
}

/**
 * The RPIs of `count` intervals of a TEK, from `startInterval` (16 bytes each).
 *
 * @param tek - 16-byte TEK.
 * @param startInterval - first interval number.
 * @param count - number of intervals.
 * @returns count × 16 bytes.
 * @example
 * ```ts
 * const rpis = deriveDayRpis(tek, 2642976, 144);
 * ```
 */
export function deriveDayRpis(tek: Uint8Array, startInterval: number, count: number): Uint8Array {
  return deriveRpis(deriveRpik(tek), startInterval, count);
}

/**
 * Derives a phone-day's RPIs and AEMs.
 *
 * @param tek - the day's TEK (16 bytes).
 * @param startInterval - the first interval number of the day (a multiple of 144).
 * @param metadata - 4 bytes of metadata.
 * @returns RPIs and AEMs for the 144 intervals.
 * @example
 * ```ts
 * const { rpis, aems } = dayIdentifiers(tek, 2642976, gaenMetadata(-30));
 * ```
 */
export function dayIdentifiers(tek: Uint8Array, startInterval: number, metadata: Uint8Array): DayIdentifiers {
  const { rpik, aemk } = deriveTekKeys(tek);
  const rpis = deriveRpis(rpik, startInterval, INTERVALS_PER_DAY);
  return { rpis, aems: aemsForRpis(aemk, rpis, metadata) };
}

/**
 * AEMs for a run of RPIs in one ECB batch (equal to `encryptAem(aemk, rpi, metadata)` for each RPI).
 *
 * @param aemk - 16-byte AEMK.
 * @param rpis - n × 16 bytes.
 * @param metadata - 4 bytes.
 * @returns n × 4 bytes.
 * @example
 * ```ts
 * const aems = aemsForRpis(aemk, rpis, gaenMetadata(-30));
 * ```
 */
export function aemsForRpis(aemk: Uint8Array, rpis: Uint8Array, metadata: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-ecb', aemk, null).setAutoPadding(false);
  const stream = cipher.update(rpis);
  cipher.final();
  const n = rpis.length >>> 4;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) out[i * 4 + k] = stream[i * 16 + k]! ^ metadata[k]!;
  }
  return out;
}

/**
 * Decrypts one AEM (4 bytes) to its metadata.
 *
 * @param aemk - 16-byte AEMK.
 * @param rpi - the 16-byte RPI it was broadcast with.
 * @param aem - the 4-byte AEM.
 * @returns the 4 metadata bytes.
 * @example
 * ```ts
 * const tx = (decryptAemBatch(aemk, rpi, aem)[1]! << 24) >> 24;
 * ```
 */
export function decryptAemBatch(aemk: Uint8Array, rpi: Uint8Array, aem: Uint8Array): Uint8Array {
  return aemsForRpis(aemk, rpi, aem);
}
