/**
 * The JSON results of a run, and multi-seed scenarios comparing the app against a no-app run with the
 * same seed (infections averted, with intervals).
 *
 * @packageDocumentation
 */

import { type DistanceMetrics, type RocPoint, scoringMetrics } from '../metrics/metrics';
import { ENVIRONMENT_PRESETS, type EnvironmentName, type SimConfig } from '../model/params';
import { ENVIRONMENT_CODES } from '../population/contacts';
import { type DayCallback, type DayRecord, type RunOutput, simulate } from './simulate';

/** Rounds to 6 significant digits so that results files stay readable (NaN becomes null in JSON). */
function r6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : Number.NaN;
}

/** Metrics of one scoring config at one distance threshold, as written to results. */
export interface DistanceResult {
  /** Distance threshold (m). */
  distanceM: number;
  /** Duration threshold (min). */
  minutes: number;
  /** Precision of the notification rule. */
  precision: number;
  /** Recall of the notification rule. */
  recall: number;
  /** AUC of the weighted-duration score for "≤ d m for ≥ t min". */
  auc: number;
  /** AUC of mean attenuation for "≤ d m" (TC4TL-style distance task). */
  attenuationAuc: number;
  /** nDCF = P_miss + P_fa. */
  ndcf: number;
  /** P_miss. */
  pMiss: number;
  /** P_fa. */
  pFa: number;
  /** ROC points of the weighted-duration score. */
  roc: RocPoint[];
}

/** Metrics of one scoring config, as written to results. */
export interface ScoringResult {
  /** Config name. */
  name: string;
  /** Contacts evaluated. */
  trials: number;
  /** Contacts with at least one sighting. */
  sighted: number;
  /** Per distance threshold. */
  byDistance: DistanceResult[];
  /** Attenuation AUC at 1.8 m per environment that occurred. */
  attenuationAucByEnvironment: Partial<Record<EnvironmentName, number>>;
}

/** The results document of one run (byte-identical for equal configs). */
export interface SimResults {
  /** Format version. */
  format: 'healthtrace-sim-results/1';
  /** Present (true) only when the run stopped early (Ctrl-C): the results cover `daysCompleted` days. */
  partial?: true;
  /** Days the results cover (present only with `partial`). */
  daysCompleted?: number;
  /** The configuration (without `threads`, which does not change results). */
  config: Omit<SimConfig, 'threads'>;
  /** Totals. */
  totals: RunOutput['totals'] & {
    /** Directions of app–app contacts with at least one sighting ("detected pairs"). */
    detectedContacts: number;
    /** Directions of app–app contacts. */
    appContacts: number;
    /** Notifications per uploading (consenting) index case. */
    notificationsPerIndexCase: number;
    /** Share of notified people infected on or after their exposure day (true infections, tested or not). */
    secondaryAttackRateNotified: number;
    /**
     * Share of notified people infected on or after their exposure day AND diagnosed positive on or after the day
     * they were notified (within the run): the measure comparable to the NHS app's 6 %, which counts reported
     * positive tests.
     */
    secondaryAttackRateNotifiedReported: number;
    /** Share of venue-warned people infected on or after the day of their venue visit (presence tracing). */
    secondaryAttackRateVenueWarned: number;
  };
  /** Per-day epidemic curve and activity. */
  daily: DayRecord[];
  /** Ground-truth metrics per scoring config. */
  scoring: ScoringResult[];
}

function distanceResult(d: DistanceMetrics): DistanceResult {
  return {
    distanceM: d.distanceM,
    minutes: d.minutes,
    precision: r6(d.precision),
    recall: r6(d.recall),
    auc: r6(d.roc.auc),
    attenuationAuc: r6(d.attenuationRoc.auc),
    ndcf: r6(d.ndcf),
    pMiss: r6(d.pMiss),
    pFa: r6(d.pFa),
    roc: d.roc.points.map((p) => ({ threshold: Number.isFinite(p.threshold) ? r6(p.threshold) : 1e9, fpr: r6(p.fpr), tpr: r6(p.tpr) })),
  };
}

/**
 * Builds the results document of a run.
 *
 * @param out - the run output.
 * @returns the results.
 * @example
 * ```ts
 * const results = summarize(simulate(defaultConfig({ agents: 2000, days: 7 })));
 * ```
 */
