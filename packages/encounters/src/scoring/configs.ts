/**
 * Risk configurations, validated with zod. Field names follow the GAEN Android API (and the Corona-Warn-App
 * JSON), so configurations written for GAEN apps or served by a CWA-style server load unchanged.
 *
 * Schemas use `zod/mini` rather than classic zod: the same runtime, checks and issues, but functions instead of
 * methods, so a browser bundle carries only what it uses (classic zod does not tree-shake and cost ~100 KB gzip
 * to any import of this package). zod/mini loads no locale, so {@link parseConfig} passes zod's English messages.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { EncountersError } from '../errors';

const weight = /* @__PURE__ */ (() => z.number().check(z.minimum(0), z.maximum(2.5)))();
const byteDb = /* @__PURE__ */ (() => z.int().check(z.minimum(0), z.maximum(255)))();
const enumKey = (max: number, min = 0) =>
  z
    .string()
    .check(
      z.refine((k) => /^-?\d+$/.test(k) && Number(k) >= min && Number(k) <= max, { message: `key must be an integer in [${min}, ${max}]` }),
    );

/** Zod schema of a GAEN v2 `DailySummariesConfig`. */
export const dailySummariesConfigSchema: z.ZodMiniType<DailySummariesConfig, DailySummariesConfigInput> = /* @__PURE__ */ (() =>
  z.pipe(
    z.object({
      attenuationBucketThresholdDb: z
        .tuple([byteDb, byteDb, byteDb])
        .check(z.refine(([a, b, c]) => a < b && b < c, { message: 'thresholds must be strictly increasing' })),
      attenuationBucketWeights: z.tuple([weight, weight, weight, weight]),
      reportTypeWeights: z._default(z.record(enumKey(5), weight), {}),
      infectiousnessWeights: z._default(z.record(enumKey(2), weight), {}),
      minimumWindowScore: z._default(z.number().check(z.minimum(0)), 0),
      daysSinceExposureThreshold: z._default(z.int().check(z.minimum(0)), 0),
    }),
    z.transform((c) => ({ ...c })),
  ))();

/** A validated GAEN v2 `DailySummariesConfig`. Weights missing from the maps count as 1.0. */
export interface DailySummariesConfig {
  /** Three strictly increasing attenuation thresholds (dB): immediate ≤ t0 < near ≤ t1 < medium ≤ t2 < other. */
  attenuationBucketThresholdDb: [number, number, number];
  /** Weights (0..2.5) of the immediate, near, medium and other buckets. */
  attenuationBucketWeights: [number, number, number, number];
  /** Weight (0..2.5) per report type, keyed by the enum number. */
  reportTypeWeights: Record<string, number>;
  /** Weight (0..2.5) per infectiousness, keyed by the enum number. */
  infectiousnessWeights: Record<string, number>;
  /** Windows scoring below this are dropped. */
  minimumWindowScore: number;
  /** Windows older than this many days are dropped (0 keeps all). */
  daysSinceExposureThreshold: number;
}

/** The JSON form of a {@link DailySummariesConfig} (optional fields may be omitted). */
export interface DailySummariesConfigInput {
  /** See {@link DailySummariesConfig}. */
  attenuationBucketThresholdDb: [number, number, number];
  /** See {@link DailySummariesConfig}. */
  attenuationBucketWeights: [number, number, number, number];
  /** See {@link DailySummariesConfig}. */
  reportTypeWeights?: Record<string, number> | undefined;
  /** See {@link DailySummariesConfig}. */
  infectiousnessWeights?: Record<string, number> | undefined;
  /** See {@link DailySummariesConfig}. */
  minimumWindowScore?: number | undefined;
  /** See {@link DailySummariesConfig}. */
  daysSinceExposureThreshold?: number | undefined;
}

/** The Corona-Warn-App `daily-summaries-config.yaml` as a GAEN `DailySummariesConfig`. */
export const DEFAULT_DAILY_SUMMARIES_CONFIG: DailySummariesConfig = {
  attenuationBucketThresholdDb: [30, 50, 70],
  attenuationBucketWeights: [1, 1, 1, 1],
  reportTypeWeights: { '1': 1, '2': 1, '3': 1, '4': 1 },
  infectiousnessWeights: { '1': 1, '2': 1 },
  minimumWindowScore: 0,
  daysSinceExposureThreshold: 0,
};

