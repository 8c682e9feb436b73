import { DAY_MS, Infectiousness, ReportType, type ScanInstance, utcDayStart } from '../windows/types';
import type { CwaRange, CwaRiskConfig } from './configs';

/** CWA risk levels. */
export const CwaRiskLevel: { readonly LOW: 1; readonly HIGH: 2 } = { LOW: 1, HIGH: 2 } as const;

/** An exposure window as the CWA algorithm reads it: either a `dateMs` or an `ageInDays` (as in the CWA suite). */
export interface CwaExposureWindow {
  /** UTC day of the window, Unix ms (used when `ageInDays` is absent). */
  dateMs?: number | undefined;
  /** Age of the window's day in days (0 = today). */
  ageInDays?: number | undefined;
  /** Report type 1..4. */
  reportType: number;
  /** Infectiousness 1 STANDARD, 2 HIGH. */
  infectiousness: number;
  /** Calibration confidence 0..3. */
  calibrationConfidence: number;
  /** The window's scans. */
  scanInstances: readonly ScanInstance[];
}

/** The per-window result of the CWA algorithm. */
export interface CwaWindowResult {
  /** Transmission risk level. */
  transmissionRiskLevel: number;
  /** Normalized time (TRV × weighted minutes). */
  normalizedTime: number;
  /** Window risk level (1 LOW, 2 HIGH). */
  riskLevel: number;
}

/** One day of the CWA result. */
export interface CwaDayResult {
  /** Age in days (0 = today). */
  ageInDays: number;
  /** Σ normalized time of the day, rounded half-up to 1 decimal. */
  normalizedTime: number;
  /** The day's risk level, or `null` when the day maps to no level. */
  riskLevel: number | null;
}

/** The CWA aggregated risk result (the 7 fields the CWA conformance suite checks, plus the days). */
export interface CwaRiskResult {
  /** 2 (HIGH) when any day is HIGH, else 1 (LOW). */
  totalRiskLevel: number;
  /** Age of the most recent LOW day, or `null`. */
  ageOfMostRecentDateWithLowRisk: number | null;
  /** Age of the most recent HIGH day, or `null`. */
  ageOfMostRecentDateWithHighRisk: number | null;
  /** Number of LOW days. */
  numberOfDaysWithLowRisk: number;
  /** Number of HIGH days. */
  numberOfDaysWithHighRisk: number;
  /** Distinct (day, TRL, calibration confidence) among LOW windows on days with a risk level. */
  totalMinimumDistinctEncountersWithLowRisk: number;
  /** Distinct (day, TRL, calibration confidence) among HIGH windows on days with a risk level. */
  totalMinimumDistinctEncountersWithHighRisk: number;
  /** Every day with a kept window, most recent first. */
  days: CwaDayResult[];
}

/**
 * Whether `value` lies in a CWA range `{min, max, minExclusive?, maxExclusive?}`.
 *
 * @param range - the range.
 * @param value - the value.
 * @returns `true` when inside.
 * @example
 * ```ts
 * inCwaRange({ min: 0, max: 63, maxExclusive: true }, 62.5); // true
 * ```
 */
export function inCwaRange(range: CwaRange, value: number): boolean {
  const aboveMin = range.minExclusive ? value > range.min : value >= range.min;
  const belowMax = range.maxExclusive ? value < range.max : value <= range.max;
  return aboveMin && belowMax;
}

/**
 * Rounds half-up to one decimal the way CWA does (Kotlin `toBigDecimal().setScale(1, HALF_UP)`, which starts
 * from the shortest decimal form of the double, not its exact binary value).
 *
 * @param value - a non-negative number.
 * @returns the rounded number.
 * @example
 * ```ts
 * roundHalfUp1(8.95); // 9
 * ```
 */
export function roundHalfUp1(value: number): number {
  const text = String(Math.abs(value));
  const sign = value < 0 ? -1 : 1;
  if (text.includes('e')) return (sign * Math.round(Math.abs(value) * 10)) / 10;
  const [whole = '0', frac = ''] = text.split('.');
  const tenths = Number(whole) * 10 + Number(frac[0] ?? '0');
  const up = Number(frac[1] ?? '0') >= 5 ? 1 : 0;
  return (sign * (tenths + up)) / 10;
}

/**
 * The transmission risk level of a window: report-type offset + infectiousness offset (HIGH uses the High offset).
 *
 * @param window - report type and infectiousness.
 * @param config - CWA parameters.
 * @returns the TRL.
 * @throws RangeError for a report type outside 1..4.
 * @example
 * ```ts
 * cwaTransmissionRiskLevel({ reportType: 2, infectiousness: 1 }, DEFAULT_CWA_RISK_CONFIG); // 5
 * ```
 */
export function cwaTransmissionRiskLevel(window: { reportType: number; infectiousness: number }, config: CwaRiskConfig): number {
  const e = config.trlEncoding;
  const inf = window.infectiousness === Infectiousness.HIGH ? e.infectiousnessOffsetHigh : e.infectiousnessOffsetStandard;
  switch (window.reportType) {
    case ReportType.CONFIRMED_TEST:
      return e.reportTypeOffsetConfirmedTest + inf;
    case ReportType.CONFIRMED_CLINICAL_DIAGNOSIS:
      return e.reportTypeOffsetConfirmedClinicalDiagnosis + inf;
    case ReportType.SELF_REPORT:
      return e.reportTypeOffsetSelfReport + inf;
    case ReportType.RECURSIVE:
      return e.reportTypeOffsetRecursive + inf;
    default:
      throw new RangeError(`reportType must be 1..4 for the CWA risk calculation, got ${window.reportType}`);
  }
}