export function summarize(out: RunOutput): SimResults {
  const { truth, config } = out;
  const metrics = scoringMetrics(truth, out.scorings, config.truthDistancesM, config.truthMinutes);
  const envPresent = ENVIRONMENT_CODES.map((_, code) => {
    for (let i = 0; i < truth.count; i++) if (truth.environment[i] === code) return true;
    return false;
  });
  const scoring = metrics.map((m, c): ScoringResult => {
    const byEnv: Partial<Record<EnvironmentName, number>> = {};
    ENVIRONMENT_CODES.forEach((env, code) => {
      if (!envPresent[code] || !(env in ENVIRONMENT_PRESETS)) return;
      const e = scoringMetrics(truth, [out.scorings[c]!], [1.8], config.truthMinutes, code)[0]!;
      byEnv[env] = r6(e.byDistance[0]!.attenuationRoc.auc);
    });
    return {
      name: m.name,
      trials: m.trials,
      sighted: m.sighted,
      byDistance: m.byDistance.map(distanceResult),
      attenuationAucByEnvironment: byEnv,
    };
  });
  let detected = 0;
  for (let i = 0; i < truth.count; i++) if (truth.scans[i]! > 0) detected++;
  let notified = 0;
  let attacked = 0;
  let reported = 0;
  for (let i = 0; i < out.notifiedDay.length; i++) {
    if (out.notifiedDay[i]! < 0) continue;
    notified++;
    const inf = out.disease.infectedDay[i]!;
    if (inf >= 0 && inf >= out.exposureDay[i]!) {
      attacked++;
      const diagnosed = out.disease.diagnosedDay[i]!;
      if (diagnosed >= out.notifiedDay[i]! && diagnosed < out.daysCompleted) reported++;
    }
  }
  let venueWarned = 0;
  let venueAttacked = 0;
  for (let i = 0; i < out.venueWarnedDay.length; i++) {
    if (out.venueWarnedDay[i]! < 0) continue;
    venueWarned++;
    const inf = out.disease.infectedDay[i]!;
    if (inf >= 0 && inf >= out.venueVisitDay[i]!) venueAttacked++;
  }
  const { threads: _threads, ...configWithoutThreads } = config;
  return {
    format: 'healthtrace-sim-results/1',
    ...(out.partial ? { partial: true as const, daysCompleted: out.daysCompleted } : {}),
    config: configWithoutThreads,
    totals: {
      ...out.totals,
      detectedContacts: detected,
      appContacts: truth.count,
      notificationsPerIndexCase: r6(out.totals.uploads ? out.totals.notifications / out.totals.uploads : Number.NaN),
      secondaryAttackRateNotified: r6(notified ? attacked / notified : Number.NaN),
      secondaryAttackRateNotifiedReported: r6(notified ? reported / notified : Number.NaN),
      secondaryAttackRateVenueWarned: r6(venueWarned ? venueAttacked / venueWarned : Number.NaN),
    },
    daily: out.daily,
    scoring,
  };
}

/**
 * Serialises results deterministically (two-space JSON, NaN as null, trailing newline).
 *
 * @param results - the results.
 * @returns the JSON text.
 * @example
 * ```ts
 * writeFileSync('results.json', resultsJson(results));
 * ```
 */
export function resultsJson(results: unknown): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** Mean and 95% interval of a sample. */
export interface Interval {
  /** Sample mean. */
  mean: number;
  /** Lower end of the 95% t interval of the mean. */
  low: number;
  /** Upper end. */
  high: number;
  /** Number of values. */
  n: number;
}

const T975 = [Number.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131];

/**
 * Mean with a 95% Student-t interval.
 *
 * @param xs - values.
 * @returns mean and interval (a single value gives a zero-width interval).
 * @example
 * ```ts
 * meanInterval([1, 2, 3]); // { mean: 2, low: -0.48…, high: 4.48…, n: 3 }
 * ```
 */
export function meanInterval(xs: readonly number[]): Interval {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n < 2) return { mean: r6(mean), low: r6(mean), high: r6(mean), n };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = T975[n - 1] ?? 1.96;
  const h = (t * sd) / Math.sqrt(n);
  return { mean: r6(mean), low: r6(mean - h), high: r6(mean + h), n };
}

/** One seed of a scenario: app run against the no-app run with the same seed. */
export interface SeedComparison {
  /** Seed. */
  seed: number;
  /** Infections with the app. */
  infectionsWithApp: number;
  /** Infections without the app. */
  infectionsWithoutApp: number;
  /** Difference. */
  averted: number;
  /** Notifications per consenting index case in the app run. */
  notificationsPerIndexCase: number;
  /** SAR among the notified in the app run. */
  secondaryAttackRateNotified: number;
}

/** A multi-seed scenario result. */
export interface ScenarioResult {
  /** Per seed. */
  seeds: SeedComparison[];
  /** Infections averted. */
  averted: Interval;
  /** Infections averted as a share of the no-app infections. */
  avertedShare: Interval;
  /** Notifications per index case. */
  notificationsPerIndexCase: Interval;
  /** SAR among the notified. */
  secondaryAttackRateNotified: Interval;
}

/**
 * Runs the app and no-app counterfactual for several seeds and summarises infections averted.
 *
 * @param config - base configuration (its seed is replaced).
 * @param seeds - the seeds.
 * @param onRun - called with each completed seed's app-run results (for writing partial output).
 * @param onDay - progress callback for every simulated day of every run.
 * @returns the scenario summary.
 * @example
 * ```ts
 * const s = runScenario(defaultConfig({ agents: 5000, days: 21 }), [1, 2, 3]);
 * s.averted.mean;
 * ```
 */
export function runScenario(
  config: SimConfig,
  seeds: readonly number[],
  onRun?: (seed: number, results: SimResults, comparison: SeedComparison) => void,
  onDay?: DayCallback,
): ScenarioResult {
  const rows = seeds.map((seed): SeedComparison => {
    const app = summarize(simulate({ ...config, seed, appEnabled: true }, onDay));
    const none = simulate({ ...config, seed, appEnabled: false }, onDay);
    const row = {
      seed,
      infectionsWithApp: app.totals.infections,
      infectionsWithoutApp: none.totals.infections,
      averted: none.totals.infections - app.totals.infections,
      notificationsPerIndexCase: app.totals.notificationsPerIndexCase,
      secondaryAttackRateNotified: app.totals.secondaryAttackRateNotified,
    };
    onRun?.(seed, app, row);
    return row;
  });
  const finite = (xs: number[]): number[] => xs.filter((x) => Number.isFinite(x));
  return {
    seeds: rows,
    averted: meanInterval(rows.map((r) => r.averted)),
    avertedShare: meanInterval(rows.map((r) => (r.infectionsWithoutApp ? r.averted / r.infectionsWithoutApp : 0))),
    notificationsPerIndexCase: meanInterval(finite(rows.map((r) => r.notificationsPerIndexCase))),
    secondaryAttackRateNotified: meanInterval(finite(rows.map((r) => r.secondaryAttackRateNotified))),
  };
}
