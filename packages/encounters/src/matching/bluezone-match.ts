import { assertInteger, bytesToHex } from '@healthtrace/core';
import { bluezoneBlidBytes, bluezoneDailyKey, type F0Entry } from '@healthtrace/rolling-id';
import type { SightingLog } from '../sightings/sighting-log';
import type { Sighting } from '../sightings/types';
import { DAY_MS } from '../windows/types';

/** Platform of a Bluezone phone. */
export type BluezonePlatform = 'android' | 'ios';

/**
 * Close-contact policy: RSSI thresholds (dBm) per scanner → advertiser platform pair, plus a minimum duration.
 * Defaults are Bluezone's `configApp.json` values.
 */
export interface BluezoneContactPolicy {
  /** Minimum RSSI per pair: `RssiThreshold_Android_Android` −86, `_Android_iOS` −69, `_iOS_Android` −88, `_iOS_iOS` −74. */
  rssiThresholds: { androidAndroid: number; androidIos: number; iosAndroid: number; iosIos: number };
  /** Minimum close-contact time (ms) for a close contact (default 15 minutes). */
  minDurationMs: number;
  /** Largest gap (ms) between qualifying sightings that still counts as continuous contact (default 5 minutes, one scan cycle). */
  maxGapMs: number;
}

/** Bluezone's default policy. */
export const DEFAULT_BLUEZONE_POLICY: BluezoneContactPolicy = {
  rssiThresholds: { androidAndroid: -86, androidIos: -69, iosAndroid: -88, iosIos: -74 },
  minDurationMs: 15 * 60_000,
  maxGapMs: 5 * 60_000,
};

/**
 * The RSSI threshold of a platform pair.
 *
 * @param policy - the policy.
 * @param scanner - the platform of the phone that scanned.
 * @param advertiser - the platform of the phone heard (`bluezone-gatt` sightings are iOS peers).
 * @returns the threshold in dBm.
 * @example
 * ```ts
 * rssiThreshold(DEFAULT_BLUEZONE_POLICY, 'android', 'ios'); // -69
 * ```
 */
export function rssiThreshold(policy: BluezoneContactPolicy, scanner: BluezonePlatform, advertiser: BluezonePlatform): number {
  const t = policy.rssiThresholds;
  if (scanner === 'android') return advertiser === 'android' ? t.androidAndroid : t.androidIos;
  return advertiser === 'android' ? t.iosAndroid : t.iosIos;
}

/**
 * Bluezone-style close-contact rule: sightings at or above the pair's RSSI threshold, chained while gaps stay within
 * `maxGapMs`; the contact time is the summed length of those chains and is "close" once it reaches `minDurationMs`.
 *
 * @param sightings - sightings of one peer (any order).
 * @param scanner - the scanning phone's platform.
 * @param policy - thresholds and durations (default Bluezone's).
 * @returns the close-contact time (ms) and whether it reaches the minimum.
 * @example
 * ```ts
 * bluezoneCloseContact(peerSightings, 'android').closeContact;
 * ```
 */
export function bluezoneCloseContact(
  sightings: readonly Pick<Sighting, 'time' | 'rssi' | 'source'>[],
  scanner: BluezonePlatform,
  policy: BluezoneContactPolicy = DEFAULT_BLUEZONE_POLICY,
): { durationMs: number; closeContact: boolean } {
  const near = sightings
    .filter((s) => s.rssi >= rssiThreshold(policy, scanner, s.source === 'bluezone-gatt' ? 'ios' : 'android'))
    .map((s) => s.time)
    .sort((a, b) => a - b);
  let durationMs = 0;
  for (let i = 1; i < near.length; i++) {
    const gap = (near[i] as number) - (near[i - 1] as number);
    if (gap <= policy.maxGapMs) durationMs += gap;
  }
  return { durationMs, closeContact: near.length > 0 && durationMs >= policy.minDurationMs };
}

/** One F0 slot whose BLID was heard inside the slot. */
export interface BluezoneContact {
  /** Index of the F0 entry. */
  entry: number;
  /** The BLID (upper-case hex). */
  blid: string;
  /** Slot start, Unix ms. */
  slotStartMs: number;
  /** Slot end (exclusive), Unix ms. */
  slotEndMs: number;
  /** Number of sightings. */
  sightings: number;
  /** First and last sighting times, Unix ms. */
  firstMs: number;
  /** Last sighting time, Unix ms. */
  lastMs: number;
  /** Strongest RSSI heard, dBm. */
  maxRssi: number;
}

