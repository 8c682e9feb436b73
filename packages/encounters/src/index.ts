/**
 * @healthtrace/encounters: what a phone (or a simulator) does with what it hears over Bluetooth, for GAEN and
 * Bluezone: BLE advertisement codecs, sighting logs, calibration, exposure windows, matching and risk scoring
 * (GAEN v2 daily summaries, GAEN v1 legacy score, Corona-Warn-App, Bluezone close contact).
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/encounters' as const;

export * from './advert/ad-structures';
export * from './advert/bluezone-advert';
export {
  type BuildGaenAdvertOptions,
  buildGaenAdvert,
  GAEN_DEFAULT_FLAGS,
  GAEN_SERVICE_UUID,
  GAEN_SERVICE_UUID128,
  type GaenAdvert,
  isGaenAdvert,
  type ParseGaenAdvertOptions,
  parseGaenAdvert,
} from './advert/gaen-advert';
export {
  type AdvertInput,
  type AndroidScanRecord,
  type BinaryLike,
  type DecodedScanRecord,
  normalizeUuid,
} from './advert/scan-record';
export * from './advert/sightings';
export * from './calibration/attenuation';
export * from './calibration/csv';
export * from './calibration/default-table';
export * from './calibration/table';
export * from './errors';
export * from './matching/bluezone-match';
export {
  buildExposureWindows,
  DAYS_SINCE_ONSET_UNKNOWN,
  DEFAULT_MINUTES_SINCE_LAST_SCAN,
  type ExposureWindowOptions,
  type ExposureWindowResult,
  infectiousnessOf,
  MAX_MINUTES_SINCE_LAST_SCAN,
  MAX_WINDOW_MS,
  reportTypeOf,
} from './matching/exposure-windows';
export * from './matching/gaen-match';
export { type KeyScanStats, type MatchedKey, scanKeys } from './matching/key-scan';
export { MATCH_TOLERANCE_INTERVALS, SightingIndex } from './matching/sighting-index';
export * from './scoring/configs';
export * from './scoring/cwa-risk';
export * from './scoring/daily-summaries';
export * from './scoring/legacy-risk-score';
export * from './sightings/data-trace';
export * from './sightings/jsonl';
export * from './sightings/sighting-log';
export * from './sightings/types';
export * from './windows/types';
