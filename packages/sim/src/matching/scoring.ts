/**
 * GAEN v2 window scoring (DailySummaryUtils, reference gaen.md §11) on plain numbers, for the
 * simulator's hot loops.
 *
 * @packageDocumentation
 */

import type { ScoringConfig } from '../model/params';

/**
 * Bucket weight of one scan by its typical attenuation.
 *
 * @param config - scoring config.
 * @param typicalAttenuationDb - the scan's typical attenuation.
 * @returns the weight of its bucket (immediate ≤ t0, near ≤ t1, medium ≤ t2, other).
 * @example
 * ```ts
 * bucketWeight(DEFAULT_SCORING, 50); // 1
 * ```
 */
export function bucketWeight(config: ScoringConfig, typicalAttenuationDb: number): number {
  const [t0, t1, t2] = config.attenuationBucketThresholdDb;
  const w = config.attenuationBucketWeights;
  if (typicalAttenuationDb <= t0) return w[0];
  if (typicalAttenuationDb <= t1) return w[1];
  if (typicalAttenuationDb <= t2) return w[2];
  return w[3];
}

/**
 * GAEN attenuation of a scan: `max(txPower − (rssi + rssiCorrection), 0)`.
 *
 * @param txPowerDbm - TX power from the decrypted AEM.
 * @param rssi - raw RSSI.
 * @param rssiCorrection - the receiver's calibration correction.
 * @returns attenuation in dB.
 * @example
 * ```ts
 * gaenAttenuation(-30, -70, 8); // 32 (calibration.json example)
 * ```
 */
export function gaenAttenuation(txPowerDbm: number, rssi: number, rssiCorrection: number): number {
  return Math.max(txPowerDbm - (rssi + rssiCorrection), 0);
}
