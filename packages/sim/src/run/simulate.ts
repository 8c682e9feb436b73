/**
 * One simulation run: population → daily contacts → isolation/quarantine → transmission → BLE scans with
 * real RPIs/AEMs → diagnoses and key uploads → population matching and GAEN v2 scoring → notifications.
 *
 * @packageDocumentation
 */

import { createECDH } from 'node:crypto';
import { bytesToHex } from '@healthtrace/core';
import {
  bluezoneCloseContact,
  dailySummaries,
  type ExposureWindow,
  GaenMatcher,
  matchBluezone,
  type ScanInstance,
  type Sighting,
} from '@healthtrace/encounters';
import {
  BLUEZONE_DEFAULT_SLOTS,
  bluezoneDailyKey,
  createKeyFiles,
  type F0Entry,
  formatF0Payload,
  parseF0Payload,
  parseKeyFileZip,
  type SigningKey,
  type TemporaryExposureKey,
} from '@healthtrace/rolling-id';
import { INTERVALS_PER_DAY } from '../crypto/gaen-keys';
import { type DiseaseState, infect, infectiousness, infectiousnessOfDso, newDiseaseState } from '../disease/seir';
import { type BluezoneKeyMatch, matchBluezonePopulation, SIGHTING_OFFSET_MS } from '../matching/bluezone-matcher';
import { type DiagnosisKey, type KeyMatch, matchPopulation } from '../matching/population-matcher';
import { gaenAttenuation } from '../matching/scoring';
import { TruthStore } from '../metrics/truth-store';
import { type ScoringConfig, Setting, type SimConfig } from '../model/params';
import { dailyContacts } from '../population/contacts';
import { PHONE_MODELS } from '../population/phones';
import { buildPopulation, type Population } from '../population/population';
import { hashInts, rngFor, Stream } from '../random/prng';
import { SightingStore } from '../scan/sighting-store';
import { type CheckInLog, checkInLog, presenceTrace } from '../venues/presence-tracing';
import { BatchBuilder, isIphone, type ScanParams, scanBatch, simulatedBluezoneBaseKey, simulatedTek } from './scan-kernel';
import { ScanPool } from './scan-pool';

/** Seconds in a day. */
const DAY_S = 86_400;
/** Days a phone keeps sightings and a positive person uploads keys for. */
export const RETENTION_DAYS = 14;
/** GAEN exposure windows are cut every 30 minutes. */
const WINDOW_SECONDS = 1800;

/** One day of the epidemic curve. */
export interface DayRecord {
  /** Day index. */
  day: number;
  /** New infections. */
  infections: number;
  /** New positive diagnoses. */
  diagnoses: number;
  /** People who uploaded keys. */
  uploads: number;
  /** New exposure notifications. */
  notifications: number;
  /** People in isolation or quarantine. */
  confined: number;
  /** Contact events (all settings) before isolation. */
  contacts: number;
  /** Sightings logged by all phones. */
  sightings: number;
  /** QR check-ins at venues. */
  checkIns: number;
  /** Presence tracing: venue alerts published (one per check-in of a positive uploader in the alert window). */
  venueAlerts: number;
  /** Presence tracing: new venue warnings (people warned for the first time; apart from `notifications`). */
  venueWarnings: number;
}