const infectiousness = /* @__PURE__ */ (() => z.int().check(z.minimum(0), z.maximum(2)))();

/** Zod schema of a GAEN `DiagnosisKeysDataMapping`. */
export const diagnosisKeysDataMappingSchema: z.ZodMiniType<DiagnosisKeysDataMapping, DiagnosisKeysDataMappingInput> = /* @__PURE__ */ (() =>
  z.pipe(
    z.object({
      daysSinceOnsetToInfectiousness: z._default(z.record(enumKey(14, -14), infectiousness), {}),
      infectiousnessWhenDaysSinceOnsetMissing: z._default(infectiousness, 1),
      reportTypeWhenMissing: z._default(z.int().check(z.minimum(1), z.maximum(4)), 1),
    }),
    z.transform((c) => ({ ...c })),
  ))();

/** A validated GAEN `DiagnosisKeysDataMapping`. */
export interface DiagnosisKeysDataMapping {
  /** Infectiousness (0 NONE, 1 STANDARD, 2 HIGH) per days-since-onset value −14…14; values not listed map to NONE. */
  daysSinceOnsetToInfectiousness: Record<string, number>;
  /** Infectiousness of keys without days since onset (default STANDARD). */
  infectiousnessWhenDaysSinceOnsetMissing: number;
  /** Report type of keys without one (or UNKNOWN): default CONFIRMED_TEST. */
  reportTypeWhenMissing: number;
}

/** The JSON form of a {@link DiagnosisKeysDataMapping}. */
export interface DiagnosisKeysDataMappingInput {
  /** See {@link DiagnosisKeysDataMapping}. */
  daysSinceOnsetToInfectiousness?: Record<string, number> | undefined;
  /** See {@link DiagnosisKeysDataMapping}. */
  infectiousnessWhenDaysSinceOnsetMissing?: number | undefined;
  /** See {@link DiagnosisKeysDataMapping}. */
  reportTypeWhenMissing?: number | undefined;
}

/**
 * The mapping used when none is configured: every days-since-onset value (and a missing one) maps to
 * STANDARD, and a missing report type to CONFIRMED_TEST.
 */
export const DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING: DiagnosisKeysDataMapping = {
  daysSinceOnsetToInfectiousness: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [String(i - 14), 1])),
  infectiousnessWhenDaysSinceOnsetMissing: 1,
  reportTypeWhenMissing: 1,
};

const score8 = /* @__PURE__ */ (() => z.array(z.int().check(z.minimum(0), z.maximum(8))).check(z.length(8)))();

/** Zod schema of a GAEN v1 `ExposureConfiguration` (legacy risk score); `*Weight` fields are accepted and ignored. */
export const exposureConfigurationSchema: z.ZodMiniType<ExposureConfiguration, ExposureConfigurationInput> = /* @__PURE__ */ (() =>
  z.pipe(
    z.object({
      minimumRiskScore: z._default(z.int().check(z.minimum(0), z.maximum(4096)), 4),
      attenuationScores: z._default(score8, [4, 4, 4, 4, 4, 4, 4, 4]),
      daysSinceLastExposureScores: z._default(score8, [4, 4, 4, 4, 4, 4, 4, 4]),
      durationScores: z._default(score8, [4, 4, 4, 4, 4, 4, 4, 4]),
      transmissionRiskScores: z._default(score8, [4, 4, 4, 4, 4, 4, 4, 4]),
      durationAtAttenuationThresholds: z._default(
        z.tuple([byteDb, byteDb]).check(z.refine(([a, b]) => a <= b, { message: 'thresholds must be increasing' })),
        [50, 74],
      ),
    }),
    z.transform((c) => ({ ...c })),
  ))();

