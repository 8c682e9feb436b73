/**
 * Daily contact events: who meets whom, where, when, for how long and how far apart.
 * Distances follow Google's Copenhagen-fitted Gamma prior and durations its Pareto prior
 * (reference §7), capped per setting.
 *
 * @packageDocumentation
 */

import { type EnvironmentName, Setting, type SettingId } from '../model/params';
import { rngFor, Stream } from '../random/prng';
import type { Population } from './population';

/** Gamma prior of contact distance (metres), Google `triple_exposure_generator.h` Copenhagen MLE. */
export const DISTANCE_PRIOR: { shape: number; scale: number } = { shape: 1.472, scale: 1.898 };
/** Pareto prior of contact duration in 5-minute intervals, sampled as `shape / u^(1/scale)`. */
export const DURATION_PRIOR: { shape: number; scale: number } = { shape: 1.51, scale: 1.0 };

/** Environment codes stored per event. */
export const ENVIRONMENT_CODES: readonly EnvironmentName[] = ['open', 'indoor', 'vehicle'];

/** Contact events of one day, one row per unordered pair meeting. */
export interface ContactEvents {
  /** Number of events. */
  count: number;
  /** First agent. */
  a: Uint32Array;
  /** Second agent. */
  b: Uint32Array;
  /** Setting ({@link Setting}). */
  setting: Uint8Array;
  /** Environment code (index into {@link ENVIRONMENT_CODES}). */
  environment: Uint8Array;
  /** Start, seconds after midnight UTC. */
  start: Uint32Array;
  /** Duration, seconds. */
  duration: Uint32Array;
  /** Distance, metres. */
  distance: Float32Array;
  /** QR check-ins recorded at venues that day. */
  checkIns: number;
  /** The venue visits of the day (one row per visitor, grouped by venue in increasing venue order). */
  visits: VenueVisits;
}

/** Venue visits of one day (a visitor with the app checks in by scanning the venue's QR code). */
export interface VenueVisits {
  /** Number of visits. */
  count: number;
  /** Visitor. */
  agent: Uint32Array;
  /** Venue. */
  venue: Uint32Array;
  /** Arrival, seconds after midnight UTC. */
  arrive: Uint32Array;
  /** Departure, seconds after midnight UTC. */
  leave: Uint32Array;
}

class EventBuilder {
  count = 0;
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  setting = new Uint8Array(1024);
  environment = new Uint8Array(1024);
  start = new Uint32Array(1024);
  duration = new Uint32Array(1024);
  distance = new Float32Array(1024);

  push(a: number, b: number, setting: SettingId, env: number, start: number, duration: number, distance: number): void {
    if (this.count === this.a.length) this.grow();
    const i = this.count++;
    this.a[i] = a;
    this.b[i] = b;
    this.setting[i] = setting;
    this.environment[i] = env;
    this.start[i] = start;
    this.duration[i] = Math.max(1, Math.min(duration, 86_399 - start));
    this.distance[i] = distance;
  }

  private grow(): void {
    const cap = this.a.length * 2;
    const g = <T extends Uint32Array | Uint8Array | Float32Array>(x: T, make: (n: number) => T): T => {
      const y = make(cap);
      y.set(x);
      return y;
    };
    this.a = g(this.a, (n) => new Uint32Array(n));
    this.b = g(this.b, (n) => new Uint32Array(n));
    this.setting = g(this.setting, (n) => new Uint8Array(n));
    this.environment = g(this.environment, (n) => new Uint8Array(n));
    this.start = g(this.start, (n) => new Uint32Array(n));
    this.duration = g(this.duration, (n) => new Uint32Array(n));
    this.distance = g(this.distance, (n) => new Float32Array(n));
  }

  finish(checkIns: number, visits: VenueVisits): ContactEvents {
    const c = this.count;
    return {
      checkIns,
      visits,
      count: c,
      a: this.a.subarray(0, c),
      b: this.b.subarray(0, c),
      setting: this.setting.subarray(0, c),
      environment: this.environment.subarray(0, c),
      start: this.start.subarray(0, c),
      duration: this.duration.subarray(0, c),
      distance: this.distance.subarray(0, c),
    };
  }
}