/** Everything a run produces (deterministic in the config). */
export interface RunOutput {
  /** The configuration. */
  config: SimConfig;
  /** The population. */
  population: Population;
  /** Epidemic curve and activity per day. */
  daily: DayRecord[];
  /** Ground truth of every scanned direction of app–app contacts. */
  truth: TruthStore;
  /** Scoring configs tracked in `truth` (primary first). */
  scorings: ScoringConfig[];
  /** Disease state at the end. */
  disease: DiseaseState;
  /** Day each agent was notified (−1 if never). */
  notifiedDay: Int16Array;
  /** Day of the highest-scoring exposure that triggered each notification (−1 if never). */
  exposureDay: Int16Array;
  /** Diagnosis keys published, per upload day (GAEN; empty lists for Bluezone, whose pushes carry daily keys). */
  publishedKeys: DiagnosisKey[][];
  /** Day each agent first received a venue warning (−1 if never). */
  venueWarnedDay: Int16Array;
  /** Day of the venue visit that triggered each venue warning (−1 if never). */
  venueVisitDay: Int16Array;
  /** Days simulated (equal to `config.days` unless the run was stopped early). */
  daysCompleted: number;
  /** Whether the run stopped before `config.days` (e.g. on Ctrl-C). */
  partial: boolean;
  /** Totals. */
  totals: {
    appUsers: number;
    infections: number;
    diagnoses: number;
    uploads: number;
    notifications: number;
    sightings: number;
    /** Sightings that matched a published key (GAEN) or F0 entry (Bluezone). */
    matchedSightings: number;
    /** GAEN: 30-minute exposure windows built. Bluezone: (phone, F0 entry) contacts the close-contact rule judged. */
    exposureWindows: number;
    /** GAEN: diagnosis keys (TEKs) published. Bluezone: F0 entries pushed (one daily key per positive uploader). */
    keysPublished: number;
    /** GAEN: bytes of signed export zips. Bluezone: bytes of F0 JSON payloads. */
    exportBytes: number;
    /** Phones re-matched with the per-phone `GaenMatcher` of `@healthtrace/encounters` (sample). */
    phoneMatcherPhones: number;
    /** Sightings those phones matched with `GaenMatcher`. */
    phoneMatcherMatchedSightings: number;
    /** Sampled phones whose per-key match counts differ from the population matcher (must be 0). */
    phoneMatcherMismatches: number;
    /** Presence tracing: venue alerts published. */
    venueAlerts: number;
    /** Presence tracing: people warned after a check-in overlapping a positive visitor (apart from `notifications`). */
    venueWarnings: number;
  };
}

/** Progress callback: called after each simulated day. */
export type DayCallback = (day: number, record: DayRecord) => void;

/**
 * The health authority's P-256 export-signing key of a run (reproducible from the seed).
 *
 * @param seed - run seed.
 * @returns a signing key for `createKeyFiles`.
 * @example
 * ```ts
 * const key = simulatedSigningKey(1);
 * ```
 */
export function simulatedSigningKey(seed: number): SigningKey {
  const privateKey = rngFor(seed, Stream.Tek, 0xffffffff, 0xffff).fillBytes(new Uint8Array(32));
  privateKey[0] = (privateKey[0]! & 0x7f) | 0x01; // below the P-256 group order, non-zero
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return { privateKey, publicKey: new Uint8Array(ecdh.getPublicKey()), keyId: 'sim', keyVersion: 'v1' };
}

/**
 * Re-matches a sample of phones with the per-phone matcher of `@healthtrace/encounters` (`GaenMatcher` fed the
 * same signed export files) and compares, per phone and per key, the number of matched sightings with the
 * population matcher's. The sample is the phones with matches today (up to `sample`, lowest ids first) plus
 * `sample` pseudo-random app users (mostly without matches).
 */
function checkWithPhoneMatcher(
  pop: Population,
  stores: readonly SightingStore[],
  zips: readonly Uint8Array[],
  keys: readonly TemporaryExposureKey[],
  matches: readonly KeyMatch[],
  sample: number,
  salt: number,
): { phones: number; matchedSightings: number; mismatches: number } {
  const expected = new Map<number, Map<string, number>>();
  const chosen = checkedPhones(
    matches.map((m) => stores[m.store]!.receiver[m.row]!),
    sample,
    pop,
    salt,
  );
  for (const r of chosen) expected.set(r, new Map());
  for (const m of matches) {
    const per = expected.get(stores[m.store]!.receiver[m.row]!);
    if (per === undefined) continue;
    const hex = bytesToHex(keys[m.key]!.keyData);
    per.set(hex, (per.get(hex) ?? 0) + 1);
  }
  const logs = sightingLogsOf(stores, chosen, pop.size, (st, i) => ({
    time: st.time[i]! * 1000 + 2000,
    id: st.idOf(i).slice(),
    aem: st.aemOf(i).slice(),
    rssi: Math.max(-127, Math.min(127, Math.round(st.rssiMean[i]!))),
    scannerModel: PHONE_MODELS[pop.phoneModel[st.receiver[i]!]!]!.model,
    source: 'gaen-advert',
  }));
  let mismatches = 0;
  let matchedSightings = 0;
  for (const [r, log] of logs) {
    const matcher = new GaenMatcher(log);
    for (const zip of zips) matcher.addFile(zip);
    const got = new Map<string, number>();
    for (const mk of matcher.matched) {
      got.set(bytesToHex(mk.key.keyData), mk.sightings.length);
      matchedSightings += mk.sightings.length;
    }
    const want = expected.get(r)!;
    const same = got.size === want.size && [...want].every(([k, c]) => got.get(k) === c);
    if (!same) mismatches++;
  }
  return { phones: chosen.size, matchedSightings, mismatches };
}

