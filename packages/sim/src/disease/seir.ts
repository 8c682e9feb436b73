/**
 * A simple SEIR course per infected agent: incubation, infectiousness by days since symptom onset,
 * asymptomatic share, testing and diagnosis delays.
 *
 * @packageDocumentation
 */

import type { SimConfig } from '../model/params';
import { rngFor, Stream } from '../random/prng';

/**
 * Relative infectiousness by days since onset, −3 … +10 (peak at onset), shaped like the infectiousness
 * profiles used to build GAEN days-since-onset mappings (He et al. 2020 as summarised by Ferretti et al.).
 */
export const INFECTIOUSNESS_BY_DSO: readonly number[] = [0.3, 0.6, 0.9, 1, 0.9, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.05, 0.03, 0.01];
/** Days-since-onset offset of the first entry of {@link INFECTIOUSNESS_BY_DSO}. */
export const FIRST_INFECTIOUS_DSO = -3;

/**
 * GAEN infectiousness (0 NONE, 1 STANDARD, 2 HIGH) a health authority assigns to a key by days since onset:
 * HIGH from −2 to +3, STANDARD from −5 to +9, NONE outside (the simulator's `DiagnosisKeysDataMapping`).
 *
 * @param dso - days since onset of the key's day.
 * @returns 0, 1 or 2.
 * @example
 * ```ts
 * infectiousnessOfDso(0); // 2
 * ```
 */
export function infectiousnessOfDso(dso: number): number {
  if (dso >= -2 && dso <= 3) return 2;
  if (dso >= -5 && dso <= 9) return 1;
  return 0;
}

/** Disease state of the population, indexed by agent; −1 means "never". */
export interface DiseaseState {
  /** Day of infection. */
  infectedDay: Int16Array;
  /** Day of symptom onset (or of the would-be onset for asymptomatic infections). */
  onsetDay: Int16Array;
  /** 1 if the infection is asymptomatic. */
  asymptomatic: Uint8Array;
  /** Day the positive result arrives. */
  diagnosedDay: Int16Array;
  /** Last day of isolation or quarantine (inclusive). */
  confinedUntil: Int16Array;
}

/**
 * Allocates an all-susceptible disease state.
 *
 * @param n - population size.
 * @returns the state.
 * @example
 * ```ts
 * const s = newDiseaseState(1000);
 * ```
 */
export function newDiseaseState(n: number): DiseaseState {
  return {
    infectedDay: new Int16Array(n).fill(-1),
    onsetDay: new Int16Array(n).fill(-1),
    asymptomatic: new Uint8Array(n),
    diagnosedDay: new Int16Array(n).fill(-1),
    confinedUntil: new Int16Array(n).fill(-1),
  };
}

/**
 * Infects an agent on `day`, drawing its course (incubation log-normal, median ≈ 5 days; Lauer et al. 2020)
 * and, if symptomatic, whether and when it is tested (1–3 days after onset, result a day later).
 *
 * @param s - disease state (mutated).
 * @param config - run configuration.
 * @param agent - who.
 * @param day - infection day.
 * @example
 * ```ts
 * infect(state, config, 17, 0);
 * ```
 */
export function infect(s: DiseaseState, config: SimConfig, agent: number, day: number): void {
  const rng = rngFor(config.seed, Stream.Disease, agent);
  const incubation = Math.max(2, Math.round(Math.exp(Math.log(5.1) + 0.42 * rng.normal())));
  s.infectedDay[agent] = day;
  s.onsetDay[agent] = day + incubation;
  s.asymptomatic[agent] = rng.bernoulli(config.asymptomaticShare) ? 1 : 0;
  if (!s.asymptomatic[agent] && rng.bernoulli(config.testProbability)) {
    s.diagnosedDay[agent] = day + incubation + 1 + rng.int(3) + 1;
  }
}

/**
 * Relative infectiousness of an agent on a day (0 if not infectious).
 *
 * @param s - disease state.
 * @param config - run configuration.
 * @param agent - who.
 * @param day - which day.
 * @returns infectiousness in [0, 1].
 * @example
 * ```ts
 * infectiousness(state, config, 17, 5);
 * ```
 */
export function infectiousness(s: DiseaseState, config: SimConfig, agent: number, day: number): number {
  const inf = s.infectedDay[agent]!;
  if (inf < 0 || day <= inf) return 0;
  const k = day - s.onsetDay[agent]! - FIRST_INFECTIOUS_DSO;
  if (k < 0 || k >= INFECTIOUSNESS_BY_DSO.length) return 0;
  const base = INFECTIOUSNESS_BY_DSO[k]!;
  return s.asymptomatic[agent] ? base * config.asymptomaticInfectiousness : base;
}
