/** Lowest TX power (dBm) GAEN matching accepts from a decrypted AEM (`matchingTxPowerLowerBound`). */
export const MIN_TX_POWER_DBM = -50;
/** Highest TX power (dBm) GAEN matching accepts (`matchingTxPowerUpperBound`). */
export const MAX_TX_POWER_DBM = 20;

/**
 * Whether a decrypted TX power is inside the range GAEN matching accepts, [−50, 20] dBm.
 *
 * @param txPowerDbm - TX power from the AEM metadata.
 * @returns `true` when the sighting may be used.
 * @example
 * ```ts
 * isAcceptedTxPower(8); // true
 * isAcceptedTxPower(-60); // false
 * ```
 */
export function isAcceptedTxPower(txPowerDbm: number): boolean {
  return txPowerDbm >= MIN_TX_POWER_DBM && txPowerDbm <= MAX_TX_POWER_DBM;
}

/**
 * GAEN attenuation: `max(txPower − (rssi + rssiCorrection), 0)`, with the TX power taken from the decrypted AEM
 * and the RSSI correction of the scanning device. The calibrated RSSI is clamped to [−127, 126] as Google's scanner does.
 *
 * @param txPowerDbm - TX power from the AEM metadata (dBm).
 * @param rssi - measured RSSI (dBm).
 * @param rssiCorrection - the scanner's RSSI correction (dB, default 0).
 * @returns the attenuation in dB (≥ 0).
 * @throws RangeError when the TX power is outside [−50, 20] dBm (such sightings must be dropped).
 * @example
 * ```ts
 * attenuation(-30, -70, 8); // 32
 * ```
 */
export function attenuation(txPowerDbm: number, rssi: number, rssiCorrection = 0): number {
  if (!isAcceptedTxPower(txPowerDbm)) throw new RangeError(`txPowerDbm must be in [-50, 20], got ${txPowerDbm}`);
  const calibrated = Math.min(126, Math.max(-127, rssi + rssiCorrection));
  return Math.max(txPowerDbm - calibrated, 0);
}