/** Default environment of each setting (indexed by {@link Setting}); community contacts are half open, half indoor. */
const SETTING_ENV: readonly number[] = [1, 1, 1, 1, 2, -1];

/**
 * Length (minutes) of one Pareto duration unit per setting: 5 minutes as in Google's prior, except for
 * workplace and school neighbours (desk neighbours, classmates sharing a room), whose contacts are drawn in
 * 15-minute units. This is a simulator assumption, chosen so that NHS-like settings reproduce the observed
 * ≈ 4 notifications per index case (reference §6); with 5-minute units the figure was ≈ 1.7.
 */
export const DURATION_UNIT_MIN: readonly number[] = [5, 15, 15, 5, 5, 5];

/** Maximum contact duration per setting, minutes. */
export const MAX_DURATION_MIN: readonly number[] = [480, 240, 240, 120, 45, 120];

/**
 * Generates the contact events of one day (deterministic in seed and day, independent of disease state:
 * isolation and quarantine are applied by the caller, so the app and no-app runs share their contacts).
 *
 * @param pop - the population.
 * @param seed - run seed.
 * @param day - day index (day 0 is a Monday).
 * @param environmentOverride - put every contact in this environment, or `null` for the default mix.
 * @returns the day's events.
 * @example
 * ```ts
 * const events = dailyContacts(pop, 1, 0, null);
 * ```
 */
