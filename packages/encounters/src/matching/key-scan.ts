import { bytesToHex } from '@healthtrace/core';
import { createRpiPrefixScanner, ROLLING_PERIOD, type RpiPrefixScanner, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { MATCH_TOLERANCE_INTERVALS, type SightingIndex } from './sighting-index';

/** A diagnosis key that matched at least one sighting. */
export interface MatchedKey {
  /** The key (a copy). */
  key: TemporaryExposureKey;
  /** Indices (into the {@link SightingIndex}) of the matching sightings, ascending. */
  sightings: number[];
}

/** Counters of a key scan. */
export interface KeyScanStats {
  /** Keys looked at. */
  keysScanned: number;
  /** RPIs derived (only intervals that can match are derived). */
  rpisDerived: number;
}

const scratch = new Uint8Array(ROLLING_PERIOD * 16);
const scratchWords = new Int32Array(scratch.buffer);
const scratchIntervals = new Uint32Array(ROLLING_PERIOD);

/**
 * Matches diagnosis keys against a sighting index. For each key, only the intervals of its 144-interval range
 * that lie within ±12 intervals of some sighting are derived (Google's native matcher also derives all 144
 * regardless of `rolling_period`); every derived RPI whose first 20 bits are in the index's prefix filter is looked up
 * exactly in the index (`deriveRpisMatchingPrefix` finishes only those blocks), and a sighting matches when its
 * interval is within ±12 of the RPI's.
 *
 * @param index - the sightings.
 * @param keys - diagnosis keys.
 * @param matched - results by hex key; a key seen again (e.g. in `revised_keys`) updates its metadata.
 * @param stats - counters to update.
 * @example
 * ```ts
 * const matched = new Map();
 * scanKeys(SightingIndex.build(log), exportFile.keys, matched, { keysScanned: 0, rpisDerived: 0 });
 * ```
 */
export function scanKeys(
  index: SightingIndex,
  keys: readonly TemporaryExposureKey[],
  matched: Map<string, MatchedKey>,
  stats: KeyScanStats,
): void {
  const prefix = index.prefix;
  stats.keysScanned += keys.length;
  if (index.count === 0) return;
  const matchedWords = new Set<number>();
  for (const m of matched.values()) matchedWords.add(firstWord(m.key.keyData));
  // One scanner for the batch: the filter is checked once, and each key's round keys are expanded once for all
  // of its covered runs (two per key for a phone that sleeps).
  const scanner = createRpiPrefixScanner(prefix);
  try {
    scanBatch(index, keys, matched, matchedWords, scanner, stats);
  } finally {
    scanner.wipe();
  }
}

function scanBatch(
  index: SightingIndex,
  keys: readonly TemporaryExposureKey[],
  matched: Map<string, MatchedKey>,
  matchedWords: Set<number>,
  scanner: RpiPrefixScanner,
  stats: KeyScanStats,
): void {
  const cs = index.coveredStart;
  const covered = index.covered;
  const coveredEnd = cs + covered.length;
  const intervals = index.intervals;
  const groupStart = index.groupStart;
  const members = index.groupMembers;
  for (const key of keys) {
    const rsin = key.rollingStartIntervalNumber;
    const a = Math.max(rsin, cs);
    const b = Math.min(rsin + ROLLING_PERIOD, coveredEnd);
    if (a >= b) continue;
    const kd = key.keyData;
    // Hex only for keys whose first word was matched before (revised keys): not 100,000 strings per file.
    const known = matchedWords.has(firstWord(kd)) ? matched.get(bytesToHex(kd)) : undefined;
    if (known !== undefined) {
      // The same key again (revised): keep the latest metadata, the sightings are the same.
      known.key = copyKey(key);
      continue;
    }
    let keyed = false;
    let hits: number[] | undefined;
    let j = a;
    while (j < b) {
      if (covered[j - cs] === 0) {
        j++;
        continue;
      }
      let k = j + 1;
      while (k < b && covered[k - cs] === 1) k++;
      if (!keyed) {
        scanner.setTek(kd);
        keyed = true;
      }
      const count = k - j;
      // Only candidates whose first 20 bits are in the index's prefix filter come back (about 4 % of them).
      const candidates = scanner.scan(j, count, scratch, scratchIntervals);
      stats.rpisDerived += count;
      for (let i = 0; i < candidates; i++) {
        const g = index.find(scratchWords, i * 4);
        if (g < 0) continue;
        const rpiInterval = scratchIntervals[i] as number;
        for (let m = groupStart[g] as number, end = groupStart[g + 1] as number; m < end; m++) {
          const s = members[m] as number;
          const d = (intervals[s] as number) - rpiInterval;
          if (d >= -MATCH_TOLERANCE_INTERVALS && d <= MATCH_TOLERANCE_INTERVALS) {
            if (hits === undefined) hits = [];
            hits.push(s);
          }
        }
      }
      j = k;
    }
    if (hits !== undefined) {
      hits.sort((x, y) => x - y);
      matched.set(bytesToHex(kd), { key: copyKey(key), sightings: hits });
      matchedWords.add(firstWord(kd));
    }
  }
}

function firstWord(b: Uint8Array): number {
  return ((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number);
}

function copyKey(key: TemporaryExposureKey): TemporaryExposureKey {
  return { ...key, keyData: key.keyData.slice() };
}
