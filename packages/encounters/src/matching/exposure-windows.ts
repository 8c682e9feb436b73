import { decodeMetadata, decryptAem, deriveAemk, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { isAcceptedTxPower } from '../calibration/attenuation';
import { defaultCalibrationTable } from '../calibration/default-table';
import type { CalibrationTable, DeviceQuery } from '../calibration/table';
import { DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING, type DiagnosisKeysDataMapping } from '../scoring/configs';
import { SCAN_AGGREGATION_GAP_MS } from '../sightings/sighting-log';
import { type ExposureWindow, Infectiousness, ReportType, type ScanInstance, utcDayStart } from '../windows/types';
import type { MatchedKey } from './key-scan';
import type { SightingIndex } from './sighting-index';

/** Longest exposure window (`maxExposureWindowDurationMinutes`). */
export const MAX_WINDOW_MS: number = 30 * 60_000;
/** Cap of `secondsSinceLastScan` in minutes (`maxMinutesSinceLastScan`). */
export const MAX_MINUTES_SINCE_LAST_SCAN = 5;
/** `secondsSinceLastScan` in minutes when the previous scan is unknown (`defaultMinutesSinceLastScan`). */
export const DEFAULT_MINUTES_SINCE_LAST_SCAN = 2;
/** Days-since-onset value meaning "unknown" in the EN API (`Integer.MAX_VALUE`). */
export const DAYS_SINCE_ONSET_UNKNOWN = 2147483647;

/** Options of {@link buildExposureWindows}. */
export interface ExposureWindowOptions {
  /** Maps days since onset to infectiousness and fills missing report types (default: all STANDARD, CONFIRMED_TEST). */
  diagnosisKeysDataMapping?: DiagnosisKeysDataMapping | undefined;
  /** Calibration table for the scanners' RSSI corrections (default: the shipped sample table). */
  calibration?: CalibrationTable | undefined;
  /** The scanning phone, for sightings without a `scannerModel` (default: the fleet average). */
  scanner?: DeviceQuery | undefined;
}

/** Exposure windows plus what was dropped on the way. */
export interface ExposureWindowResult {
  /** The windows, ordered by time. */
  windows: ExposureWindow[];
  /** Sightings dropped because their AEM decrypted to a TX power outside [−50, 20] dBm. */
  droppedTxPower: number;
  /** Matched keys whose windows were dropped (REVOKED, or infectiousness NONE). */
  droppedKeys: number;
}

/** Scan grouping of the whole index (the phone's scans), computed once per index. */
const scanCache = new WeakMap<SightingIndex, { scanOf: Int32Array; starts: Float64Array; ends: Float64Array }>();

function scansOf(index: SightingIndex): { scanOf: Int32Array; starts: Float64Array; ends: Float64Array } {
  let cached = scanCache.get(index);
  if (cached !== undefined) return cached;
  const n = index.count;
  const scanOf = new Int32Array(n);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = index.times[i] as number;
    const last = ends.length - 1;
    if (last >= 0 && t - (ends[last] as number) <= SCAN_AGGREGATION_GAP_MS) ends[last] = t;
    else {
      starts.push(t);
      ends.push(t);
    }
    scanOf[i] = ends.length - 1;
  }
  cached = { scanOf, starts: Float64Array.from(starts), ends: Float64Array.from(ends) };
  scanCache.set(index, cached);
  return cached;
}

/**
 * Infectiousness of a key under a mapping (GAEN `DiagnosisKeysDataMapping` rules).
 *
 * @param daysSinceOnset - the key's days since onset of symptoms (`undefined` or `Integer.MAX_VALUE` when unknown).
 * @param mapping - the mapping.
 * @returns 0 NONE, 1 STANDARD or 2 HIGH.
 * @example
 * ```ts
 * infectiousnessOf(2, DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING); // 1
 * ```
 */
export function infectiousnessOf(daysSinceOnset: number | undefined, mapping: DiagnosisKeysDataMapping): number {
  if (daysSinceOnset === undefined || daysSinceOnset === DAYS_SINCE_ONSET_UNKNOWN) return mapping.infectiousnessWhenDaysSinceOnsetMissing;
  return mapping.daysSinceOnsetToInfectiousness[String(daysSinceOnset)] ?? Infectiousness.NONE;
}

