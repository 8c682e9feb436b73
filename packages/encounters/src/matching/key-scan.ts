import { bytesToHex } from '@healthtrace/core';
import { createRpiPrefixScanner, ROLLING_PERIOD, type RpiPrefixScanner, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { MATCH_TOLERANCE_INTERVALS, type ScanFilter, type SightingIndex } from './sighting-index';

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
  scanKeyRange(index, keys, 0, keys.length, matched, stats);
}

/**
 * What {@link scanKeyRange} reports per key, for callers that merge scans of parts of a key list (the worker pool):
 * `matched(i, rpis)` when key `i` matched for the first time (with the RPIs derived for it), `known(i)` when key `i`
 * repeats a key matched before in `matched` (its metadata replaced the earlier copy's).
 */
export interface KeyScanTracker {
  /** Key `i` matched; `rpis` RPIs were derived for it. */
  matched(i: number, rpis: number): void;
  /** Key `i` repeats an already matched key. */
  known(i: number): void;
}

/**
 * {@link scanKeys} on `keys[from..to)`, optionally reporting matched and repeated keys to `tracker`.
 *
 * @param index - the sightings.
 * @param keys - diagnosis keys.
 * @param from - first key position.
 * @param to - end position (exclusive).
 * @param matched - results by hex key.
 * @param stats - counters to update.
 * @param tracker - optional per-key reports.
 * @param scanner - a scanner of `index.prefix` to use (and not wipe; its owner wipes it), so that scans of many
 * small ranges set the filter up once.
 * @example
 * ```ts
 * scanKeyRange(index, file.keys, 0, 100, new Map(), { keysScanned: 0, rpisDerived: 0 });
 * ```
 */
export function scanKeyRange(
  index: SightingIndex,
  keys: readonly TemporaryExposureKey[],
  from: number,
  to: number,
  matched: Map<string, MatchedKey>,
  stats: KeyScanStats,
  tracker?: KeyScanTracker,
  scanner?: RpiPrefixScanner,
): void {
  stats.keysScanned += Math.max(0, to - from);
  if (index.count === 0 || from >= to) return;
  const matchedWords = new Set<number>();
  for (const m of matched.values()) matchedWords.add(firstWord(m.key.keyData));
  // One scanner for the batch: the filter is checked once, and each key's round keys are expanded once for all
  // of its covered runs (two per key for a phone that sleeps).
  if (scanner !== undefined) {
    scanBatch(index, keys, from, to, matched, matchedWords, scanner, stats, tracker);
    return;
  }
  const own = createRpiPrefixScanner(index.prefix);
  try {
    scanBatch(index, keys, from, to, matched, matchedWords, own, stats, tracker);
  } finally {
    own.wipe();
  }
}

function scanBatch(
  index: SightingIndex,
  keys: readonly TemporaryExposureKey[],
  from: number,
  to: number,
  matched: Map<string, MatchedKey>,
  matchedWords: Set<number>,
  scanner: RpiPrefixScanner,
  stats: KeyScanStats,
  tracker: KeyScanTracker | undefined,
): void {
  const cs = index.coveredStart;
  const covered = index.covered;
  const coveredEnd = cs + covered.length;
  const intervals = index.intervals;
  const groupStart = index.groupStart;
  const members = index.groupMembers;
  for (let ki = from; ki < to; ki++) {
    const key = keys[ki] as TemporaryExposureKey;
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
      tracker?.known(ki);
      continue;
    }
    const rpisBefore = stats.rpisDerived;
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
      tracker?.matched(ki, stats.rpisDerived - rpisBefore);
    }
  }
}