/** Result of {@link matchBluezone}. */
export interface BluezoneMatchResult {
  /** F0 entries read. */
  entriesScanned: number;
  /** BLIDs derived. */
  blidsDerived: number;
  /** Matched slots, in time order. */
  contacts: BluezoneContact[];
  /** Total close-contact time (ms) under the policy, over all matched sightings. */
  closeContactMs: number;
  /** Whether the close-contact rule fires. */
  closeContact: boolean;
}

/** Options of {@link matchBluezone}. */
export interface BluezoneMatchOptions {
  /** Platform of this (scanning) phone, for the RSSI thresholds (default `android`). */
  scanner?: BluezonePlatform;
  /** Close-contact policy (default Bluezone's). */
  policy?: BluezoneContactPolicy;
}

/**
 * Bluezone on-device matching (`checkContactF`): for each F0 entry, walks the slots from `time_start` to `time_end`
 * (re-hashing the daily key after every `max` slots), derives each slot's BLID and looks for sightings of it
 * inside that slot's time range. Only the days that overlap the sightings are derived.
 *
 * @param sightings - the contact log (Bluezone sightings are used, GAEN ones ignored).
 * @param entries - F0 entries (see `parseF0Payload` of `@healthtrace/rolling-id`).
 * @param options - scanner platform and close-contact policy.
 * @returns the matched slots and the close-contact verdict.
 * @throws RangeError for an entry with a bad `max` or times.
 * @example
 * ```ts
 * const { contacts, closeContact } = matchBluezone(log, parseF0Payload(infoF));
 * ```
 */
export function matchBluezone(
  sightings: SightingLog | Iterable<Sighting>,
  entries: readonly F0Entry[],
  options: BluezoneMatchOptions = {},
): BluezoneMatchResult {
  const policy = options.policy ?? DEFAULT_BLUEZONE_POLICY;
  const byBlid = new Map<string, Sighting[]>();
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  for (const s of sightings) {
    if (s.source === 'gaen-advert' || s.id.length !== 12) continue;
    const hex = bytesToHex(s.id);
    const list = byBlid.get(hex);
    if (list) list.push(s);
    else byBlid.set(hex, [s]);
    tMin = Math.min(tMin, s.time);
    tMax = Math.max(tMax, s.time);
  }
  const contacts: BluezoneContact[] = [];
  const matched: Sighting[] = [];
  let blidsDerived = 0;
  entries.forEach((entry, e) => {
    const max = assertInteger(entry.max, `entries[${e}].max`, 1, 86_400);
    const slotMs = DAY_MS / max;
    const startMs = entry.timeStart * 1000;
    const endMs = entry.timeEnd * 1000;
    if (byBlid.size === 0 || endMs <= startMs) return;
    const from = Math.max(startMs, tMin);
    const to = Math.min(endMs, tMax + 1);
    if (from >= to) return;
    const firstDay = Math.floor((from - startMs) / DAY_MS);
    const lastDay = Math.floor((to - 1 - startMs) / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      const blids = bluezoneBlidBytes(bluezoneDailyKey(entry.dailyKey, day), max);
      blidsDerived += max;
      for (let slot = 0; slot < max; slot++) {
        const slotStart = startMs + day * DAY_MS + Math.ceil(slot * slotMs);
        const slotEnd = Math.min(startMs + day * DAY_MS + Math.ceil((slot + 1) * slotMs), endMs);
        if (slotEnd <= from || slotStart >= to) continue;
        const hex = bytesToHex(blids.subarray(slot * 12, slot * 12 + 12));
        const heard = byBlid.get(hex)?.filter((s) => s.time >= slotStart && s.time < slotEnd);
        if (heard === undefined || heard.length === 0) continue;
        matched.push(...heard);
        contacts.push({
          entry: e,
          blid: hex.toUpperCase(),
          slotStartMs: slotStart,
          slotEndMs: slotEnd,
          sightings: heard.length,
          firstMs: Math.min(...heard.map((s) => s.time)),
          lastMs: Math.max(...heard.map((s) => s.time)),
          maxRssi: Math.max(...heard.map((s) => s.rssi)),
        });
      }
    }
  });
  contacts.sort((a, b) => a.slotStartMs - b.slotStartMs);
  const close = bluezoneCloseContact(matched, options.scanner ?? 'android', policy);
  return { entriesScanned: entries.length, blidsDerived, contacts, closeContactMs: close.durationMs, closeContact: close.closeContact };
}