/**
 * Report type of a key under a mapping: missing or UNKNOWN becomes `reportTypeWhenMissing`.
 *
 * @param reportType - the key's report type.
 * @param mapping - the mapping.
 * @returns the report type (1..5).
 * @example
 * ```ts
 * reportTypeOf(undefined, DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING); // 1
 * ```
 */
export function reportTypeOf(reportType: number | undefined, mapping: DiagnosisKeysDataMapping): number {
  return reportType === undefined || reportType === ReportType.UNKNOWN ? mapping.reportTypeWhenMissing : reportType;
}

/**
 * Builds GAEN exposure windows from matched keys: decrypts each sighting's AEM (dropping and counting TX power
 * outside [−50, 20] dBm), computes attenuation = max(TX − (RSSI + correction), 0), groups the sightings into the
 * phone's scans (sightings ≤ 25.5 s apart), and splits each key's scans into windows of at most 30 minutes.
 * ScanInstance: `typicalAttenuation` = rounded mean, `minAttenuation` = minimum, `secondsSinceLastScan` =
 * 60 × min(5, whole minutes since the end of the phone's previous scan), 120 when there is none.
 *
 * @param index - the sightings the keys were matched against.
 * @param matched - the matched keys.
 * @param options - mapping, calibration and scanner.
 * @returns the windows and the drop counters.
 * @example
 * ```ts
 * const { windows } = buildExposureWindows(index, [...matched.values()]);
 * ```
 */
export function buildExposureWindows(
  index: SightingIndex,
  matched: Iterable<MatchedKey>,
  options: ExposureWindowOptions = {},
): ExposureWindowResult {
  const context = windowContext(index, options);
  const windows: TimedExposureWindow[] = [];
  let droppedTxPower = 0;
  let droppedKeys = 0;
  for (const { key, sightings } of matched) {
    const own = keyExposureWindows(context, key, sightings);
    droppedTxPower += own.droppedTxPower;
    if (own.dropped) droppedKeys++;
    for (const w of own.windows) windows.push(w);
  }
  return { windows: sortWindows(windows), droppedTxPower, droppedKeys };
}

/** An exposure window with its first scan's start time (the sort key). */
export type TimedExposureWindow = ExposureWindow & { startMs: number };

/** What {@link keyExposureWindows} needs of the index and the options, computed once per matching run. */
export interface WindowContext {
  /** The sightings. */
  readonly index: SightingIndex;
  /** The data mapping. */
  readonly mapping: DiagnosisKeysDataMapping;
  /** RSSI correction of sightings without a scanner model. */
  readonly defaultCorrection: number;
  /** RSSI correction per scanner model (`index.modelNames` order). */
  readonly corrections: readonly number[];
  /** The phone's scans: scan of each sighting, start and end times. */
  readonly scans: { scanOf: Int32Array; starts: Float64Array; ends: Float64Array };
}

/**
 * Prepares window building for an index and options (calibration lookups, the phone's scans).
 *
 * @param index - the sightings the keys were matched against.
 * @param options - mapping, calibration and scanner.
 * @returns the context for {@link keyExposureWindows}.
 * @example
 * ```ts
 * const context = windowContext(index, {});
 * ```
 */
export function windowContext(index: SightingIndex, options: ExposureWindowOptions = {}): WindowContext {
  const table = options.calibration ?? defaultCalibrationTable();
  return {
    index,
    mapping: options.diagnosisKeysDataMapping ?? DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING,
    defaultCorrection: table.lookup(options.scanner).rssiCorrection,
    corrections: index.modelNames.map(
      (m) => table.lookup(typeof options.scanner === 'object' ? { ...options.scanner, model: m } : m).rssiCorrection,
    ),
    scans: scansOf(index),
  };
}

/**
 * The exposure windows of one matched key, unsorted, with their start times: what {@link buildExposureWindows}
 * concatenates (in matched-key order) and sorts by start time with a stable sort.
 *
 * @param context - from {@link windowContext}.
 * @param key - the matched key (report type and days since onset are read).
 * @param sightings - indices of its matching sightings, ascending.
 * @returns its windows, the sightings dropped for TX power, and whether the whole key was dropped.
 * @example
 * ```ts
 * const { windows } = keyExposureWindows(windowContext(index), m.key, m.sightings);
 * ```
 */
