/**
 * Synthetic population: ages, households, workplaces with enterprise-like sizes, school classes,
 * public-transport lines, venues, app adoption by age group and phone models. Everything lives in typed
 * arrays so that a million agents fit in a few tens of megabytes.
 *
 * @packageDocumentation
 */

import { AGE_GROUPS, type SimConfig } from '../model/params';
import { type Rng, rngFor, Stream } from '../random/prng';
import { PHONE_MODELS, RESIDUAL_BIAS_SIGMA_DB } from './phones';

/** Groups of agents in CSR form: members of group g are `members[start[g] .. start[g+1])`. */
export interface Groups {
  /** Offsets, length = groups + 1. */
  start: Uint32Array;
  /** Agent ids. */
  members: Uint32Array;
}

/** The population of one run. */
export interface Population {
  /** Number of agents. */
  size: number;
  /** Age group index (see `AGE_GROUPS`). */
  ageGroup: Uint8Array;
  /** Household of each agent. */
  household: Uint32Array;
  /** Households. */
  households: Groups;
  /** Workplace of each agent, -1 if none. */
  workplace: Int32Array;
  /** Workplaces. */
  workplaces: Groups;
  /** School class of each agent, -1 if none. */
  schoolClass: Int32Array;
  /** School classes. */
  classes: Groups;
  /** Public-transport line of each commuter, -1 if none. */
  transportLine: Int32Array;
  /** Number of transport lines. */
  transportLines: number;
  /** Number of QR check-in venues. */
  venues: number;
  /** 1 if the agent runs the app. */
  hasApp: Uint8Array;
  /** Phone model index into `PHONE_MODELS` (meaningful for app users). */
  phoneModel: Uint8Array;
  /** Residual receive bias after calibration, dB. */
  rxResidualDb: Float32Array;
  /** Residual transmit-power error, dB. */
  txResidualDb: Float32Array;
}

/** Household-size distribution (1…6 persons), England & Wales-like (ONS Families and Households 2019, rounded). */
export const HOUSEHOLD_SIZE_SHARES: readonly number[] = [0.29, 0.35, 0.16, 0.13, 0.05, 0.02];

/**
 * Employer size bands (persons) with their share of private-sector employment, approximating the UK
 * Business Population Estimates 2020: micro 1–9, small 10–49, medium 50–249, large 250+. Sizes within a band
 * are log-uniform, which gives the heavy-tailed "enterprise-like" size distribution.
 */
export const WORKPLACE_SIZE_BANDS: readonly { min: number; max: number; employmentShare: number }[] = [
  { min: 1, max: 9, employmentShare: 0.32 },
  { min: 10, max: 49, employmentShare: 0.16 },
  { min: 50, max: 249, employmentShare: 0.13 },
  { min: 250, max: 2000, employmentShare: 0.39 },
];

/** Employment rate of working-age adults. */
export const EMPLOYMENT_RATE = 0.75;
/** Share of workers commuting by bus or tram. */
export const TRANSPORT_SHARE = 0.3;
/** Pupils per school class. */
export const CLASS_SIZE = 28;
/** Agents per public-transport line. */
export const AGENTS_PER_LINE = 400;
/** Agents per QR check-in venue. */
export const AGENTS_PER_VENUE = 150;

function cumulative(xs: readonly number[]): number[] {
  let s = 0;
  return xs.map((x) => (s += x));
}

function groupsFrom(assign: Int32Array | Uint32Array, count: number): Groups {
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < assign.length; i++) if (assign[i]! >= 0) start[assign[i]! + 1]!++;
  for (let g = 0; g < count; g++) start[g + 1]! += start[g]!;
  const members = new Uint32Array(start[count]!);
  const fill = start.slice(0, count);
  for (let i = 0; i < assign.length; i++) {
    const g = assign[i]!;
    if (g >= 0) members[fill[g]!++] = i;
  }
  return { start, members };
}

/**
 * Builds the population of a run (deterministic in `config.seed`).
 *
 * @param config - the run configuration (`agents`, `seed`, `adoptionByAge`, `adoptionScale`).
 * @returns the population.
 * @throws RangeError if `agents` is not a positive integer.
 * @example
 * ```ts
 * const pop = buildPopulation(defaultConfig({ agents: 1000 }));
 * pop.hasApp.reduce((a, b) => a + b, 0); // ≈ 280 app users
 * ```
 */
