/**
 * Sweeps: attenuation thresholds (evaluated together on one run's sightings), adoption levels and environment
 * mixes (separate runs, each compared with a no-app run of the same seed).
 *
 * @packageDocumentation
 */

import type { EnvironmentName, ScoringConfig, SimConfig } from '../model/params';

/** What to sweep. */
export interface SweepSpec {
  /** Immediate/near threshold t0 values (dB). */
  t0?: number[] | undefined;
  /** Near/medium threshold t1 values (dB). */
  t1?: number[] | undefined;
  /** Adoption multipliers (`adoptionScale`). */
  adoption?: number[] | undefined;
  /** Environments (`mixed` = the default mix per setting). */
  environments?: (EnvironmentName | 'mixed')[] | undefined;
  /** Seeds of each unit. */
  seeds?: number[] | undefined;
}

/** One unit of work of a sweep: a run (and its no-app counterfactual). */
export interface SweepUnit {
  /** Directory-safe name, e.g. `adoption-1.5_env-vehicle_seed-2`. */
  name: string;
  /** Parameters of the unit, for tables. */
  params: Record<string, string | number>;
  /** The run configuration. */
  config: SimConfig;
}

/**
 * Scoring configs over a grid of thresholds (t2 = t1 + 10 dB; weights taken from `base`). Pairs with
 * t0 ≥ t1 are skipped.
 *
 * @param base - config whose weights and notification threshold are kept.
 * @param t0s - immediate/near thresholds.
 * @param t1s - near/medium thresholds.
 * @returns the configs, named `t0=…,t1=…`.
 * @example
 * ```ts
 * thresholdGrid(DEFAULT_SCORING, [50, 55], [60, 65]).length; // 4
 * ```
 */
export function thresholdGrid(base: ScoringConfig, t0s: readonly number[], t1s: readonly number[]): ScoringConfig[] {
  const out: ScoringConfig[] = [];
  for (const t0 of t0s) {
    for (const t1 of t1s) {
      if (!(t0 < t1)) continue;
      out.push({ ...base, name: `t0=${t0},t1=${t1}`, attenuationBucketThresholdDb: [t0, t1, Math.min(255, t1 + 10)] });
    }
  }
  return out;
}

/**
 * Expands a sweep into units (adoption × environment × seed), with the threshold grid attached to every unit
 * as extra scoring configs.
 *
 * @param base - base configuration.
 * @param spec - what to sweep.
 * @returns the units, in a fixed order.
 * @example
 * ```ts
 * planSweep(defaultConfig(), { adoption: [0.5, 1], seeds: [1, 2] }).length; // 4
 * ```
 */
export function planSweep(base: SimConfig, spec: SweepSpec): SweepUnit[] {
  const grid = spec.t0 && spec.t1 ? thresholdGrid(base.scoring, spec.t0, spec.t1) : [];
  const adoption = spec.adoption ?? [base.adoptionScale];
  const envs = spec.environments ?? [base.environmentOverride ?? 'mixed'];
  const seeds = spec.seeds ?? [base.seed];
  const units: SweepUnit[] = [];
  for (const a of adoption) {
    for (const env of envs) {
      for (const seed of seeds) {
        units.push({
          name: `adoption-${a}_env-${env}_seed-${seed}`,
          params: { adoption: a, environment: env, seed },
          config: {
            ...base,
            seed,
            adoptionScale: a,
            environmentOverride: env === 'mixed' ? null : env,
            extraScorings: [...base.extraScorings, ...grid],
          },
        });
      }
    }
  }
  return units;
}