export function keyExposureWindows(
  context: WindowContext,
  key: TemporaryExposureKey,
  sightings: readonly number[],
): { windows: TimedExposureWindow[]; droppedTxPower: number; dropped: boolean } {
  const { index, mapping, defaultCorrection, corrections } = context;
  const { scanOf, starts, ends } = context.scans;
  const windows: TimedExposureWindow[] = [];
  let droppedTxPower = 0;
  const reportType = reportTypeOf(key.reportType, mapping);
  const infectiousness = infectiousnessOf(key.daysSinceOnsetOfSymptoms, mapping);
  if (reportType === ReportType.REVOKED || infectiousness === Infectiousness.NONE) return { windows, droppedTxPower, dropped: true };
  const rpi = new Uint8Array(16);
  const aemk = deriveAemk(key.keyData);
  // Per scan: attenuation sum, count, min; and the window's lowest calibration confidence.
  let current: TimedExposureWindow | undefined;
  let scanId = -1;
  let sum = 0;
  let count = 0;
  let min = 0;
  const flush = (): void => {
    if (scanId < 0 || count === 0) return;
    const startMs = starts[scanId] as number;
    const prevEnd = scanId > 0 ? (ends[scanId - 1] as number) : undefined;
    const minutes =
      prevEnd === undefined
        ? DEFAULT_MINUTES_SINCE_LAST_SCAN
        : Math.max(0, Math.min(MAX_MINUTES_SINCE_LAST_SCAN, Math.floor(startMs / 60_000) - Math.floor(prevEnd / 60_000)));
    const scan: ScanInstance = { typicalAttenuation: Math.round(sum / count), minAttenuation: min, secondsSinceLastScan: minutes * 60 };
    (current as ExposureWindow).scanInstances.push(scan);
  };
  let confidence = 3;
  for (const s of sightings) {
    readRpi(index, s, rpi);
    const metadata = decodeMetadata(decryptAem(aemk, rpi, index.aems.subarray(s * 4, s * 4 + 4)));
    if (!isAcceptedTxPower(metadata.txPowerDbm)) {
      droppedTxPower++;
      continue;
    }
    const model = index.models[s] as number;
    const correction = model === 0 ? defaultCorrection : (corrections[model - 1] as number);
    const calibrated = Math.min(126, Math.max(-127, (index.rssi[s] as number) + correction));
    const att = Math.max(metadata.txPowerDbm - calibrated, 0);
    const id = scanOf[s] as number;
    if (id !== scanId) {
      flush();
      const scanStart = starts[id] as number;
      if (current === undefined || scanStart - current.startMs >= MAX_WINDOW_MS) {
        if (current !== undefined) current.calibrationConfidence = confidence;
        confidence = 3;
        current = {
          dateMs: utcDayStart(scanStart),
          reportType,
          infectiousness,
          calibrationConfidence: 0,
          scanInstances: [],
          startMs: scanStart,
        };
        windows.push(current);
      }
      scanId = id;
      sum = 0;
      count = 0;
      min = att;
    }
    sum += att;
    count++;
    if (att < min) min = att;
    confidence = Math.min(confidence, metadata.calibrationConfidence);
  }
  flush();
  if (current !== undefined) current.calibrationConfidence = confidence;
  aemk.fill(0);
  return { windows, droppedTxPower, dropped: false };
}

/**
 * Sorts windows by start time (stable: windows starting together keep their matched-key order) and drops the
 * start times.
 *
 * @param windows - the windows of all matched keys, in matched-key order.
 * @returns the windows in time order.
 * @example
 * ```ts
 * const sorted = sortWindows(keyExposureWindows(context, key, sightings).windows);
 * ```
 */
export function sortWindows(windows: TimedExposureWindow[]): ExposureWindow[] {
  windows.sort((a, b) => a.startMs - b.startMs);
  return windows.map(({ startMs: _s, ...w }) => w);
}

/** Writes the RPI of sighting `s` (its group's RPI) into `out`. */
function readRpi(index: SightingIndex, s: number, out: Uint8Array): void {
  const words = index.groupWords;
  const g = groupOfSighting(index, s);
  out.set(new Uint8Array(words.buffer, words.byteOffset + g * 16, 16));
}

const groupCache = new WeakMap<SightingIndex, Int32Array>();

function groupOfSighting(index: SightingIndex, s: number): number {
  let of = groupCache.get(index);
  if (of === undefined) {
    of = new Int32Array(index.count);
    for (let g = 0; g < index.groups; g++) {
      for (let m = index.groupStart[g] as number; m < (index.groupStart[g + 1] as number); m++) of[index.groupMembers[m] as number] = g;
    }
    groupCache.set(index, of);
  }
  return of[s] as number;
}