/**
 * Re-matches a sample of phones with the per-phone Bluezone matcher of `@healthtrace/encounters` (`matchBluezone`
 * fed the same parsed F0 push) and compares, per phone and per F0 entry, the matched sightings with the population
 * matcher's; for phones matched by a single entry the close-contact verdicts must agree too.
 */
function checkBluezoneWithPhoneMatcher(
  pop: Population,
  config: SimConfig,
  stores: readonly SightingStore[],
  entries: readonly F0Entry[],
  matches: readonly BluezoneKeyMatch[],
  verdicts: ReadonlyMap<number, boolean>,
  salt: number,
): { phones: number; matchedSightings: number; mismatches: number } {
  const sample = config.phoneMatcherSample;
  const recv = (m: BluezoneKeyMatch): number => stores[m.store]!.receiver[m.row]!;
  const chosen = checkedPhones(matches.map(recv), sample, pop, salt);
  const expected = new Map<number, Map<number, number>>();
  for (const r of chosen) expected.set(r, new Map());
  for (const m of matches) {
    const per = expected.get(recv(m));
    if (per !== undefined) per.set(m.entry, (per.get(m.entry) ?? 0) + 1);
  }
  const logs = sightingLogsOf(stores, chosen, pop.size, bluezoneSighting);
  let mismatches = 0;
  let matchedSightings = 0;
  for (const [r, log] of logs) {
    const scanner = isIphone(config.seed, r, config.iosShare) ? 'ios' : 'android';
    const result = matchBluezone(log, entries, { scanner, policy: config.bluezonePolicy });
    const got = new Map<number, number>();
    for (const c of result.contacts) {
      got.set(c.entry, (got.get(c.entry) ?? 0) + c.sightings);
      matchedSightings += c.sightings;
    }
    const want = expected.get(r)!;
    let same = got.size === want.size && [...want].every(([k, c]) => got.get(k) === c);
    if (same && want.size === 1) same = result.closeContact === (verdicts.get(r) ?? false);
    if (!same) mismatches++;
  }
  return { phones: chosen.size, matchedSightings, mismatches };
}

/** A stored Bluezone sighting as the phone logs it (time mid-scan, raw RSSI rounded, GATT for iOS peers). */
/**
 * The phones whose own matcher is checked: up to `sample` that matched something (lowest ids first), and up to
 * `sample` more app users drawn deterministically from `salt`.
 */
function checkedPhones(receivers: readonly number[], sample: number, pop: Population, salt: number): Set<number> {
  const chosen = new Set([...new Set(receivers)].sort((a, b) => a - b).slice(0, sample));
  for (let k = 0, tries = 0; k < sample && tries < sample * 50; tries++) {
    const r = hashInts(salt, tries) % pop.size;
    if (pop.hasApp[r] && !chosen.has(r)) {
      chosen.add(r);
      k++;
    }
  }
  return chosen;
}

/** The sighting logs of the `chosen` receivers (phones whose own matcher is checked), built from the day's stores. */
function sightingLogsOf(
  stores: readonly SightingStore[],
  chosen: Iterable<number>,
  populationSize: number,
  toSighting: (store: SightingStore, row: number) => Sighting,
): Map<number, Sighting[]> {
  const logs = new Map<number, Sighting[]>();
  const mark = new Uint8Array(populationSize);
  for (const r of chosen) {
    logs.set(r, []);
    mark[r] = 1;
  }
  for (const st of stores) {
    for (let i = 0; i < st.count; i++) {
      if (mark[st.receiver[i]!] === 0) continue;
      logs.get(st.receiver[i]!)!.push(toSighting(st, i));
    }
  }
  return logs;
}

