/**
 * Population-scale matching: each day's diagnosis keys are expanded to RPIs ONCE for the whole population
 * and indexed by their first two bytes (Google's matcher uses the same 65,536-entry prefix table,
 * `kIdPrefixIndexSize`), then every phone's stored sightings are looked up in that index.
 *
 * @packageDocumentation
 */

import { decodeMetadata, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { aemkOf, aemsForRpis, deriveDayRpis, INTERVALS_PER_DAY } from '../crypto/gaen-keys';
import type { SightingStore } from '../scan/sighting-store';

/** A diagnosis key the simulator publishes, with whose key it is (bookkeeping only; never used by matching). */
export interface DiagnosisKey extends TemporaryExposureKey {
  /** Agent who uploaded the key. */
  owner: number;
}

/** A sighting that matched a diagnosis key. */
export interface KeyMatch {
  /** Store (day) of the sighting. */
  store: number;
  /** Row in that store. */
  row: number;
  /** Index of the key in the batch. */
  key: number;
  /** TX power (dBm) decrypted from the AEM. */
  txPowerDbm: number;
  /** Calibration confidence decrypted from the AEM. */
  calibrationConfidence: number;
}

/** Maximum gap (intervals) between a sighting's time and its RPI's interval that GAEN accepts (2 hours). */
export const INTERVAL_TOLERANCE = 12;

/**
 * Matches every stored sighting against a batch of diagnosis keys.
 *
 * @param keys - the batch (e.g. one day's export).
 * @param stores - the sighting stores to search (each phone keeps 14 days).
 * @returns the matches, in store then row order.
 * @example
 * ```ts
 * const matches = matchPopulation(keys, lastFourteenDays);
 * ```
 */
export function matchPopulation(keys: readonly TemporaryExposureKey[], stores: readonly SightingStore[]): KeyMatch[] {
  const matches: KeyMatch[] = [];
  if (keys.length === 0) return matches;
  // Expand each key once.
  const perKey = keys.map((k) => Math.min(k.rollingPeriod || INTERVALS_PER_DAY, INTERVALS_PER_DAY));
  const offsets = new Uint32Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + perKey[i]!;
  const total = offsets[keys.length]!;
  const rpis = new Uint8Array(total * 16);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    rpis.set(deriveDayRpis(k.keyData, k.rollingStartIntervalNumber, perKey[i]!), offsets[i]! * 16);
  }
  // Prefix index (CSR over the first two bytes).
  const head = new Uint32Array(65_537);
  for (let j = 0; j < total; j++) head[((rpis[j * 16]! << 8) | rpis[j * 16 + 1]!) + 1]!++;
  for (let p = 0; p < 65_536; p++) head[p + 1]! += head[p]!;
  const slots = new Uint32Array(total);
  const fill = head.slice(0, 65_536);
  for (let j = 0; j < total; j++) slots[fill[(rpis[j * 16]! << 8) | rpis[j * 16 + 1]!]!++] = j;
  const keyOfSlot = (j: number): number => {
    let lo = 0;
    let hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid]! <= j) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const aemks = new Map<number, Uint8Array>();
  for (let s = 0; s < stores.length; s++) {
    const st = stores[s]!;
    const table = st.ids;
    if (table.idLength !== 16) continue;
    const ids = table.id;
    // Look up each distinct identifier heard that day once; the rows that heard it follow.
    const hits = new Map<number, number[]>();
    for (let u = 0; u < table.count; u++) {
      const o = u * 16;
      const p = (ids[o]! << 8) | ids[o + 1]!;
      for (let q = head[p]!; q < head[p + 1]!; q++) {
        const j = slots[q]!;
        const c = j * 16;
        let equal = true;
        for (let b = 2; b < 16; b++) {
          if (ids[o + b] !== rpis[c + b]) {
            equal = false;
            break;
          }
        }
        if (!equal) continue;
        const list = hits.get(u);
        if (list === undefined) hits.set(u, [j]);
        else list.push(j);
      }
    }
    if (hits.size === 0) continue;
    const hit = new Uint8Array(table.count);
    for (const u of hits.keys()) hit[u] = 1;
    const ref = st.idRef;
    for (let r = 0; r < st.count; r++) {
      const u = ref[r]!;
      if (hit[u] === 0) continue;
      for (const j of hits.get(u)!) {
        const key = keyOfSlot(j);
        const rpiInterval = keys[key]!.rollingStartIntervalNumber + (j - offsets[key]!);
        const seen = Math.floor(st.time[r]! / 600);
        if (Math.abs(seen - rpiInterval) > INTERVAL_TOLERANCE) continue;
        let aemk = aemks.get(key);
        if (aemk === undefined) {
          aemk = aemkOf(keys[key]!.keyData);
          aemks.set(key, aemk);
        }
        const meta = decodeMetadata(aemsForRpis(aemk, ids.subarray(u * 16, u * 16 + 16), table.aem.subarray(u * 4, u * 4 + 4)));
        matches.push({ store: s, row: r, key, txPowerDbm: meta.txPowerDbm, calibrationConfidence: meta.calibrationConfidence });
      }
    }
  }
  return matches;
}
