/**
 * Simulation parameters, their defaults and where each default comes from
 * (`../shared/reference/simulation.md` unless noted).
 *
 * @packageDocumentation
 */

import { type BluezoneContactPolicy, type DailySummariesConfig, DEFAULT_BLUEZONE_POLICY } from '@healthtrace/encounters';

/** Places where contacts happen. */
export const Setting = { Household: 0, Workplace: 1, School: 2, Venue: 3, Transport: 4, Community: 5 } as const;
/** One of the {@link Setting} values. */
export type SettingId = (typeof Setting)[keyof typeof Setting];
/** Names of the settings, indexed by {@link Setting} value. */
export const SETTING_NAMES: readonly string[] = ['household', 'workplace', 'school', 'venue', 'transport', 'community'];

/** Radio environments of the channel model. */
export type EnvironmentName = 'open' | 'indoor' | 'vehicle';

/**
 * Rolling-identifier schemes: `gaen` (RPIs and AEMs from daily TEKs, key files, GAEN v2 daily-summary
 * scoring) or `bluezone` (Vietnam's Bluezone: 12-byte BLIDs from hash-chained daily keys, F0 daily-key
 * pushes, RSSI-threshold and duration close-contact rule).
 */
export type SchemeName = 'gaen' | 'bluezone';

/** Path-loss models of the channel. */
export type PathLossModel = 'lovett' | 'log-distance';

/** Channel parameters of one environment preset. */
export interface EnvironmentPreset {
  /** Multiplies the distance dependence of path loss (1 = the model; near 0 = the relation collapses). */
  slopeScale: number;
  /** Extra loss added in this environment, dB. */
  extraLossDb: number;
  /** Standard deviation of per-encounter log-normal shadowing, dB. */
  shadowingSigmaDb: number;
  /** Standard deviation of per-scan fading (on top of per-packet Rayleigh fading), dB. */
  scanFadingSigmaDb: number;
}

/**
 * Environment presets. `vehicle` flattens the distance–attenuation relation and adds large per-seat
 * shadowing, encoding Leith & Farrell's bus and tram measurements (attenuation "need not fall with
 * distance"; ±10 dB from changing who sits in a pair of seats; reference §1.3, §3).
 */
export const ENVIRONMENT_PRESETS: Readonly<Record<EnvironmentName, EnvironmentPreset>> = {
  open: { slopeScale: 1, extraLossDb: 0, shadowingSigmaDb: 2, scanFadingSigmaDb: 1.5 },
  indoor: { slopeScale: 0.8, extraLossDb: 2, shadowingSigmaDb: 4, scanFadingSigmaDb: 2.5 },
  vehicle: { slopeScale: 0.05, extraLossDb: 6, shadowingSigmaDb: 9, scanFadingSigmaDb: 4 },
};

/**
 * A GAEN v2 `DailySummariesConfig` (same field names as `@healthtrace/encounters`) plus the
 * notification rule the simulator applies to the daily summaries.
 */
export interface ScoringConfig extends DailySummariesConfig {
  /** A label for tables and plots. */
  name: string;
  /** A phone notifies when one day's `scoreSum` reaches this many weighted seconds. */
  dailyThresholdSeconds: number;
}

/**
 * The default scoring config, in the style of the England & Wales app's v2 configuration: two thresholds
 * near 55 and 63 dB with weights 1 and 0.5, nothing counted beyond 63 dB, notify at 15 weighted minutes a day.
 */
export const DEFAULT_SCORING: ScoringConfig = {
  name: 'nhs-like',
  attenuationBucketThresholdDb: [55, 63, 73],
  attenuationBucketWeights: [1, 0.5, 0, 0],
  reportTypeWeights: { '1': 1 },
  infectiousnessWeights: { '1': 1, '2': 1 },
  minimumWindowScore: 0,
  daysSinceExposureThreshold: 0,
  dailyThresholdSeconds: 900,
};

