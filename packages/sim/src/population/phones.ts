/**
 * Phone models for the simulator, from the GAEN calibration sample shipped by `@healthtrace/encounters`
 * (Google calibration data, CC-BY 4.0, transcribed by microG, "Apache-2.0 AND CC-BY-4.0").
 *
 * @packageDocumentation
 */

import { DEFAULT_CALIBRATION_ROWS } from '@healthtrace/encounters';

/** One row of the calibration table. */
export interface PhoneModel {
  /** Manufacturer as in the CSV. */
  manufacturer: string;
  /** Model name. */
  model: string;
  /** RSSI correction (dB) added to measured RSSI. */
  rssiCorrection: number;
  /** TX power (dBm) the phone writes into its AEM metadata. */
  txPowerDbm: number;
  /** Calibration confidence 0 (LOWEST) … 3 (HIGH). */
  calibrationConfidence: number;
}

/**
 * The calibration rows phone models are drawn from (uniformly): the default sample table of
 * `@healthtrace/encounters` (the rows of `calibration.json`).
 */
export const PHONE_MODELS: readonly PhoneModel[] = DEFAULT_CALIBRATION_ROWS.map((r) => ({
  manufacturer: r.manufacturer,
  model: r.model,
  rssiCorrection: r.rssiCorrection,
  txPowerDbm: r.tx,
  calibrationConfidence: r.confidence,
}));

/**
 * Standard deviation (dB) of a phone's residual RSSI bias after its table correction, by calibration
 * confidence (LOWEST … HIGH). The simulator's assumption: Google measured HIGH-confidence rows on the device
 * itself, lower confidences are model or fleet averages (microG fallback rules), so residuals grow.
 */
export const RESIDUAL_BIAS_SIGMA_DB: readonly number[] = [6, 4.5, 3, 2];
