import { DAY_MS, type ExposureWindow, Infectiousness, ReportType, utcDayStart } from '../windows/types';
import type { DailySummariesConfig } from './configs';

/** Score totals of one day (overall or for one report type). */
export interface ExposureSummaryData {
  /** Sum of the window scores. */
  scoreSum: number;
  /** Largest window score. */
  maximumScore: number;
  /** Sum of the attenuation-weighted window durations (seconds). */
  weightedDurationSum: number;
}

/** A GAEN v2 daily summary (one UTC day). */
export interface DailySummary extends ExposureSummaryData {
  /** Start of the UTC day, Unix ms. */
  dateMs: number;
  /** The same totals per report type, keyed by the enum number. */
  reportTypeSummaries: Record<string, ExposureSummaryData>;
}

/** Options of {@link dailySummaries}. */
export interface DailySummariesOptions {
  /** "Now" for `daysSinceExposureThreshold`, Unix ms (default `Date.now()`). */
  nowMs?: number;
}

/**
 * Attenuation-weighted duration of one window: `Σ secondsSinceLastScan × bucketWeight(typicalAttenuation)`.
 *
 * @param window - the exposure window.
 * @param config - the validated config.
 * @returns the weighted duration in seconds.
 * @example
 * ```ts
 * windowWeightedDuration(window, DEFAULT_DAILY_SUMMARIES_CONFIG);
 * ```
 */
export function windowWeightedDuration(window: ExposureWindow, config: DailySummariesConfig): number {
  const [t0, t1, t2] = config.attenuationBucketThresholdDb;
  const w = config.attenuationBucketWeights;
  let total = 0;
  for (const scan of window.scanInstances) {
    const a = scan.typicalAttenuation;
    const bucket = a <= t0 ? 0 : a <= t1 ? 1 : a <= t2 ? 2 : 3;
    total += scan.secondsSinceLastScan * (w[bucket] as number);
  }
  return total;
}

/**
 * Score of one window: weighted duration × report-type weight × infectiousness weight (weights missing from
 * the config count as 1.0).
 *
 * @param window - the exposure window.
 * @param config - the validated config.
 * @returns the window score.
 * @example
 * ```ts
 * windowScore(window, config);
 * ```
 */
export function windowScore(window: ExposureWindow, config: DailySummariesConfig): number {
  const rt = config.reportTypeWeights[String(window.reportType)] ?? 1;
  const inf = config.infectiousnessWeights[String(window.infectiousness)] ?? 1;
  return windowWeightedDuration(window, config) * rt * inf;
}

function add(into: ExposureSummaryData, score: number, weighted: number): void {
  into.scoreSum += score;
  into.maximumScore = Math.max(into.maximumScore, score);
  into.weightedDurationSum += weighted;
}

/**
 * GAEN v2 daily summaries: scores every window, drops REVOKED/UNKNOWN report types, NONE infectiousness,
 * windows below `minimumWindowScore` and windows older than `daysSinceExposureThreshold`, then adds them up per
 * UTC day, overall and per report type.
 *
 * @param windows - the exposure windows.
 * @param config - a validated {@link DailySummariesConfig}.
 * @param options - `nowMs` for the age threshold.
 * @returns one summary per day with a kept window, oldest first.
 * @example
 * ```ts
 * const days = dailySummaries(windows, DEFAULT_DAILY_SUMMARIES_CONFIG);
 * ```
 */
export function dailySummaries(
  windows: readonly ExposureWindow[],
  config: DailySummariesConfig,
  options: DailySummariesOptions = {},
): DailySummary[] {
  const today = utcDayStart(options.nowMs ?? Date.now());
  const days = new Map<number, DailySummary>();
  for (const window of windows) {
    if (window.reportType === ReportType.REVOKED || window.reportType === ReportType.UNKNOWN) continue;
    if (window.infectiousness === Infectiousness.NONE) continue;
    const day = utcDayStart(window.dateMs);
    if (config.daysSinceExposureThreshold > 0 && (today - day) / DAY_MS > config.daysSinceExposureThreshold) continue;
    const weighted = windowWeightedDuration(window, config);
    const rt = config.reportTypeWeights[String(window.reportType)] ?? 1;
    const inf = config.infectiousnessWeights[String(window.infectiousness)] ?? 1;
    const score = weighted * rt * inf;
    if (score < config.minimumWindowScore) continue;
    let summary = days.get(day);
    if (summary === undefined) {
      summary = { dateMs: day, scoreSum: 0, maximumScore: 0, weightedDurationSum: 0, reportTypeSummaries: {} };
      days.set(day, summary);
    }
    add(summary, score, weighted);
    const key = String(window.reportType);
    let perType = summary.reportTypeSummaries[key];
    if (perType === undefined) {
      perType = { scoreSum: 0, maximumScore: 0, weightedDurationSum: 0 };
      summary.reportTypeSummaries[key] = perType;
    }
    add(perType, score, weighted);
  }
  return [...days.values()].sort((a, b) => a.dateMs - b.dateMs);
}