/** Everything a run depends on. */
export interface SimConfig {
  /** Number of agents. */
  agents: number;
  /** Simulated days. */
  days: number;
  /** Run seed; equal seeds give byte-identical results. */
  seed: number;
  /** UTC midnight of day 0, Unix ms (must be a multiple of 86,400,000). */
  startUnixMs: number;
  /** App adoption by age group (see {@link AGE_GROUPS}). */
  adoptionByAge: number[];
  /** Multiplies every entry of `adoptionByAge` (for adoption sweeps; capped at 1). */
  adoptionScale: number;
  /** Path-loss model. */
  pathLoss: PathLossModel;
  /** Environment of each setting (indexed by {@link Setting}); `null` keeps the default mix. */
  environmentOverride: EnvironmentName | null;
  /** Advertised packets a receiver hears in one 4-second scan (Rayleigh-faded each). */
  packetsPerScan: number;
  /** The scoring config that drives notifications in the epidemic. */
  scoring: ScoringConfig;
  /** Further configs evaluated against ground truth on the same sightings. */
  extraScorings: ScoringConfig[];
  /** Whether phones notify and people quarantine (false = the no-app counterfactual). */
  appEnabled: boolean;
  /** Initial infections as a share of the population (at least 1). */
  initialInfectedShare: number;
  /** Transmission rate per 15 minutes at 1 m at peak infectiousness. */
  beta: number;
  /** Share of infections that never develop symptoms. */
  asymptomaticShare: number;
  /** Relative infectiousness of asymptomatic infections. */
  asymptomaticInfectiousness: number;
  /** Probability a symptomatic person gets tested. */
  testProbability: number;
  /** Probability a notified person gets tested (if ever infected, the test finds it). */
  notifiedTestProbability: number;
  /** Share of positive app users who consent to upload their keys. */
  uploadShare: number;
  /** Share of notified people who quarantine. */
  quarantineCompliance: number;
  /** Share of diagnosed people who isolate. */
  isolationCompliance: number;
  /** Days notified people stay in quarantine. */
  quarantineDays: number;
  /**
   * Each matching day, re-match this many phones with matches (and as many random app users) with the
   * per-phone `GaenMatcher` of `@healthtrace/encounters` and count disagreements (0 disables the check).
   */
  phoneMatcherSample: number;
  /**
   * Rolling-identifier scheme of the phones: `gaen` (key files and GAEN v2 daily summaries under `scoring`) or
   * `bluezone` (F0 daily-key pushes, matched with the Bluezone close-contact rule `bluezonePolicy`). The ground-truth
   * metrics of `scoring`/`extraScorings` are computed from the same channel either way.
   */
  scheme: SchemeName;
  /** Bluezone close-contact policy (RSSI thresholds per platform pair, minimum duration); Bluezone's defaults. */
  bluezonePolicy: BluezoneContactPolicy;
  /** Bluezone: share of phones that are iPhones (simulator assumption). */
  iosShare: number;
  /**
   * Presence tracing with QR check-ins: when a positive app user uploads, the venues they checked in at from
   * `venueAlertFromDso` days since onset onwards are published, and app users whose check-in at such a venue overlaps
   * the positive visitor's stay receive a venue warning (counted apart from BLE exposure notifications).
   */
  presenceTracing: boolean;
  /** Share of app users who scan a venue's QR code when they visit. */
  checkInShare: number;
  /** First day since symptom onset whose check-ins a positive visitor's alert covers. */
  venueAlertFromDso: number;
  /** Probability a venue-warned person gets tested (if ever infected, the test finds it). */
  venueWarningTestProbability: number;
  /** Share of venue-warned people who quarantine for `quarantineDays`. */
  venueWarningQuarantineCompliance: number;
  /** Worker threads for the BLE scanning kernel (1 = in the main thread; results are identical either way). */
  threads: number;
  /** Ground-truth distance thresholds (m) for ROC and nDCF. */
  truthDistancesM: number[];
  /** Ground-truth duration threshold (minutes) for precision, recall and ROC. */
  truthMinutes: number;
}

/**
 * Age groups used for adoption: 0–17, 18–29, 30–49, 50–69, 70+ with population shares from UK mid-2019
 * estimates (ONS, rounded).
 */
export const AGE_GROUPS: readonly { name: string; share: number; minAge: number }[] = [
  { name: '0-17', share: 0.21, minAge: 0 },
  { name: '18-29', share: 0.16, minAge: 18 },
  { name: '30-49', share: 0.26, minAge: 30 },
  { name: '50-69', share: 0.24, minAge: 50 },
  { name: '70+', share: 0.13, minAge: 70 },
];

/**
 * NHS-like adoption by age group: 28% overall (Wymant et al. 2021, reference §6), lower for children
 * (the app required age 16+) and the over-70s, higher for working ages.
 */
export const NHS_ADOPTION_BY_AGE: readonly number[] = [0.08, 0.36, 0.38, 0.33, 0.18];

/**
 * The default configuration (UK-like contacts, NHS-like adoption and scoring).
 *
 * @param overrides - fields to change.
 * @returns a complete configuration.
 * @example
 * ```ts
 * const config = defaultConfig({ agents: 10_000, days: 14, seed: 1 });
 * ```
 */
export function defaultConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  return {
    agents: 10_000,
    days: 14,
    seed: 1,
    startUnixMs: Date.UTC(2021, 0, 4),
    adoptionByAge: [...NHS_ADOPTION_BY_AGE],
    adoptionScale: 1,
    pathLoss: 'lovett',
    environmentOverride: null,
    packetsPerScan: 4,
    scoring: DEFAULT_SCORING,
    extraScorings: [],
    appEnabled: true,
    initialInfectedShare: 0.002,
    beta: 0.03,
    asymptomaticShare: 0.35,
    asymptomaticInfectiousness: 0.5,
    testProbability: 0.6,
    notifiedTestProbability: 0.5,
    uploadShare: 0.7,
    quarantineCompliance: 0.5,
    isolationCompliance: 0.8,
    quarantineDays: 10,
    phoneMatcherSample: 8,
    scheme: 'gaen',
    bluezonePolicy: DEFAULT_BLUEZONE_POLICY,
    iosShare: 0.3,
    presenceTracing: true,
    checkInShare: 1,
    venueAlertFromDso: -2,
    venueWarningTestProbability: 0,
    venueWarningQuarantineCompliance: 0,
    threads: 1,
    truthDistancesM: [1.2, 1.8, 3.0],
    truthMinutes: 15,
    ...overrides,
  };
}