export function buildPopulation(config: SimConfig): Population {
  const n = config.agents;
  if (!Number.isInteger(n) || n < 2) throw new RangeError('agents must be an integer ≥ 2');
  const rng = rngFor(config.seed, Stream.Population);
  const ageGroup = new Uint8Array(n);
  const household = new Uint32Array(n);
  const hhCum = cumulative(HOUSEHOLD_SIZE_SHARES);
  const adultCum = cumulative(AGE_GROUPS.slice(1).map((g) => g.share));
  const allCum = cumulative(AGE_GROUPS.map((g) => g.share));
  let hh = 0;
  for (let i = 0; i < n; hh++) {
    const size = Math.min(n - i, rng.pickCumulative(hhCum) + 1);
    for (let k = 0; k < size; k++, i++) {
      household[i] = hh;
      // First two members are adults; further members are mostly children.
      if (k < 2) ageGroup[i] = 1 + rng.pickCumulative(adultCum);
      else ageGroup[i] = rng.bernoulli(0.8) ? 0 : rng.pickCumulative(allCum);
    }
  }
  const households = groupsFrom(household, hh);

  // Workplaces: shuffle workers, cut into employers whose sizes follow the employment-share bands.
  const workers: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = ageGroup[i]!;
    if ((g === 1 || g === 2 || (g === 3 && rng.bernoulli(0.6))) && rng.bernoulli(EMPLOYMENT_RATE)) workers.push(i);
  }
  shuffle(workers, rng);
  const workplace = new Int32Array(n).fill(-1);
  const bandCum = cumulative(WORKPLACE_SIZE_BANDS.map((b) => b.employmentShare));
  let wp = 0;
  for (let i = 0; i < workers.length; wp++) {
    const band = WORKPLACE_SIZE_BANDS[rng.pickCumulative(bandCum)]!;
    const size = Math.max(1, Math.round(Math.exp(rng.uniform(Math.log(band.min), Math.log(band.max + 1)))));
    for (let k = 0; k < size && i < workers.length; k++, i++) workplace[workers[i]!] = wp;
  }
  const workplaces = groupsFrom(workplace, wp);

  // Schools: children (most of age group 0) in classes.
  const pupils: number[] = [];
  for (let i = 0; i < n; i++) if (ageGroup[i] === 0 && rng.bernoulli(0.75)) pupils.push(i);
  shuffle(pupils, rng);
  const schoolClass = new Int32Array(n).fill(-1);
  const classCount = Math.ceil(pupils.length / CLASS_SIZE);
  pupils.forEach((p, k) => {
    schoolClass[p] = k % Math.max(1, classCount);
  });
  const classes = groupsFrom(schoolClass, classCount);

  const transportLines = Math.max(1, Math.round(n / AGENTS_PER_LINE));
  const transportLine = new Int32Array(n).fill(-1);
  for (const w of workers) if (rng.bernoulli(TRANSPORT_SHARE)) transportLine[w] = rng.int(transportLines);

  const adoptRng = rngFor(config.seed, Stream.Adoption);
  const phoneRng = rngFor(config.seed, Stream.Phone);
  const hasApp = new Uint8Array(n);
  const phoneModel = new Uint8Array(n);
  const rxResidualDb = new Float32Array(n);
  const txResidualDb = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.min(1, (config.adoptionByAge[ageGroup[i]!] ?? 0) * config.adoptionScale);
    // Draw adoption as a uniform compared against p so that scaling adoption nests the adopters.
    hasApp[i] = adoptRng.float() < p ? 1 : 0;
    const m = phoneRng.int(PHONE_MODELS.length);
    phoneModel[i] = m;
    rxResidualDb[i] = phoneRng.normal() * RESIDUAL_BIAS_SIGMA_DB[PHONE_MODELS[m]!.calibrationConfidence]!;
    txResidualDb[i] = phoneRng.normal();
  }
  return {
    size: n,
    ageGroup,
    household,
    households,
    workplace,
    workplaces,
    schoolClass,
    classes,
    transportLine,
    transportLines,
    venues: Math.max(1, Math.round(n / AGENTS_PER_VENUE)),
    hasApp,
    phoneModel,
    rxResidualDb,
    txResidualDb,
  };
}

function shuffle(xs: number[], rng: Rng): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
}