function bluezoneSighting(st: SightingStore, row: number): Sighting {
  return {
    time: st.time[row]! * 1000 + SIGHTING_OFFSET_MS,
    id: st.idOf(row).slice(),
    rssi: Math.max(-127, Math.min(127, Math.round(st.rssiMean[row]!))),
    source: st.ids.gatt[st.idRef[row]!] ? 'bluezone-gatt' : 'bluezone-advert',
  };
}

/** A run in progress, advanced one simulated day at a time. */
export interface SimulationRun {
  /** The configuration. */
  readonly config: SimConfig;
  /** Days simulated so far. */
  readonly daysCompleted: number;
  /**
   * Simulates the next day.
   *
   * @returns false when every day was already simulated (nothing done), true otherwise.
   */
  step(): boolean;
  /**
   * The output so far (`partial` when fewer than `config.days` days were simulated).
   *
   * @returns the output.
   */
  output(): RunOutput;
  /** Stops the worker threads (call when done, also after an error). */
  close(): void;
}

/**
 * Sets up a run (population, seed infections, worker threads) without simulating any day yet; {@link simulate}
 * and {@link simulateAsync} drive it.
 *
 * @param config - the configuration.
 * @param onDay - optional progress callback.
 * @returns the run.
 * @throws RangeError for invalid sizes.
 * @example
 * ```ts
 * const run = startSimulation(defaultConfig({ agents: 2000, days: 7 }));
 * while (run.step()) if (stopRequested) break;
 * run.close();
 * const out = run.output(); // out.partial when stopped early
 * ```
 */
