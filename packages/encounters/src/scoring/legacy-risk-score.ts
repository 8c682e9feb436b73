import { assertInteger } from '@healthtrace/core';
import { DAY_MS, type ExposureWindow, utcDayStart } from '../windows/types';
import type { ExposureConfiguration } from './configs';

/** A GAEN v1 `ExposureInformation`, the input of the legacy risk score. */
export interface ExposureInformation {
  /** UTC day of the exposure, Unix ms. */
  dateMs: number;
  /** Duration in minutes (multiples of 5, at most 30). */
  durationMinutes: number;
  /** Time-weighted attenuation (dB). */
  attenuationValue: number;
  /** Transmission risk level 0..8 (0 = not set: factor 1). */
  transmissionRiskLevel: number;
  /** Minutes at attenuation `< t0`, `t0 ≤ · < t1`, `≥ t1`. */
  attenuationDurations: [number, number, number];
  /** Days from the exposure day to "now". */
  daysSinceLastExposure: number;
}

const ATTENUATION_BUCKETS = [73, 63, 51, 33, 27, 15, 10];
const DAYS_BUCKETS = [14, 12, 10, 8, 6, 4, 2];
const DURATION_BUCKETS = [0, 5, 10, 15, 20, 25, 30];

/**
 * The GAEN v1 legacy risk score: `attenuationScore × daysScore × durationScore × transmissionRiskScore`,
 * 0 when below `minimumRiskScore` (the `*Weight` parameters are not used, as in Google's implementation).
 *
 * @param exposure - attenuation (dB), days since exposure, duration (minutes) and transmission risk level.
 * @param config - a validated {@link ExposureConfiguration}.
 * @returns the risk score (0..4096).
 * @throws TypeError / RangeError when `transmissionRiskLevel` is not an integer in 0..8.
 * @example
 * ```ts
 * legacyRiskScore({ attenuationValue: 40, daysSinceLastExposure: 3, durationMinutes: 15, transmissionRiskLevel: 5 }, config);
 * ```
 */
export function legacyRiskScore(
  exposure: Pick<ExposureInformation, 'attenuationValue' | 'daysSinceLastExposure' | 'durationMinutes' | 'transmissionRiskLevel'>,
  config: ExposureConfiguration,
): number {
  const trl = assertInteger(exposure.transmissionRiskLevel, 'transmissionRiskLevel', 0, 8);
  const att = firstIndex(ATTENUATION_BUCKETS, (t) => exposure.attenuationValue > t);
  const days = firstIndex(DAYS_BUCKETS, (t) => exposure.daysSinceLastExposure >= t);
  const duration = firstIndex(DURATION_BUCKETS, (t) => exposure.durationMinutes <= t);
  const trlScore = trl === 0 ? 1 : (config.transmissionRiskScores[trl - 1] as number);
  const score =
    (config.attenuationScores[att] as number) *
    (config.daysSinceLastExposureScores[days] as number) *
    (config.durationScores[duration] as number) *
    trlScore;
  return score < config.minimumRiskScore ? 0 : score;
}

function firstIndex(thresholds: readonly number[], test: (t: number) => boolean): number {
  for (let i = 0; i < thresholds.length; i++) if (test(thresholds[i] as number)) return i;
  return 7;
}

/**
 * Converts exposure windows into v1 `ExposureInformation` records (one per window): the duration is
 * Σ `secondsSinceLastScan` rounded up to 5 minutes and capped at 30, the attenuation the time-weighted mean of
 * the scans' typical attenuations.
 *
 * @param windows - the windows (optionally carrying `transmissionRiskLevel`).
 * @param config - a validated {@link ExposureConfiguration} (for `durationAtAttenuationThresholds`).
 * @param nowMs - "now" in Unix ms (default `Date.now()`).
 * @returns one record per window with at least one scan.
 * @example
 * ```ts
 * const exposures = exposureInformationFromWindows(windows, config);
 * ```
 */
export function exposureInformationFromWindows(
  windows: readonly (ExposureWindow & { transmissionRiskLevel?: number | undefined })[],
  config: ExposureConfiguration,
  nowMs: number = Date.now(),
): ExposureInformation[] {
  const [t0, t1] = config.durationAtAttenuationThresholds;
  const out: ExposureInformation[] = [];
  for (const w of windows) {
    let seconds = 0;
    let weighted = 0;
    const durations: [number, number, number] = [0, 0, 0];
    for (const s of w.scanInstances) {
      const sec = Math.max(s.secondsSinceLastScan, 0);
      seconds += sec;
      weighted += sec * s.typicalAttenuation;
      durations[s.typicalAttenuation < t0 ? 0 : s.typicalAttenuation < t1 ? 1 : 2] += sec / 60;
    }
    if (w.scanInstances.length === 0) continue;
    const mean =
      seconds > 0 ? weighted / seconds : w.scanInstances.reduce((sum, s) => sum + s.typicalAttenuation, 0) / w.scanInstances.length;
    out.push({
      dateMs: utcDayStart(w.dateMs),
      durationMinutes: Math.min(30, Math.ceil(seconds / 300) * 5),
      attenuationValue: Math.round(mean),
      transmissionRiskLevel: w.transmissionRiskLevel ?? 0,
      attenuationDurations: durations,
      daysSinceLastExposure: Math.max(0, Math.round((utcDayStart(nowMs) - utcDayStart(w.dateMs)) / DAY_MS)),
    });
  }
  return out;
}

/** The v1 `ExposureSummary` plus every scored exposure. */
export interface LegacyRiskResult {
  /** Each exposure with its risk score. */
  exposures: (ExposureInformation & { riskScore: number })[];
  /** Largest risk score. */
  maximumRiskScore: number;
  /** Sum of the risk scores. */
  summationRiskScore: number;
  /** Days since the most recent exposure (`null` without exposures). */
  daysSinceLastExposure: number | null;
  /** Total minutes per attenuation range. */
  attenuationDurations: [number, number, number];
}

/**
 * Scores windows with the GAEN v1 legacy model.
 *
 * @param windows - exposure windows.
 * @param config - a validated {@link ExposureConfiguration}.
 * @param nowMs - "now" in Unix ms (default `Date.now()`).
 * @returns scored exposures and the summary.
 * @example
 * ```ts
 * const { maximumRiskScore } = legacyRisk(windows, parseConfig(exposureConfigurationSchema, {}, 'config'));
 * ```
 */
export function legacyRisk(
  windows: readonly (ExposureWindow & { transmissionRiskLevel?: number | undefined })[],
  config: ExposureConfiguration,
  nowMs: number = Date.now(),
): LegacyRiskResult {
  const exposures = exposureInformationFromWindows(windows, config, nowMs).map((e) => ({ ...e, riskScore: legacyRiskScore(e, config) }));
  const durations: [number, number, number] = [0, 0, 0];
  for (const e of exposures) for (let i = 0; i < 3; i++) durations[i] = (durations[i] as number) + (e.attenuationDurations[i] as number);
  return {
    exposures,
    maximumRiskScore: exposures.reduce((m, e) => Math.max(m, e.riskScore), 0),
    summationRiskScore: exposures.reduce((s, e) => s + e.riskScore, 0),
    daysSinceLastExposure: exposures.length === 0 ? null : Math.min(...exposures.map((e) => e.daysSinceLastExposure)),
    attenuationDurations: durations,
  };
}
