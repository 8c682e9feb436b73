/**
 * The BLE scanning kernel: for a batch of contacts between app users, every phone's scans of the other
 * (per-encounter channel, per-scan and per-packet fading, real RPIs/AEMs) and the ground-truth aggregates.
 * Pure in its inputs: every random draw comes from a stream keyed by (seed, event, direction, day), the scan
 * schedule by (seed, phone, day) and the TEK by (seed, phone, day), so any split of a day's contacts across
 * worker threads gives the same rows, in the same order, as one thread.
 *
 * @packageDocumentation
 */

import { BLUEZONE_DEFAULT_SLOTS, BLUEZONE_ID_LENGTH, bluezoneBlidBytes, bluezoneDailyKey } from '@healthtrace/rolling-id';
import { encounterAttenuation, MAX_HEARD_ATTENUATION_DB, rayleighLossDb } from '../channel/ble-channel';
import { dayIdentifiers, gaenMetadata } from '../crypto/gaen-keys';
import { bucketWeight, gaenAttenuation } from '../matching/scoring';
import { TruthStore } from '../metrics/truth-store';
import { ENVIRONMENT_PRESETS, type PathLossModel, type SchemeName, type ScoringConfig } from '../model/params';
import { type ContactEvents, ENVIRONMENT_CODES } from '../population/contacts';
import { PHONE_MODELS } from '../population/phones';
import { hashInts, rngFor, Stream } from '../random/prng';
import { IdentifierTable, SightingStore } from '../scan/sighting-store';

/** Per-phone arrays the kernel needs (a subset of the population). */
export interface PhoneArrays {
  /** Phone model index. */
  phoneModel: Uint8Array;
  /** Residual receive bias, dB. */
  rxResidualDb: Float32Array;
  /** Residual transmit error, dB. */
  txResidualDb: Float32Array;
}

/** Contacts to scan (columns; `event` is the index in the day's contact list, used to key random streams). */
export interface ScanBatch {
  /** Rows. */
  count: number;
  /** Event index in the day. */
  event: Uint32Array;
  /** First agent. */
  a: Uint32Array;
  /** Second agent. */
  b: Uint32Array;
  /** Environment code. */
  environment: Uint8Array;
  /** Setting code. */
  setting: Uint8Array;
  /** Start, seconds after midnight. */
  start: Uint32Array;
  /** Duration, seconds. */
  duration: Uint32Array;
  /** Distance, metres. */
  distance: Float32Array;
}

/** Day-level parameters of a scan batch. */
export interface ScanParams {
  /** Run seed. */
  seed: number;
  /** Day index. */
  day: number;
  /** Unix seconds of the day's midnight. */
  dayStartSec: number;
  /** Path-loss model. */
  pathLoss: PathLossModel;
  /** Packets heard per scan. */
  packetsPerScan: number;
  /** Scoring configs tracked in the ground truth. */
  scorings: ScoringConfig[];
  /** Rolling-identifier scheme the phones run (default `gaen`). */
  scheme?: SchemeName | undefined;
  /** Bluezone: share of phones that are iPhones (their BLIDs are read over GATT). */
  iosShare?: number | undefined;
}

/**
 * Scan start times (seconds after midnight) of a phone on a day: 4-second scans every 300 s minus a random
 * 0–90 s (Google's `ContactTracingFeature`), with a random phase.
 *
 * @param seed - run seed.
 * @param agent - the phone.
 * @param day - day index.
 * @returns increasing scan times.
 * @example
 * ```ts
 * const times = scanSchedule(1, 17, 0); // about 340 scans
 * ```
 */
export function scanSchedule(seed: number, agent: number, day: number): Uint32Array {
  const rng = rngFor(seed, Stream.Scan, agent, day);
  const out = new Uint32Array(420);
  let n = 0;
  for (let t = rng.uniform(0, 300); t < 86_400 - 4; t += 300 - rng.uniform(0, 90)) out[n++] = Math.floor(t);
  return out.subarray(0, n);
}

