/**
 * BLE channel between two phones: path loss (Lovett model as in Google's simulator, or log-distance),
 * carriage and body loss, per-encounter shadowing, per-scan fading and per-packet Rayleigh fading,
 * with environment presets (reference §1).
 *
 * @packageDocumentation
 */

import { ENVIRONMENT_PRESETS, type EnvironmentName, type EnvironmentPreset, type PathLossModel } from '../model/params';
import type { Rng } from '../random/prng';

/** Lovett et al. 2020 parameters (`BleParams` in Google's `triple_exposure_generator.h`). */
export const LOVETT_PARAMS: { slope: number; intercept: number; tx: number; correction: number } = {
  slope: 0.21,
  intercept: 3.92,
  tx: 0,
  correction: 2.398,
};

/** Log-distance parameters (EWSN-pepper): path-loss exponent 1.47. */
export const LOG_DISTANCE_PARAMS: { exponent: number } = { exponent: 1.47 };

/**
 * Attenuation (dB) of the Lovett model: `tx − (rssi + correction)` with `rssi = −exp(intercept + slope·ln d)`.
 *
 * @param distanceM - distance in metres (> 0).
 * @returns attenuation in dB (48.0 at 1 m, 61.1 at 3 m).
 * @example
 * ```ts
 * lovettAttenuation(1.8); // ≈ 54.6
 * ```
 */
export function lovettAttenuation(distanceM: number): number {
  const p = LOVETT_PARAMS;
  const rssi = -Math.exp(p.intercept + p.slope * Math.log(distanceM));
  return p.tx - (rssi + p.correction);
}

/**
 * Inverse of {@link lovettAttenuation}: the distance a phone would infer from an attenuation.
 *
 * @param attenuationDb - attenuation in dB.
 * @returns distance in metres.
 * @example
 * ```ts
 * lovettDistance(48.0); // ≈ 1
 * ```
 */
export function lovettDistance(attenuationDb: number): number {
  const p = LOVETT_PARAMS;
  const rssi = p.tx - attenuationDb - p.correction;
  if (rssi >= 0) return 0;
  return Math.exp((Math.log(-rssi) - p.intercept) / p.slope);
}

/**
 * Path loss (attenuation in the GAEN calibrated frame) at a distance. The log-distance model is anchored
 * to the Lovett value at 1 m so that the two models share their reference point.
 *
 * @param model - `lovett` or `log-distance`.
 * @param distanceM - distance in metres.
 * @param preset - environment (its `slopeScale` flattens the distance dependence).
 * @returns attenuation in dB.
 * @example
 * ```ts
 * pathLoss('log-distance', 2, ENVIRONMENT_PRESETS.open); // 48.0 + 14.7·log10(2)
 * ```
 */
export function pathLoss(model: PathLossModel, distanceM: number, preset: EnvironmentPreset): number {
  const at1 = lovettAttenuation(1);
  const d = Math.max(0.05, distanceM);
  const delta = model === 'lovett' ? lovettAttenuation(d) - at1 : 10 * LOG_DISTANCE_PARAMS.exponent * Math.log10(d);
  return at1 + preset.slopeScale * delta + preset.extraLossDb;
}

/** Carriage states (TC4TL: hand, pocket, bag). */
export const CARRIAGE_STATES: readonly { name: string; share: number; lossMeanDb: number; lossSigmaDb: number }[] = [
  // Handset body loss "typically below 6 dB, up to ~15 dB" (AAU, reference §1.3).
  { name: 'hand', share: 0.3, lossMeanDb: 0, lossSigmaDb: 1 },
  { name: 'pocket', share: 0.5, lossMeanDb: 5, lossSigmaDb: 2.5 },
  { name: 'bag', share: 0.2, lossMeanDb: 8, lossSigmaDb: 3 },
];

/** Probability that a body blocks the line of sight (relative angle > 90° in MIT-LL's set-up). */
export const BODY_BLOCK_PROBABILITY = 0.5;
/** Mean extra loss (dB, exponential, capped at 15) when a body blocks. */
export const BODY_BLOCK_MEAN_DB = 5;
/** Attenuations above this are not heard (receiver sensitivity in the calibrated frame). */
export const MAX_HEARD_ATTENUATION_DB = 105;

/**
 * The slow part of the channel for one direction of one encounter: path loss + carriage of both phones +
 * body blocking + log-normal shadowing.
 *
 * @param rng - the encounter's random stream.
 * @param model - path-loss model.
 * @param environment - environment of the encounter.
 * @param distanceM - true distance.
 * @returns the encounter's mean attenuation, dB (before fading and device residuals).
 * @example
 * ```ts
 * const base = encounterAttenuation(rngFor(1, Stream.Channel, 0, 0), 'lovett', 'open', 1.5);
 * ```
 */
export function encounterAttenuation(rng: Rng, model: PathLossModel, environment: EnvironmentName, distanceM: number): number {
  const preset = ENVIRONMENT_PRESETS[environment];
  let a = pathLoss(model, distanceM, preset);
  for (let phone = 0; phone < 2; phone++) {
    const x = rng.float();
    const c = x < CARRIAGE_STATES[0]!.share ? 0 : x < CARRIAGE_STATES[0]!.share + CARRIAGE_STATES[1]!.share ? 1 : 2;
    const s = CARRIAGE_STATES[c]!;
    a += Math.max(0, s.lossMeanDb + s.lossSigmaDb * rng.normal());
  }
  if (rng.bernoulli(BODY_BLOCK_PROBABILITY)) a += Math.min(15, rng.exponential(BODY_BLOCK_MEAN_DB));
  a += preset.shadowingSigmaDb * rng.normal();
  return a;
}

/**
 * One packet's fading in dB: Rayleigh amplitude (exponential power), `10·log10(Exp(1))`, negated as a loss.
 *
 * @param rng - random stream.
 * @returns extra loss in dB (mean ≈ +2.5, long tail towards deep fades).
 * @example
 * ```ts
 * const loss = rayleighLossDb(rng);
 * ```
 */
export function rayleighLossDb(rng: Rng): number {
  return -10 * Math.log10(rng.exponential(1));
}
