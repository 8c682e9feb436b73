import { HealthtraceError, type HealthtraceErrorOptions } from '@healthtrace/core';

/**
 * Stable codes of {@link EncountersError}.
 *
 * - `advert/*`: a BLE advertisement that cannot be parsed or is not of the expected kind;
 * - `sightings/*`: a sighting log line (JSONL or `data_trace.txt`) that is malformed;
 * - `calibration/*`: a calibration CSV that is malformed;
 * - `config/*`: a risk or mapping configuration that fails validation;
 * - `match/*`: a key source that cannot be matched (bad file, failed signature).
 */
export type EncountersErrorCode =
  | 'advert/truncated'
  | 'advert/bad-input'
  | 'advert/not-gaen'
  | 'advert/not-bluezone'
  | 'advert/bad-service-data'
  | 'advert/bad-order'
  | 'advert/too-long'
  | 'sightings/bad-line'
  | 'sightings/bad-data-trace'
  | 'calibration/bad-csv'
  | 'config/invalid'
  | 'match/bad-key-file'
  | 'match/bad-signature'
  | 'match/bad-f0';

/**
 * A domain error of `@healthtrace/encounters`, with a stable {@link EncountersErrorCode}.
 *
 * @example
 * ```ts
 * try {
 *   parseGaenAdvert('0303');
 * } catch (error) {
 *   if (error instanceof EncountersError) console.log(error.code); // "advert/truncated"
 * }
 * ```
 */
export class EncountersError extends HealthtraceError {
  /** The stable error code. */
  declare readonly code: EncountersErrorCode;

  /**
   * @param code - stable error code.
   * @param message - human-readable explanation.
   * @param options - optional cause.
   */
  constructor(code: EncountersErrorCode, message: string, options?: HealthtraceErrorOptions) {
    super(code, message, options);
  }
}