function firstWord(b: Uint8Array): number {
  return ((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number);
}

function copyKey(key: TemporaryExposureKey): TemporaryExposureKey {
  return { ...key, keyData: key.keyData.slice() };
}

/** RPIs derived for a key range before the exact index was there, to be looked up by {@link resolveScan}. */
export interface DeferredScan {
  /** First key position. */
  from: number;
  /** End position (exclusive). */
  to: number;
  /** Per key of the range: RPIs derived, or −1 when the key's range missed the covered intervals. */
  keyRpis: Int32Array;
  /** Per key of the range: offset of its first candidate (`to − from + 1` entries). */
  keyStart: Int32Array;
  /** Candidates (RPIs that passed the prefix filter) as four 32-bit words each. */
  words: Int32Array;
  /** Interval of each candidate. */
  intervals: Uint32Array;
}

/**
 * The derivation half of {@link scanKeyRange}: derives the RPIs of `keys[from..to)` that can match (with a
 * scanner of `filter.prefix`) and keeps those that pass the prefix filter, for {@link resolveScan} to look up once
 * the index is there. Unlike {@link scanKeyRange}, repeats of matched keys are derived too (resolution does not
 * count them).
 *
 * @param filter - the index's prefix filter and covered intervals.
 * @param keys - diagnosis keys.
 * @param from - first key position.
 * @param to - end position (exclusive).
 * @param scanner - a scanner of `filter.prefix`.
 * @returns the candidates.
 * @example
 * ```ts
 * const deferred = deferScan(scanFilterOf(sightings), keys, 0, keys.length, scanner);
 * ```
 */
export function deferScan(
  filter: ScanFilter,
  keys: readonly TemporaryExposureKey[],
  from: number,
  to: number,
  scanner: RpiPrefixScanner,
): DeferredScan {
  const cs = filter.coveredStart;
  const covered = filter.covered;
  const coveredEnd = cs + covered.length;
  const n = Math.max(0, to - from);
  const keyRpis = new Int32Array(n);
  const keyStart = new Int32Array(n + 1);
  let words = new Int32Array(Math.max(64, n * 32));
  let intervals = new Uint32Array(words.length / 4);
  let found = 0;
  for (let ki = from; ki < to; ki++) {
    const key = keys[ki] as TemporaryExposureKey;
    const k0 = ki - from;
    keyStart[k0] = found;
    const rsin = key.rollingStartIntervalNumber;
    const a = Math.max(rsin, cs);
    const b = Math.min(rsin + ROLLING_PERIOD, coveredEnd);
    if (a >= b) {
      keyRpis[k0] = -1;
      continue;
    }
    let keyed = false;
    let rpis = 0;
    let j = a;
    while (j < b) {
      if (covered[j - cs] === 0) {
        j++;
        continue;
      }
      let k = j + 1;
      while (k < b && covered[k - cs] === 1) k++;
      if (!keyed) {
        scanner.setTek(key.keyData);
        keyed = true;
      }
      const count = k - j;
      const candidates = scanner.scan(j, count, scratch, scratchIntervals);
      rpis += count;
      if (found + candidates > intervals.length) {
        const grown = new Int32Array(Math.max(words.length * 2, (found + candidates) * 4));
        grown.set(words);
        words = grown;
        const grownIntervals = new Uint32Array(grown.length / 4);
        grownIntervals.set(intervals);
        intervals = grownIntervals;
      }
      words.set(scratchWords.subarray(0, candidates * 4), found * 4);
      intervals.set(scratchIntervals.subarray(0, candidates), found);
      found += candidates;
      j = k;
    }
    keyRpis[k0] = rpis;
  }
  keyStart[n] = found;
  return { from, to, keyRpis, keyStart, words, intervals };
}

/**
 * The lookup half: finishes a {@link deferScan} against the index, with exactly the results and counters of
 * {@link scanKeyRange} on the same range (`index` must have the prefix filter and covered intervals the scan used).
 *
 * @param index - the sightings.
 * @param keys - the keys the scan was made of.
 * @param deferred - the scan.
 * @param matched - results by hex key.
 * @param stats - counters to update.
 * @param tracker - optional per-key reports.
 * @example
 * ```ts
 * resolveScan(index, keys, deferred, new Map(), { keysScanned: 0, rpisDerived: 0 });
 * ```
 */
export function resolveScan(
  index: SightingIndex,
  keys: readonly TemporaryExposureKey[],
  deferred: DeferredScan,
  matched: Map<string, MatchedKey>,
  stats: KeyScanStats,
  tracker?: KeyScanTracker,
): void {
  const { from, to, keyRpis, keyStart, words, intervals: candidateIntervals } = deferred;
  stats.keysScanned += Math.max(0, to - from);
  if (index.count === 0) return;
  const intervals = index.intervals;
  const groupStart = index.groupStart;
  const members = index.groupMembers;
  const matchedWords = new Set<number>();
  for (const m of matched.values()) matchedWords.add(firstWord(m.key.keyData));
  for (let ki = from; ki < to; ki++) {
    const k0 = ki - from;
    const rpis = keyRpis[k0] as number;
    if (rpis < 0) continue;
    const key = keys[ki] as TemporaryExposureKey;
    const kd = key.keyData;
    const known = matchedWords.has(firstWord(kd)) ? matched.get(bytesToHex(kd)) : undefined;
    if (known !== undefined) {
      known.key = copyKey(key);
      tracker?.known(ki);
      continue;
    }
    stats.rpisDerived += rpis;
    let hits: number[] | undefined;
    for (let c = keyStart[k0] as number, end = keyStart[k0 + 1] as number; c < end; c++) {
      const g = index.find(words, c * 4);
      if (g < 0) continue;
      const rpiInterval = candidateIntervals[c] as number;
      for (let m = groupStart[g] as number, mEnd = groupStart[g + 1] as number; m < mEnd; m++) {
        const s = members[m] as number;
        const d = (intervals[s] as number) - rpiInterval;
        if (d >= -MATCH_TOLERANCE_INTERVALS && d <= MATCH_TOLERANCE_INTERVALS) {
          if (hits === undefined) hits = [];
          hits.push(s);
        }
      }
    }
    if (hits !== undefined) {
      hits.sort((x, y) => x - y);
      matched.set(bytesToHex(kd), { key: copyKey(key), sightings: hits });
      matchedWords.add(firstWord(kd));
      tracker?.matched(ki, rpis);
    }
  }
}
