/**
 * @healthtrace/sim — a population-scale exposure-matching simulator with real GAEN crypto, real key files,
 * and the SDK's own scorer in the loop. See the package README for the model and its sources.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/sim' as const;

export * from './channel/ble-channel';
export { aemsForRpis, type DayIdentifiers, dayIdentifiers, deriveDayRpis, gaenMetadata, INTERVALS_PER_DAY } from './crypto/gaen-keys';
export * from './disease/seir';
export { type BluezoneKeyMatch, matchBluezonePopulation, SIGHTING_OFFSET_MS } from './matching/bluezone-matcher';
export { type DiagnosisKey, INTERVAL_TOLERANCE, type KeyMatch, matchPopulation } from './matching/population-matcher';
export { bucketWeight, gaenAttenuation } from './matching/scoring';
export * from './metrics/metrics';
export { TruthStore } from './metrics/truth-store';
export * from './model/params';
export * from './output/report';
export * from './output/svg-plots';
export * from './population/contacts';
export { PHONE_MODELS, type PhoneModel, RESIDUAL_BIAS_SIGMA_DB } from './population/phones';
export * from './population/population';
export { hashInts, Rng, rngFor, Stream, type StreamId } from './random/prng';
export * from './run/results';
export {
  BatchBuilder,
  isIphone,
  type PhoneArrays,
  type ScanBatch,
  type ScanParams,
  SLOT_SECONDS,
  scanBatch,
  scanSchedule,
  simulatedBluezoneBaseKey,
  simulatedTek,
} from './run/scan-kernel';
export { ScanPool } from './run/scan-pool';
export {
  type AsyncSimulationOptions,
  type DayCallback,
  type DayRecord,
  RETENTION_DAYS,
  type RunOutput,
  type SimulationRun,
  simulate,
  simulateAsync,
  simulatedSigningKey,
  startSimulation,
} from './run/simulate';
export * from './run/sweep';
export { IdentifierTable, SightingStore } from './scan/sighting-store';
export * from './venues/presence-tracing';