/** A validated GAEN v1 `ExposureConfiguration`. */
export interface ExposureConfiguration {
  /** Scores below this become 0. */
  minimumRiskScore: number;
  /** Scores per attenuation bucket (> 73, > 63, > 51, > 33, > 27, > 15, > 10, ≤ 10 dB). */
  attenuationScores: number[];
  /** Scores per days-since-exposure bucket (≥ 14, ≥ 12, ≥ 10, ≥ 8, ≥ 6, ≥ 4, ≥ 2, < 2). */
  daysSinceLastExposureScores: number[];
  /** Scores per duration bucket (0, ≤ 5, ≤ 10, ≤ 15, ≤ 20, ≤ 25, ≤ 30, > 30 min). */
  durationScores: number[];
  /** Scores per transmission risk level 1..8. */
  transmissionRiskScores: number[];
  /** Two thresholds (dB) splitting `attenuationDurations` into three ranges. */
  durationAtAttenuationThresholds: [number, number];
}

/** The JSON form of an {@link ExposureConfiguration}. */
export type ExposureConfigurationInput = { [K in keyof ExposureConfiguration]?: ExposureConfiguration[K] | undefined } & Record<
  string,
  unknown
>;

const range = /* @__PURE__ */ (() =>
  z.object({
    min: z.number(),
    max: z.number(),
    minExclusive: z.optional(z.boolean()),
    maxExclusive: z.optional(z.boolean()),
  }))();

/** A numeric range `{min, max, minExclusive?, maxExclusive?}` as CWA writes it. */
export interface CwaRange {
  /** Lower bound. */
  min: number;
  /** Upper bound. */
  max: number;
  /** Whether `min` itself is excluded. */
  minExclusive?: boolean | undefined;
  /** Whether `max` itself is excluded. */
  maxExclusive?: boolean | undefined;
}

/** Zod schema of the Corona-Warn-App risk-calculation parameters (`defaultRiskCalculationConfiguration`). */
export const cwaRiskConfigSchema: z.ZodMiniType<CwaRiskConfig, unknown> = /* @__PURE__ */ (() =>
  z.pipe(
    z.object({
      minutesAtAttenuationFilters: z._default(z.array(z.object({ attenuationRange: range, dropIfMinutesInRange: range })), []),
      trlFilters: z._default(z.array(z.object({ dropIfTrlInRange: range })), []),
      minutesAtAttenuationWeights: z.array(z.object({ attenuationRange: range, weight: z.number().check(z.minimum(0)) })),
      normalizedTimePerEWToRiskLevelMapping: z.array(
        z.object({ normalizedTimeRange: range, riskLevel: z.int().check(z.minimum(1), z.maximum(2)) }),
      ),
      normalizedTimePerDayToRiskLevelMapping: z.array(
        z.object({ normalizedTimeRange: range, riskLevel: z.int().check(z.minimum(1), z.maximum(2)) }),
      ),
      trlEncoding: z.object({
        infectiousnessOffsetStandard: z.int(),
        infectiousnessOffsetHigh: z.int(),
        reportTypeOffsetRecursive: z.int(),
        reportTypeOffsetSelfReport: z.int(),
        reportTypeOffsetConfirmedClinicalDiagnosis: z.int(),
        reportTypeOffsetConfirmedTest: z.int(),
      }),
      transmissionRiskValueMapping: z.array(
        z.object({ transmissionRiskLevel: z.int(), transmissionRiskValue: z.number().check(z.minimum(0)) }),
      ),
    }),
    z.transform((c) => ({ ...c }) as CwaRiskConfig),
  ))();