export function startSimulation(config: SimConfig, onDay?: DayCallback): SimulationRun {
  if (!Number.isInteger(config.days) || config.days < 1 || config.days > 365) throw new RangeError('days must be an integer in [1, 365]');
  if (config.startUnixMs % (DAY_S * 1000) !== 0) throw new RangeError('startUnixMs must be a UTC midnight');
  if (config.scheme !== 'gaen' && config.scheme !== 'bluezone')
    throw new RangeError(`scheme must be "gaen" or "bluezone", got ${String(config.scheme)}`);
  const pop = buildPopulation(config);
  const n = pop.size;
  const seed = config.seed;
  const disease = newDiseaseState(n);
  const scorings = [config.scoring, ...config.extraScorings];
  const truth = new TruthStore(scorings.length);
  const notifiedDay = new Int16Array(n).fill(-1);
  const exposureDay = new Int16Array(n).fill(-1);
  const venueWarnedDay = new Int16Array(n).fill(-1);
  const venueVisitDay = new Int16Array(n).fill(-1);
  const uploaded = new Uint8Array(n);
  const stores: SightingStore[] = [];
  const checkInLogs: CheckInLog[] = [];
  const publishedKeys: DiagnosisKey[][] = [];
  const daily: DayRecord[] = [];
  const startSec = config.startUnixMs / 1000;
  const totals = {
    appUsers: 0,
    infections: 0,
    diagnoses: 0,
    uploads: 0,
    notifications: 0,
    sightings: 0,
    matchedSightings: 0,
    exposureWindows: 0,
    keysPublished: 0,
    exportBytes: 0,
    phoneMatcherPhones: 0,
    phoneMatcherMatchedSightings: 0,
    phoneMatcherMismatches: 0,
    venueAlerts: 0,
    venueWarnings: 0,
  };
  const signer = simulatedSigningKey(seed);
  const windowsByReceiver = new Map<number, ExposureWindow[]>();
  for (let i = 0; i < n; i++) totals.appUsers += pop.hasApp[i]!;

  // Seed infections (spread over the first days so that onsets are staggered).
  const seedRng = rngFor(seed, Stream.Seeding);
  const initial = Math.max(1, Math.round(n * config.initialInfectedShare));
  for (let k = 0; k < initial; k++) {
    const a = seedRng.int(n);
    if (disease.infectedDay[a]! >= 0) continue;
    infect(disease, config, a, 0);
    // Seeds are already incubating: onset within days 1–4, so they are infectious from day 1.
    const shift = disease.onsetDay[a]! - (1 + seedRng.int(4));
    disease.onsetDay[a] = disease.onsetDay[a]! - shift;
    if (disease.diagnosedDay[a]! >= 0) disease.diagnosedDay[a] = disease.diagnosedDay[a]! - shift;
    totals.infections++;
  }

  let pool =
    config.threads > 1
      ? new ScanPool(config.threads, { phoneModel: pop.phoneModel, rxResidualDb: pop.rxResidualDb, txResidualDb: pop.txResidualDb })
      : undefined;
  const confined = (agent: number, day: number): boolean => disease.confinedUntil[agent]! >= day;
  const infected = (agent: number): boolean => disease.infectedDay[agent]! !== -1;
  const notify = (r: number, day: number, exposure: number, rec: DayRecord): void => {
    notifiedDay[r] = day;
    exposureDay[r] = exposure;
    rec.notifications++;
    const q = rngFor(seed, Stream.Quarantine, r, day);
    if (q.bernoulli(config.quarantineCompliance))
      disease.confinedUntil[r] = Math.max(disease.confinedUntil[r]!, day + config.quarantineDays);
    if (q.bernoulli(config.notifiedTestProbability) && infected(r) && disease.diagnosedDay[r]! < 0) disease.diagnosedDay[r] = day + 2;
  };
  let daysCompleted = 0;

  const runDay = (day: number): void => {
    const rec: DayRecord = {
      day,
      infections: 0,
      diagnoses: 0,
      uploads: 0,
      notifications: 0,
      confined: 0,
      contacts: 0,
      sightings: 0,
      checkIns: 0,
      venueAlerts: 0,
      venueWarnings: 0,
    };
    const events = dailyContacts(pop, seed, day, config.environmentOverride);
    rec.contacts = events.count;
    rec.checkIns = events.checkIns;
    const batch = new BatchBuilder();
    const dayStartSec = startSec + day * DAY_S;
    const newlyInfected: number[] = [];

    for (let e = 0; e < events.count; e++) {
      const a = events.a[e]!;
      const b = events.b[e]!;
      const setting = events.setting[e]!;
      if (setting !== Setting.Household && (confined(a, day) || confined(b, day))) continue;
      const distance = events.distance[e]!;
      const duration = events.duration[e]!;
      // Transmission, with a hash-derived uniform so that app and no-app runs share their random numbers.
      const ia = infected(a);
      const ib = infected(b);
      if (ia !== ib) {
        const src = ia ? a : b;
        const dst = ia ? b : a;
        const inf = infectiousness(disease, config, src, day);
        if (inf > 0) {
          const p = 1 - Math.exp(-config.beta * inf * (duration / 900) * Math.min(1, 1 / (distance * distance)));
          const u = hashInts(seed, Stream.Infection, day, a, b, setting) / 4294967296;
          if (u < p) newlyInfected.push(dst);
        }
      }
      if (!config.appEnabled || !pop.hasApp[a] || !pop.hasApp[b]) continue;
      batch.push(e, events);
    }
    // QR check-ins of app users at the venues they visit (confined people stay home).
    if (config.appEnabled && config.presenceTracing) {
      checkInLogs.push(checkInLog(events.visits, day, pop.venues, (a) => pop.hasApp[a] === 1 && !confined(a, day)));
      if (checkInLogs.length > RETENTION_DAYS) checkInLogs.shift();
    }
    // BLE: each phone of an app–app contact scans the other (in worker threads when configured).
    const params: ScanParams = {
      seed,
      day,
      dayStartSec,
      pathLoss: config.pathLoss,
      packetsPerScan: config.packetsPerScan,
      scorings,
      scheme: config.scheme,
      iosShare: config.iosShare,
    };
    const parts = batch.split(pool ? pool.size * 2 : 1);
    const scanned = pool ? pool.run(params, parts) : parts.map((p) => scanBatch(pop, params, p));
    const idLength = config.scheme === 'gaen' ? 16 : 12;
    const store = SightingStore.concat(
      scanned.map((part) => part.store),
      idLength,
      config.scheme === 'gaen' ? 4 : 0,
    );
    for (const part of scanned) truth.append(part.truth);
    scanned.length = 0;
    for (const dst of newlyInfected) {
      if (disease.infectedDay[dst]! !== -1) continue;
      infect(disease, config, dst, day);
      rec.infections++;
    }
    rec.sightings = store.count;
    totals.sightings += store.count;
    stores.push(store);
    if (stores.length > RETENTION_DAYS) stores.shift();

    // Diagnoses today: isolate; app users who consent upload up to 14 days of keys.
    const keys: DiagnosisKey[] = [];
    const uploaders = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (disease.diagnosedDay[i] !== day) continue;
      rec.diagnoses++;
      const q = rngFor(seed, Stream.Testing, i, day);
      if (q.bernoulli(config.isolationCompliance)) disease.confinedUntil[i] = Math.max(disease.confinedUntil[i]!, day + 10);
      if (!config.appEnabled || !pop.hasApp[i] || uploaded[i] || !q.bernoulli(config.uploadShare)) continue;
      uploaded[i] = 1;
      rec.uploads++;
      const onset = disease.asymptomatic[i] ? day - 1 : disease.onsetDay[i]!;
      uploaders.set(i, onset);
      if (config.scheme !== 'gaen') continue;
      for (let d = Math.max(0, day - RETENTION_DAYS + 1); d <= day; d++) {
        keys.push({
          keyData: simulatedTek(seed, i, d),
          rollingStartIntervalNumber: startSec / 600 + d * INTERVALS_PER_DAY,
          rollingPeriod: INTERVALS_PER_DAY,
          reportType: 1,
          daysSinceOnsetOfSymptoms: d - onset,
          owner: i,
        });
      }
    }
    publishedKeys.push(keys);
    totals.keysPublished += keys.length;

    // The health authority publishes today's keys as signed export files in the real format; every phone
    // downloads and parses them, and matches them against its stored sightings.
    if (config.appEnabled && keys.length > 0) {
      const firstStoreDay = day - stores.length + 1;
      const endTimestamp = dayStartSec + DAY_S;
      const zips = createKeyFiles(keys, { signingKeys: [signer], region: 'SIM', startTimestamp: endTimestamp - DAY_S, endTimestamp });
      totals.exportBytes += zips.reduce((acc, z) => acc + z.length, 0);
      const downloaded = zips.flatMap((z) => parseKeyFileZip(z).export.keys);
      const matches = matchPopulation(downloaded, stores);
      totals.matchedSightings += matches.length;
      if (config.phoneMatcherSample > 0) {
        const check = checkWithPhoneMatcher(pop, stores, zips, downloaded, matches, config.phoneMatcherSample, hashInts(seed, day));
        totals.phoneMatcherPhones += check.phones;
        totals.phoneMatcherMatchedSightings += check.matchedSightings;
        totals.phoneMatcherMismatches += check.mismatches;
      }
      // Group by (receiver, key), in time order, into 30-minute exposure windows.
      const recv = (m: KeyMatch): number => stores[m.store]!.receiver[m.row]!;
      const time = (m: KeyMatch): number => stores[m.store]!.time[m.row]!;
      matches.sort((x, y) => recv(x) - recv(y) || x.key - y.key || time(x) - time(y));
      const touched: number[] = [];
      let w = 0;
      while (w < matches.length) {
        const m0 = matches[w]!;
        const r0 = recv(m0);
        const t0 = time(m0);
        const key = downloaded[m0.key]!;
        const corr = PHONE_MODELS[pop.phoneModel[r0]!]!.rssiCorrection;
        const scanInstances: ScanInstance[] = [];
        let v = w;
        while (v < matches.length) {
          const m = matches[v]!;
          if (recv(m) !== r0 || m.key !== m0.key || time(m) - t0 >= WINDOW_SECONDS || m.store !== m0.store) break;
          const st = stores[m.store]!;
          scanInstances.push({
            typicalAttenuation: Math.round(gaenAttenuation(m.txPowerDbm, st.rssiMean[m.row]!, corr)),
            minAttenuation: gaenAttenuation(m.txPowerDbm, st.rssiMax[m.row]!, corr),
            secondsSinceLastScan: st.secondsSinceLastScan[m.row]!,
          });
          v++;
        }
        w = v;
        totals.exposureWindows++;
        const window: ExposureWindow = {
          dateMs: (startSec + (firstStoreDay + m0.store) * DAY_S) * 1000,
          reportType: key.reportType ?? 1,
          infectiousness: infectiousnessOfDso(key.daysSinceOnsetOfSymptoms ?? 0),
          calibrationConfidence: m0.calibrationConfidence,
          scanInstances,
        };
        let list = windowsByReceiver.get(r0);
        if (list === undefined) {
          list = [];
          windowsByReceiver.set(r0, list);
        }
        if (list.length === 0 || touched[touched.length - 1] !== r0) touched.push(r0);
        list.push(window);
      }
      // Each phone with new windows re-scores its last 14 days with the GAEN v2 daily summaries.
      const primary = config.scoring;
      const nowMs = (dayStartSec + DAY_S - 1) * 1000;
      const oldest = nowMs - RETENTION_DAYS * DAY_S * 1000;
      for (const r of touched) {
        const list = windowsByReceiver.get(r)!.filter((x) => x.dateMs >= oldest);
        windowsByReceiver.set(r, list);
        if (notifiedDay[r]! >= 0) continue;
        const summaries = dailySummaries(list, primary, { nowMs });
        const hit = summaries.find((x) => x.scoreSum >= primary.dailyThresholdSeconds);
        if (hit === undefined) continue;
        notify(r, day, Math.round(hit.dateMs / 1000 - startSec) / DAY_S, rec);
      }
    }

    // Bluezone: each positive consenting user's daily key (of the first day of the 14-day window) is pushed as an
    // F0 payload in the real JSON format; phones parse it, derive the BLIDs and apply the close-contact rule.
    if (config.appEnabled && config.scheme === 'bluezone' && uploaders.size > 0) {
      const firstStoreDay = day - stores.length + 1;
      const d0 = Math.max(0, day - RETENTION_DAYS + 1);
      const entries: F0Entry[] = [...uploaders.keys()].map((i) => ({
        dailyKey: bluezoneDailyKey(simulatedBluezoneBaseKey(seed, i), d0),
        timeStart: startSec + d0 * DAY_S,
        timeEnd: dayStartSec + DAY_S,
        max: BLUEZONE_DEFAULT_SLOTS,
      }));
      const payload = formatF0Payload(entries);
      totals.exportBytes += payload.length;
      totals.keysPublished += entries.length;
      const pushed = parseF0Payload(payload);
      const matches = matchBluezonePopulation(pushed, stores);
      totals.matchedSightings += matches.length;
      // Close-contact rule per (phone, F0 entry), over the sightings that matched that entry.
      const recv = (m: BluezoneKeyMatch): number => stores[m.store]!.receiver[m.row]!;
      const ordered = matches.slice().sort((x, y) => recv(x) - recv(y) || x.entry - y.entry);
      const verdicts = new Map<number, boolean>();
      let w = 0;
      while (w < ordered.length) {
        const r = recv(ordered[w]!);
        const entry = ordered[w]!.entry;
        const log: Sighting[] = [];
        const perDay = new Map<number, number>();
        for (; w < ordered.length && recv(ordered[w]!) === r && ordered[w]!.entry === entry; w++) {
          const m = ordered[w]!;
          log.push(bluezoneSighting(stores[m.store]!, m.row));
          perDay.set(m.store, (perDay.get(m.store) ?? 0) + 1);
        }
        totals.exposureWindows++;
        const scanner = isIphone(seed, r, config.iosShare) ? 'ios' : 'android';
        const close = bluezoneCloseContact(log, scanner, config.bluezonePolicy).closeContact;
        verdicts.set(r, (verdicts.get(r) ?? false) || close);
        if (!close || notifiedDay[r]! >= 0) continue;
        let best = -1;
        let bestCount = 0;
        for (const [st, c] of perDay) {
          if (c > bestCount || (c === bestCount && st < best)) {
            best = st;
            bestCount = c;
          }
        }
        notify(r, day, firstStoreDay + best, rec);
      }
      if (config.phoneMatcherSample > 0) {
        const check = checkBluezoneWithPhoneMatcher(pop, config, stores, pushed, matches, verdicts, hashInts(seed, day));
        totals.phoneMatcherPhones += check.phones;
        totals.phoneMatcherMatchedSightings += check.matchedSightings;
        totals.phoneMatcherMismatches += check.mismatches;
      }
    }

    // Presence tracing: venues a positive uploader checked in at (from `venueAlertFromDso`) are alerted; app users
    // whose check-in at that venue overlaps the positive visitor's stay get a venue warning.
    if (config.appEnabled && config.presenceTracing && uploaders.size > 0) {
      const traced = presenceTrace(checkInLogs, uploaders, config.venueAlertFromDso, (r) => venueWarnedDay[r]! >= 0);
      rec.venueAlerts += traced.alerts;
      for (const { agent: r, visitDay } of traced.warnings) {
        venueWarnedDay[r] = day;
        venueVisitDay[r] = visitDay;
        rec.venueWarnings++;
        const q = rngFor(seed, Stream.VenueWarning, r, day);
        if (q.bernoulli(config.venueWarningQuarantineCompliance))
          disease.confinedUntil[r] = Math.max(disease.confinedUntil[r]!, day + config.quarantineDays);
        if (q.bernoulli(config.venueWarningTestProbability) && infected(r) && disease.diagnosedDay[r]! < 0)
          disease.diagnosedDay[r] = day + 2;
      }
    }
    for (let i = 0; i < n; i++) if (disease.confinedUntil[i]! >= day) rec.confined++;
    totals.infections += rec.infections;
    totals.diagnoses += rec.diagnoses;
    totals.uploads += rec.uploads;
    totals.notifications += rec.notifications;
    totals.venueAlerts += rec.venueAlerts;
    totals.venueWarnings += rec.venueWarnings;
    daily.push(rec);
  };

  return {
    config,
    get daysCompleted(): number {
      return daysCompleted;
    },
    step(): boolean {
      if (daysCompleted >= config.days) return false;
      const day = daysCompleted;
      runDay(day);
      daysCompleted++;
      onDay?.(day, daily[day]!);
      return true;
    },
    output(): RunOutput {
      return {
        config,
        population: pop,
        daily,
        truth,
        scorings,
        disease,
        notifiedDay,
        exposureDay,
        publishedKeys,
        venueWarnedDay,
        venueVisitDay,
        daysCompleted,
        partial: daysCompleted < config.days,
        totals,
      };
    },
    close(): void {
      pool?.close();
      pool = undefined;
    },
  };
}

