/**
 * Population-scale Bluezone matching: the BLIDs of every F0 daily key pushed on a day are derived ONCE for the
 * whole population (`bluezoneDailyKey` and `bluezoneBlidBytes` of `@healthtrace/rolling-id`) and indexed by
 * their first two bytes; every phone's stored sightings are then looked up in that index. A sighting matches
 * an F0 entry when its BLID equals the BLID of a slot and it was heard inside that slot's time window, exactly
 * the rule of the per-phone `matchBluezone` of `@healthtrace/encounters` (which the simulator re-runs on a
 * sample of phones and compares).
 *
 * @packageDocumentation
 */

import { BLUEZONE_ID_LENGTH, bluezoneBlidBytes, bluezoneDailyKey, type F0Entry } from '@healthtrace/rolling-id';
import type { SightingStore } from '../scan/sighting-store';

const DAY_MS = 86_400_000;

/** Milliseconds added to a scan's start (Unix seconds) to get the time a sighting is logged at: mid-scan. */
export const SIGHTING_OFFSET_MS = 2000;

/** A sighting that matched an F0 entry. */
export interface BluezoneKeyMatch {
  /** Store (day) of the sighting. */
  store: number;
  /** Row in that store. */
  row: number;
  /** Index of the F0 entry. */
  entry: number;
}

/**
 * Matches every stored Bluezone sighting against the F0 entries of a push.
 *
 * @param entries - F0 entries (as parsed by `parseF0Payload`).
 * @param stores - the sighting stores to search (Bluezone stores: 12-byte identifiers).
 * @returns the matches, in store, row, then entry order.
 * @throws RangeError for an entry whose `max` is not an integer in 1..86400.
 * @example
 * ```ts
 * const matches = matchBluezonePopulation(parseF0Payload(payload), lastFourteenDays);
 * ```
 */
export function matchBluezonePopulation(entries: readonly F0Entry[], stores: readonly SightingStore[]): BluezoneKeyMatch[] {
  const matches: BluezoneKeyMatch[] = [];
  if (entries.length === 0) return matches;
  // Every slot of every day of every entry, with its time window (as matchBluezone walks them).
  let total = 0;
  const days = entries.map((e) => {
    if (!Number.isInteger(e.max) || e.max < 1 || e.max > 86_400)
      throw new RangeError(`entry max must be an integer in 1..86400, got ${e.max}`);
    const span = e.timeEnd * 1000 - e.timeStart * 1000;
    const n = span > 0 ? Math.ceil(span / DAY_MS) : 0;
    total += n * e.max;
    return n;
  });
  const L = BLUEZONE_ID_LENGTH;
  const blids = new Uint8Array(total * L);
  const entryOf = new Uint32Array(total);
  const slotStart = new Float64Array(total);
  const slotEnd = new Float64Array(total);
  let j = 0;
  entries.forEach((e, k) => {
    const startMs = e.timeStart * 1000;
    const endMs = e.timeEnd * 1000;
    const slotMs = DAY_MS / e.max;
    for (let d = 0; d < days[k]!; d++) {
      blids.set(bluezoneBlidBytes(bluezoneDailyKey(e.dailyKey, d), e.max), j * L);
      for (let s = 0; s < e.max; s++, j++) {
        entryOf[j] = k;
        slotStart[j] = startMs + d * DAY_MS + Math.ceil(s * slotMs);
        slotEnd[j] = Math.min(startMs + d * DAY_MS + Math.ceil((s + 1) * slotMs), endMs);
      }
    }
  });
  const head = new Uint32Array(65_537);
  for (let q = 0; q < total; q++) head[((blids[q * L]! << 8) | blids[q * L + 1]!) + 1]!++;
  for (let p = 0; p < 65_536; p++) head[p + 1]! += head[p]!;
  const slots = new Uint32Array(total);
  const fill = head.slice(0, 65_536);
  for (let q = 0; q < total; q++) slots[fill[(blids[q * L]! << 8) | blids[q * L + 1]!]!++] = q;

  for (let s = 0; s < stores.length; s++) {
    const st = stores[s]!;
    const table = st.ids;
    if (table.idLength !== L) continue;
    const ids = table.id;
    const hits = new Map<number, number[]>();
    for (let u = 0; u < table.count; u++) {
      const o = u * L;
      const p = (ids[o]! << 8) | ids[o + 1]!;
      for (let q = head[p]!; q < head[p + 1]!; q++) {
        const c = slots[q]! * L;
        let equal = true;
        for (let b = 2; b < L; b++) {
          if (ids[o + b] !== blids[c + b]) {
            equal = false;
            break;
          }
        }
        if (!equal) continue;
        const list = hits.get(u);
        if (list === undefined) hits.set(u, [slots[q]!]);
        else list.push(slots[q]!);
      }
    }
    if (hits.size === 0) continue;
    const hit = new Uint8Array(table.count);
    for (const u of hits.keys()) hit[u] = 1;
    for (let r = 0; r < st.count; r++) {
      const u = st.idRef[r]!;
      if (hit[u] === 0) continue;
      const t = st.time[r]! * 1000 + SIGHTING_OFFSET_MS;
      const seen = new Set<number>();
      for (const q of hits.get(u)!) {
        if (t < slotStart[q]! || t >= slotEnd[q]!) continue;
        const entry = entryOf[q]!;
        if (seen.has(entry)) continue;
        seen.add(entry);
        matches.push({ store: s, row: r, entry });
      }
    }
  }
  matches.sort((x, y) => x.store - y.store || x.row - y.row || x.entry - y.entry);
  return matches;
}