export function dailyContacts(pop: Population, seed: number, day: number, environmentOverride: EnvironmentName | null): ContactEvents {
  const out = new EventBuilder();
  const weekend = day % 7 >= 5;
  const override = environmentOverride === null ? -1 : ENVIRONMENT_CODES.indexOf(environmentOverride);
  const rng = rngFor(seed, Stream.Contacts, 0, day);
  const dist = (): number => Math.max(0.1, rng.gamma(DISTANCE_PRIOR.shape, DISTANCE_PRIOR.scale));
  const durSec = (setting: SettingId): number =>
    Math.round(
      Math.min(MAX_DURATION_MIN[setting]!, DURATION_UNIT_MIN[setting]! * rng.pareto(DURATION_PRIOR.shape, DURATION_PRIOR.scale)) * 60,
    );
  const env = (setting: SettingId): number => {
    if (override >= 0) return override;
    const e = SETTING_ENV[setting]!;
    return e >= 0 ? e : rng.bernoulli(0.5) ? 0 : 1;
  };

  // Households: every pair, in the evening, longer than other settings (at least an hour).
  const hs = pop.households;
  for (let h = 0; h + 1 < hs.start.length; h++) {
    const s = hs.start[h]!;
    const e = hs.start[h + 1]!;
    for (let i = s; i < e; i++) {
      for (let j = i + 1; j < e; j++) {
        const d = Math.min(MAX_DURATION_MIN[Setting.Household]!, 60 + 5 * rng.pareto(DURATION_PRIOR.shape, DURATION_PRIOR.scale) * 4);
        out.push(
          hs.members[i]!,
          hs.members[j]!,
          Setting.Household,
          env(Setting.Household),
          64_800 + rng.int(7200),
          Math.round(d * 60),
          dist(),
        );
      }
    }
  }
  // Ring-lattice neighbours in a group (small world as in OpenABM's workplace networks) plus one random member.
  const ring = (g: { start: Uint32Array; members: Uint32Array }, setting: SettingId, reach: number, p: number, dayStart: number): void => {
    for (let k = 0; k + 1 < g.start.length; k++) {
      const s = g.start[k]!;
      const size = g.start[k + 1]! - s;
      if (size < 2) continue;
      const r = Math.min(reach, Math.floor((size - 1) / 2) || 1);
      for (let i = 0; i < size; i++) {
        for (let o = 1; o <= r; o++) {
          if (size === 2 && i === 1) break;
          if (!rng.bernoulli(p)) continue;
          out.push(
            g.members[s + i]!,
            g.members[s + ((i + o) % size)]!,
            setting,
            env(setting),
            dayStart + rng.int(28_800),
            durSec(setting),
            dist(),
          );
        }
        if (size > 2 * r + 1 && rng.bernoulli(0.3)) {
          const j = rng.int(size);
          if (j !== i)
            out.push(g.members[s + i]!, g.members[s + j]!, setting, env(setting), dayStart + rng.int(28_800), durSec(setting), dist());
        }
      }
    }
  };
  if (!weekend) {
    ring(pop.workplaces, Setting.Workplace, 3, 0.7, 28_800);
    ring(pop.classes, Setting.School, 4, 0.8, 30_600);
  }

  // Public transport: commuters on a line share a departure slot (15 minutes) and sit near a few co-riders.
  if (!weekend) {
    const lines = pop.transportLines;
    const slots = 8;
    const riders: number[][] = Array.from({ length: lines * slots }, () => []);
    for (let i = 0; i < pop.size; i++) {
      const line = pop.transportLine[i]!;
      if (line >= 0) riders[line * slots + rng.int(slots)]!.push(i);
    }
    for (let k = 0; k < riders.length; k++) {
      const group = riders[k]!;
      if (group.length < 2) continue;
      const depart = 25_200 + (k % slots) * 900;
      const ride = 60 * (10 + rng.int(35));
      for (let i = 0; i < group.length; i++) {
        const m = Math.min(group.length - 1, 2);
        for (let c = 0; c < m; c++) {
          const j = rng.int(group.length);
          if (j <= i) continue;
          out.push(
            group[i]!,
            group[j]!,
            Setting.Transport,
            env(Setting.Transport),
            depart,
            Math.min(ride, durSec(Setting.Transport) + 600),
            dist(),
          );
        }
      }
    }
  }

  // Venues with QR check-ins: visits with arrival and stay; contacts among overlapping visitors at a table.
  const venueVisitP = weekend ? 0.35 : 0.2;
  const visitors: number[][] = Array.from({ length: pop.venues }, () => []);
  const arrive = new Uint32Array(pop.size);
  const leave = new Uint32Array(pop.size);
  for (let i = 0; i < pop.size; i++) {
    if (!rng.bernoulli(venueVisitP)) continue;
    visitors[rng.int(pop.venues)]!.push(i);
    arrive[i] = 36_000 + rng.int(39_600);
    leave[i] = arrive[i]! + 60 * (30 + rng.int(90));
  }
  let checkIns = 0;
  for (const group of visitors) checkIns += group.length;
  const visits: VenueVisits = {
    count: checkIns,
    agent: new Uint32Array(checkIns),
    venue: new Uint32Array(checkIns),
    arrive: new Uint32Array(checkIns),
    leave: new Uint32Array(checkIns),
  };
  for (let v = 0, k = 0; v < visitors.length; v++) {
    for (const x of visitors[v]!) {
      visits.agent[k] = x;
      visits.venue[k] = v;
      visits.arrive[k] = arrive[x]!;
      visits.leave[k] = leave[x]!;
      k++;
    }
  }
  for (const group of visitors) {
    for (let i = 0; i < group.length; i++) {
      const x = group[i]!;
      for (let c = 0; c < 2; c++) {
        const y = group[rng.int(group.length)]!;
        if (y <= x) continue;
        const s = Math.max(arrive[x]!, arrive[y]!);
        const e = Math.min(leave[x]!, leave[y]!);
        if (e <= s) continue;
        out.push(x, y, Setting.Venue, env(Setting.Venue), s, Math.min(e - s, durSec(Setting.Venue) + 300), dist());
      }
    }
  }

  // Community: over-dispersed random contacts (negative binomial, mean 2, k = 0.5).
  for (let i = 0; i < pop.size; i++) {
    const k = rng.negativeBinomial(1, 0.5);
    for (let c = 0; c < k; c++) {
      const j = rng.int(pop.size);
      if (j === i) continue;
      out.push(i, j, Setting.Community, env(Setting.Community), 28_800 + rng.int(46_800), durSec(Setting.Community), dist());
    }
  }
  return out.finish(checkIns, visits);
}