/**
 * The 16-byte TEK of an agent on a day (reproducible from the seed; a real phone draws it from a CSPRNG).
 *
 * @param seed - run seed.
 * @param agent - agent id.
 * @param day - day index.
 * @returns the TEK.
 * @example
 * ```ts
 * const tek = simulatedTek(1, 17, 3);
 * ```
 */
export function simulatedTek(seed: number, agent: number, day: number): Uint8Array {
  return rngFor(seed, Stream.Tek, agent, day).fillBytes(new Uint8Array(16));
}

function lowerBound(xs: Uint32Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (xs[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Seconds per rolling-identifier slot: GAEN RPIs change every 10 minutes, Bluezone BLIDs every 15 (96 a day). */
export const SLOT_SECONDS: Readonly<Record<SchemeName, number>> = { gaen: 600, bluezone: 900 };

/**
 * The 32-byte Bluezone base key of an agent (created on day 0 of the run; reproducible from the seed).
 *
 * @param seed - run seed.
 * @param agent - agent id.
 * @returns the base key.
 * @example
 * ```ts
 * const daily = bluezoneDailyKey(simulatedBluezoneBaseKey(1, 17), 3);
 * ```
 */
export function simulatedBluezoneBaseKey(seed: number, agent: number): Uint8Array {
  return rngFor(seed, Stream.BluezoneKey, agent, 0).fillBytes(new Uint8Array(32));
}

/**
 * Whether an agent's phone is an iPhone (Bluezone only: it decides the RSSI threshold pair and whether its BLID is
 * read over GATT). Drawn from a hash so that it does not disturb any other random stream.
 *
 * @param seed - run seed.
 * @param agent - agent id.
 * @param iosShare - share of iPhones.
 * @returns true for an iPhone.
 * @example
 * ```ts
 * const platform = isIphone(1, 17, 0.3) ? 'ios' : 'android';
 * ```
 */
export function isIphone(seed: number, agent: number, iosShare: number): boolean {
  return hashInts(seed, Stream.Phone, agent, 0x105) / 4294967296 < iosShare;
}

/** Words of the per-advertiser bitmap of heard slots (up to 160 slots a day). */
const SLOT_WORDS = 5;

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Scans one batch of contacts in both directions.
 *
 * Runs in two passes so that no phone-day's full identifier set has to stay in memory: the first pass draws
 * the channel and the scans and notes which (advertiser, slot) identifiers were heard; the second derives
 * each advertiser's day of identifiers once (real RPIs and AEMs, or real Bluezone BLIDs), copies the heard
 * ones into the batch's {@link IdentifierTable} and points the sighting rows at them.
 *
 * @param phones - per-phone arrays.
 * @param params - day parameters.
 * @param batch - the contacts.
 * @returns the sightings and ground-truth rows.
 * @example
 * ```ts
 * const { store, truth } = scanBatch(pop, params, batch);
 * ```
 */
export function scanBatch(phones: PhoneArrays, params: ScanParams, batch: ScanBatch): { store: SightingStore; truth: TruthStore } {
  const { seed, day, dayStartSec, scorings } = params;
  const scheme = params.scheme ?? 'gaen';
  const slotSeconds = SLOT_SECONDS[scheme];
  const store = new SightingStore(Math.max(64, batch.count * 8));
  const truth = new TruthStore(scorings.length, Math.max(16, batch.count * 2));
  const scans = new Map<number, Uint32Array>();
  const txLocal = new Map<number, number>();
  const txList: number[] = [];
  let bits = new Uint32Array(1024 * SLOT_WORDS);
  for (let i = 0; i < batch.count; i++) {
    const e = batch.event[i]!;
    const a = batch.a[i]!;
    const b = batch.b[i]!;
    const envCode = batch.environment[i]!;
    const env = ENVIRONMENT_CODES[envCode]!;
    const preset = ENVIRONMENT_PRESETS[env];
    const start = batch.start[i]!;
    const duration = batch.duration[i]!;
    const distance = batch.distance[i]!;
    for (let dir = 0; dir < 2; dir++) {
      const rx = dir === 0 ? a : b;
      const tx = dir === 0 ? b : a;
      const rng = rngFor(seed, Stream.Channel, e * 2 + dir, day);
      const base = encounterAttenuation(rng, params.pathLoss, env, distance);
      const t = truth.add(distance, duration, envCode, batch.setting[i]!);
      let sched = scans.get(rx);
      if (sched === undefined) {
        sched = scanSchedule(seed, rx, day);
        scans.set(rx, sched);
      }
      const txModel = PHONE_MODELS[phones.phoneModel[tx]!]!;
      let loc = txLocal.get(tx);
      if (loc === undefined) {
        loc = txList.length;
        txList.push(tx);
        txLocal.set(tx, loc);
        if ((loc + 1) * SLOT_WORDS > bits.length) {
          const grown = new Uint32Array(bits.length * 2);
          grown.set(bits);
          bits = grown;
        }
      }
      const rxModel = PHONE_MODELS[phones.phoneModel[rx]!]!;
      const txTrue = txModel.txPowerDbm + phones.txResidualDb[tx]!;
      const rxOffset = rxModel.rssiCorrection + phones.rxResidualDb[rx]!;
      for (let k = lowerBound(sched, start); k < sched.length && sched[k]! < start + duration; k++) {
        const scanAt = sched[k]!;
        const fade = preset.scanFadingSigmaDb * rng.normal();
        let heard = 0;
        let sum = 0;
        let max = -32768;
        for (let p = 0; p < params.packetsPerScan; p++) {
          const att = base + fade + rayleighLossDb(rng);
          if (att > MAX_HEARD_ATTENUATION_DB) continue;
          const raw = Math.round(txTrue - att - rxOffset);
          heard++;
          sum += raw;
          if (raw > max) max = raw;
        }
        if (heard === 0) continue;
        const seconds = k === 0 ? 120 : 60 * Math.min(5, Math.floor(scanAt / 60) - Math.floor((sched[k - 1]! + 4) / 60));
        const mean = Math.fround(sum / heard);
        const slot = Math.floor(scanAt / slotSeconds);
        bits[loc * SLOT_WORDS + (slot >>> 5)]! |= 1 << (slot & 31);
        // Provisional reference (advertiser, slot); resolved to an identifier-table row below.
        store.push(rx, dayStartSec + scanAt, loc * 256 + slot, mean, max, seconds);
        const typical = Math.round(gaenAttenuation(txModel.txPowerDbm, mean, rxModel.rssiCorrection));
        truth.scans[t]!++;
        truth.attenuationSum[t]! += typical;
        for (let c = 0; c < scorings.length; c++) {
          truth.weightedSeconds[t * scorings.length + c]! += seconds * bucketWeight(scorings[c]!, typical);
        }
      }
    }
  }
  // Second pass: one derivation per advertiser, heard identifiers copied into the table.
  const first = new Uint32Array(txList.length + 1);
  for (let loc = 0; loc < txList.length; loc++) {
    let c = 0;
    for (let w = 0; w < SLOT_WORDS; w++) c += popcount32(bits[loc * SLOT_WORDS + w]!);
    first[loc + 1] = first[loc]! + c;
  }
  const idLength = scheme === 'gaen' ? 16 : BLUEZONE_ID_LENGTH;
  const aemLength = scheme === 'gaen' ? 4 : 0;
  const ids = new IdentifierTable(idLength, aemLength, first[txList.length]!);
  const dayInterval = dayStartSec / 600;
  for (let loc = 0; loc < txList.length; loc++) {
    const tx = txList[loc]!;
    let idBytes: Uint8Array;
    let aemBytes: Uint8Array | undefined;
    if (scheme === 'gaen') {
      const dayIds = dayIdentifiers(
        simulatedTek(seed, tx, day),
        dayInterval,
        gaenMetadata(PHONE_MODELS[phones.phoneModel[tx]!]!.txPowerDbm),
      );
      idBytes = dayIds.rpis;
      aemBytes = dayIds.aems;
    } else {
      idBytes = bluezoneBlidBytes(bluezoneDailyKey(simulatedBluezoneBaseKey(seed, tx), day), BLUEZONE_DEFAULT_SLOTS);
    }
    const gatt = scheme === 'bluezone' && isIphone(seed, tx, params.iosShare ?? 0) ? 1 : 0;
    let row = first[loc]!;
    for (let w = 0; w < SLOT_WORDS; w++) {
      let word = bits[loc * SLOT_WORDS + w]!;
      while (word !== 0) {
        const low = word & -word;
        const slot = w * 32 + (31 - Math.clz32(low));
        ids.id.set(idBytes.subarray(slot * idLength, slot * idLength + idLength), row * idLength);
        if (aemBytes !== undefined) ids.aem.set(aemBytes.subarray(slot * 4, slot * 4 + 4), row * 4);
        else ids.gatt[row] = gatt;
        row++;
        word = (word ^ low) >>> 0;
      }
    }
  }
  const ref = store.idRef;
  for (let r = 0; r < store.count; r++) {
    const v = ref[r]!;
    const loc = Math.floor(v / 256);
    const slot = v & 255;
    const o = loc * SLOT_WORDS;
    let rank = 0;
    const wSlot = slot >>> 5;
    for (let w = 0; w < wSlot; w++) rank += popcount32(bits[o + w]!);
    rank += popcount32(bits[o + wSlot]! & ((1 << (slot & 31)) - 1));
    ref[r] = first[loc]! + rank;
  }
  store.ids = ids;
  return { store, truth };
}

/** Collects a day's app–app contacts into a {@link ScanBatch}. */
export class BatchBuilder {
  private rows: number[] = [];
  private source: ContactEvents | undefined;

  /**
   * Adds contact `e` of `events` (all rows must come from the same `events`).
   *
   * @param e - index in `events`.
   * @param events - the day's contacts.
   */
  push(e: number, events: ContactEvents): void {
    this.source = events;
    this.rows.push(e);
  }

  /**
   * Cuts the collected contacts into `parts` contiguous batches (fewer if there are few contacts).
   *
   * @param parts - number of batches wanted.
   * @returns the batches, in order.
   */
  split(parts: number): ScanBatch[] {
    const ev = this.source;
    const n = this.rows.length;
    if (ev === undefined || n === 0) return [];
    const k = Math.max(1, Math.min(parts, n));
    const out: ScanBatch[] = [];
    for (let p = 0; p < k; p++) {
      const lo = Math.floor((p * n) / k);
      const hi = Math.floor(((p + 1) * n) / k);
      const m = hi - lo;
      const batch: ScanBatch = {
        count: m,
        event: new Uint32Array(m),
        a: new Uint32Array(m),
        b: new Uint32Array(m),
        environment: new Uint8Array(m),
        setting: new Uint8Array(m),
        start: new Uint32Array(m),
        duration: new Uint32Array(m),
        distance: new Float32Array(m),
      };
      for (let i = 0; i < m; i++) {
        const e = this.rows[lo + i]!;
        batch.event[i] = e;
        batch.a[i] = ev.a[e]!;
        batch.b[i] = ev.b[e]!;
        batch.environment[i] = ev.environment[e]!;
        batch.setting[i] = ev.setting[e]!;
        batch.start[i] = ev.start[e]!;
        batch.duration[i] = ev.duration[e]!;
        batch.distance[i] = ev.distance[e]!;
      }
      out.push(batch);
    }
    return out;
  }
}