/**
 * Runs the CWA algorithm on one window.
 *
 * @param window - the window.
 * @param config - CWA parameters.
 * @returns TRL, normalized time and risk level, or `null` when a filter drops the window or no level matches.
 * @throws RangeError for a report type outside 1..4.
 * @example
 * ```ts
 * cwaWindowRisk(window, DEFAULT_CWA_RISK_CONFIG);
 * ```
 */
export function cwaWindowRisk(window: CwaExposureWindow, config: CwaRiskConfig): CwaWindowResult | null {
  for (const filter of config.minutesAtAttenuationFilters) {
    let seconds = 0;
    for (const s of window.scanInstances) if (inCwaRange(filter.attenuationRange, s.minAttenuation)) seconds += s.secondsSinceLastScan;
    if (inCwaRange(filter.dropIfMinutesInRange, seconds / 60)) return null;
  }
  const trl = cwaTransmissionRiskLevel(window, config);
  if (config.trlFilters.some((f) => inCwaRange(f.dropIfTrlInRange, trl))) return null;
  let weightedSeconds = 0;
  for (const s of window.scanInstances) {
    const weight = config.minutesAtAttenuationWeights.find((w) => inCwaRange(w.attenuationRange, s.minAttenuation))?.weight ?? 0;
    weightedSeconds += Math.max(s.secondsSinceLastScan, 0) * weight;
  }
  const trv = config.transmissionRiskValueMapping.find((m) => m.transmissionRiskLevel === trl)?.transmissionRiskValue ?? 0;
  const normalizedTime = trv * (weightedSeconds / 60);
  const level = config.normalizedTimePerEWToRiskLevelMapping.find((m) => inCwaRange(m.normalizedTimeRange, normalizedTime));
  if (level === undefined) return null;
  return { transmissionRiskLevel: trl, normalizedTime, riskLevel: level.riskLevel };
}

/** Options of {@link cwaRisk}. */
export interface CwaRiskOptions {
  /** "Now" to turn `dateMs` into an age (default `Date.now()`). */
  nowMs?: number;
  /** Drop windows older than this many days (default: keep all, as the conformance suite expects). */
  maxEncounterAgeInDays?: number;
}

/**
 * The Corona-Warn-App exposure-window risk calculation (passes every case of the CWA conformance suite).
 *
 * @param windows - the exposure windows (with `ageInDays` or `dateMs`).
 * @param config - CWA parameters (default {@link DEFAULT_CWA_RISK_CONFIG} via the caller).
 * @param options - `nowMs`, `maxEncounterAgeInDays`.
 * @returns the aggregated result.
 * @throws RangeError for a report type outside 1..4.
 * @example
 * ```ts
 * cwaRisk(windows, DEFAULT_CWA_RISK_CONFIG).totalRiskLevel; // 1 LOW or 2 HIGH
 * ```
 */
export function cwaRisk(windows: readonly CwaExposureWindow[], config: CwaRiskConfig, options: CwaRiskOptions = {}): CwaRiskResult {
  const today = utcDayStart(options.nowMs ?? Date.now());
  const perDay = new Map<number, { sum: number; windows: CwaWindowResult[]; calibration: number[] }>();
  for (const window of windows) {
    const age = window.ageInDays ?? Math.round((today - utcDayStart(window.dateMs ?? today)) / DAY_MS);
    if (options.maxEncounterAgeInDays !== undefined && age > options.maxEncounterAgeInDays) continue;
    const result = cwaWindowRisk(window, config);
    if (result === null) continue;
    let day = perDay.get(age);
    if (day === undefined) {
      day = { sum: 0, windows: [], calibration: [] };
      perDay.set(age, day);
    }
    day.sum += result.normalizedTime;
    day.windows.push(result);
    day.calibration.push(window.calibrationConfidence);
  }
  const days: CwaDayResult[] = [];
  const encounters = { [CwaRiskLevel.LOW]: new Set<string>(), [CwaRiskLevel.HIGH]: new Set<string>() };
  for (const [age, day] of [...perDay.entries()].sort((a, b) => a[0] - b[0])) {
    const normalizedTime = roundHalfUp1(day.sum);
    const riskLevel =
      config.normalizedTimePerDayToRiskLevelMapping.find((m) => inCwaRange(m.normalizedTimeRange, normalizedTime))?.riskLevel ?? null;
    days.push({ ageInDays: age, normalizedTime, riskLevel });
    if (riskLevel === null) continue;
    day.windows.forEach((w, i) => {
      const set = w.riskLevel === CwaRiskLevel.HIGH ? encounters[CwaRiskLevel.HIGH] : encounters[CwaRiskLevel.LOW];
      set.add(`${age}:${w.transmissionRiskLevel}:${day.calibration[i]}`);
    });
  }
  const low = days.filter((d) => d.riskLevel === CwaRiskLevel.LOW);
  const high = days.filter((d) => d.riskLevel === CwaRiskLevel.HIGH);
  return {
    totalRiskLevel: high.length > 0 ? CwaRiskLevel.HIGH : CwaRiskLevel.LOW,
    ageOfMostRecentDateWithLowRisk: low[0]?.ageInDays ?? null,
    ageOfMostRecentDateWithHighRisk: high[0]?.ageInDays ?? null,
    numberOfDaysWithLowRisk: low.length,
    numberOfDaysWithHighRisk: high.length,
    totalMinimumDistinctEncountersWithLowRisk: encounters[CwaRiskLevel.LOW].size,
    totalMinimumDistinctEncountersWithHighRisk: encounters[CwaRiskLevel.HIGH].size,
    days,
  };
}