/**
 * Runs one simulation.
 *
 * @param config - the configuration.
 * @param onDay - optional progress callback.
 * @returns the run's output.
 * @throws RangeError for invalid sizes.
 * @example
 * ```ts
 * const out = simulate(defaultConfig({ agents: 2000, days: 7, seed: 3 }));
 * out.totals.notifications;
 * ```
 */
export function simulate(config: SimConfig, onDay?: DayCallback): RunOutput {
  const run = startSimulation(config, onDay);
  try {
    while (run.step());
  } finally {
    run.close();
  }
  return run.output();
}

/** Options of {@link simulateAsync}. */
export interface AsyncSimulationOptions {
  /** Progress callback, after each simulated day. */
  onDay?: DayCallback | undefined;
  /** Stops the run between two days; the output is then `partial`. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs one simulation, returning to the event loop between days so that signals (Ctrl-C) and timers are
 * handled; when `signal` aborts, the run stops after the day in progress and returns a consistent partial output
 * (`partial: true`, `daysCompleted` days). Same results as {@link simulate} for a complete run.
 *
 * @param config - the configuration.
 * @param options - progress callback and abort signal.
 * @returns the run's output.
 * @throws RangeError for invalid sizes.
 * @example
 * ```ts
 * const stop = new AbortController();
 * process.once('SIGINT', () => stop.abort());
 * const out = await simulateAsync(config, { signal: stop.signal });
 * ```
 */
export async function simulateAsync(config: SimConfig, options: AsyncSimulationOptions = {}): Promise<RunOutput> {
  const run = startSimulation(config, options.onDay);
  try {
    while (!options.signal?.aborted) {
      if (!run.step()) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    run.close();
  }
  return run.output();
}