/** Validated Corona-Warn-App risk-calculation parameters. */
export interface CwaRiskConfig {
  /** Drop a window when its minutes at the given (min) attenuations fall in a range. */
  minutesAtAttenuationFilters: { attenuationRange: CwaRange; dropIfMinutesInRange: CwaRange }[];
  /** Drop a window whose transmission risk level falls in a range. */
  trlFilters: { dropIfTrlInRange: CwaRange }[];
  /** Weights per `minAttenuation` range. */
  minutesAtAttenuationWeights: { attenuationRange: CwaRange; weight: number }[];
  /** Normalized time of one window → risk level (1 LOW, 2 HIGH). */
  normalizedTimePerEWToRiskLevelMapping: { normalizedTimeRange: CwaRange; riskLevel: number }[];
  /** Normalized time of one day → risk level. */
  normalizedTimePerDayToRiskLevelMapping: { normalizedTimeRange: CwaRange; riskLevel: number }[];
  /** Offsets whose sum is the transmission risk level. */
  trlEncoding: {
    infectiousnessOffsetStandard: number;
    infectiousnessOffsetHigh: number;
    reportTypeOffsetRecursive: number;
    reportTypeOffsetSelfReport: number;
    reportTypeOffsetConfirmedClinicalDiagnosis: number;
    reportTypeOffsetConfirmedTest: number;
  };
  /** Transmission risk level → value multiplying the weighted minutes. */
  transmissionRiskValueMapping: { transmissionRiskLevel: number; transmissionRiskValue: number }[];
}

/** The Corona-Warn-App default parameters (`risk-calculation-parameters-1.15.yaml`, as in the CWA conformance suite). */
export const DEFAULT_CWA_RISK_CONFIG: CwaRiskConfig = {
  minutesAtAttenuationFilters: [],
  trlFilters: [],
  minutesAtAttenuationWeights: [
    { attenuationRange: { min: 0, max: 63, maxExclusive: true }, weight: 0.8 },
    { attenuationRange: { min: 63, max: 73, maxExclusive: true }, weight: 1 },
    { attenuationRange: { min: 73, max: 79, maxExclusive: true }, weight: 0.1 },
  ],
  normalizedTimePerEWToRiskLevelMapping: [
    { normalizedTimeRange: { min: 0, max: 9, maxExclusive: true }, riskLevel: 1 },
    { normalizedTimeRange: { min: 9, max: 9999 }, riskLevel: 2 },
  ],
  normalizedTimePerDayToRiskLevelMapping: [
    { normalizedTimeRange: { min: 5, max: 9, maxExclusive: true }, riskLevel: 1 },
    { normalizedTimeRange: { min: 9, max: 99999 }, riskLevel: 2 },
  ],
  trlEncoding: {
    infectiousnessOffsetStandard: 1,
    infectiousnessOffsetHigh: 2,
    reportTypeOffsetRecursive: 0,
    reportTypeOffsetSelfReport: 2,
    reportTypeOffsetConfirmedClinicalDiagnosis: 4,
    reportTypeOffsetConfirmedTest: 6,
  },
  transmissionRiskValueMapping: [
    { transmissionRiskLevel: 1, transmissionRiskValue: 0 },
    { transmissionRiskLevel: 2, transmissionRiskValue: 0 },
    { transmissionRiskLevel: 3, transmissionRiskValue: 0.6 },
    { transmissionRiskLevel: 4, transmissionRiskValue: 0.8 },
    { transmissionRiskLevel: 5, transmissionRiskValue: 1 },
    { transmissionRiskLevel: 6, transmissionRiskValue: 1.2 },
    { transmissionRiskLevel: 7, transmissionRiskValue: 1.4 },
    { transmissionRiskLevel: 8, transmissionRiskValue: 1.6 },
  ],
};

const englishErrors = /* @__PURE__ */ (() => en().localeError)();

/**
 * Validates a configuration with a schema, turning zod's error into an {@link EncountersError}.
 *
 * @param schema - one of the schemas of this module.
 * @param value - the parsed JSON.
 * @param what - the configuration's name, for the message.
 * @returns the validated configuration (defaults filled in).
 * @throws EncountersError `config/invalid` listing the first problems.
 * @example
 * ```ts
 * const config = parseConfig(dailySummariesConfigSchema, JSON.parse(text), 'DailySummariesConfig');
 * ```
 */
export function parseConfig<T>(schema: z.core.$ZodType<T, unknown>, value: unknown, what: string): T {
  // Per-parse English messages: the same text classic zod gives, without touching zod's global configuration.
  const result = z.safeParse(schema, value, { error: englishErrors });
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    throw new EncountersError('config/invalid', `invalid ${what}: ${problems}`, { cause: result.error });
  }
  return result.data;
}
