/**
 * Presence tracing with QR check-ins: app users check in at the venues they visit; when a positive app user
 * uploads, the venues they checked in at during their alert window are published, and every other check-in at
 * such a venue whose stay overlaps the positive visitor's stay leads to a venue warning. Warnings are a channel of
 * their own, counted apart from BLE exposure notifications.
 *
 * @packageDocumentation
 */

import type { VenueVisits } from '../population/contacts';

/** One day of QR check-ins, grouped by venue (`venueStart` is a CSR index: venue v's rows are `venueStart[v] …`). */
export interface CheckInLog {
  /** Day index. */
  day: number;
  /** Number of check-ins. */
  count: number;
  /** Who checked in. */
  agent: Uint32Array;
  /** Venue. */
  venue: Uint32Array;
  /** Arrival, seconds after midnight UTC. */
  arrive: Uint32Array;
  /** Departure, seconds after midnight UTC. */
  leave: Uint32Array;
  /** CSR offsets over venues (length venues + 1). */
  venueStart: Uint32Array;
}

/**
 * Keeps the visits whose visitor checks in (e.g. app users not in isolation) and indexes them by venue.
 *
 * @param visits - the day's venue visits, grouped by venue in increasing venue order.
 * @param day - day index.
 * @param venues - number of venues.
 * @param checksIn - whether a visitor checks in.
 * @returns the day's check-in log.
 * @throws RangeError when the visits are not grouped by increasing venue.
 * @example
 * ```ts
 * const log = checkInLog(events.visits, day, pop.venues, (a) => pop.hasApp[a] === 1);
 * ```
 */
export function checkInLog(visits: VenueVisits, day: number, venues: number, checksIn: (agent: number) => boolean): CheckInLog {
  const keep: number[] = [];
  for (let k = 0; k < visits.count; k++) {
    if (k > 0 && visits.venue[k]! < visits.venue[k - 1]!) throw new RangeError('visits must be grouped by increasing venue');
    if (checksIn(visits.agent[k]!)) keep.push(k);
  }
  const m = keep.length;
  const log: CheckInLog = {
    day,
    count: m,
    agent: new Uint32Array(m),
    venue: new Uint32Array(m),
    arrive: new Uint32Array(m),
    leave: new Uint32Array(m),
    venueStart: new Uint32Array(venues + 1),
  };
  keep.forEach((k, i) => {
    log.agent[i] = visits.agent[k]!;
    log.venue[i] = visits.venue[k]!;
    log.arrive[i] = visits.arrive[k]!;
    log.leave[i] = visits.leave[k]!;
    log.venueStart[visits.venue[k]! + 1]!++;
  });
  for (let v = 0; v < venues; v++) log.venueStart[v + 1]! += log.venueStart[v]!;
  return log;
}

/** A venue warning: who is warned, and the day of the visit that overlapped a positive visitor. */
export interface VenueWarning {
  /** The warned agent. */
  agent: number;
  /** Day of the overlapping visit. */
  visitDay: number;
}

/**
 * Publishes the venue alerts of today's positive uploaders and finds who must be warned.
 *
 * @param logs - the check-in logs kept (e.g. the last 14 days), oldest first.
 * @param uploaders - today's positive uploaders, each with their (possibly imputed) onset day.
 * @param fromDso - first day since onset whose check-ins are alerted (e.g. −2).
 * @param alreadyWarned - whether an agent was warned before (they are not warned twice).
 * @returns the number of alerts (alerted check-ins of positive visitors) and the new warnings, in log order.
 * @example
 * ```ts
 * const { alerts, warnings } = presenceTrace(logs, new Map([[17, 5]]), -2, () => false);
 * ```
 */
export function presenceTrace(
  logs: readonly CheckInLog[],
  uploaders: ReadonlyMap<number, number>,
  fromDso: number,
  alreadyWarned: (agent: number) => boolean,
): { alerts: number; warnings: VenueWarning[] } {
  let alerts = 0;
  const warnings: VenueWarning[] = [];
  const warned = new Set<number>();
  if (uploaders.size === 0) return { alerts, warnings };
  for (const log of logs) {
    for (let k = 0; k < log.count; k++) {
      const src = log.agent[k]!;
      const onset = uploaders.get(src);
      if (onset === undefined || log.day - onset < fromDso) continue;
      alerts++;
      const v = log.venue[k]!;
      for (let o = log.venueStart[v]!; o < log.venueStart[v + 1]!; o++) {
        const r = log.agent[o]!;
        if (r === src || warned.has(r) || alreadyWarned(r)) continue;
        // Stays overlap: [arrive, leave) of the two visits intersect.
        if (log.arrive[o]! >= log.leave[k]! || log.leave[o]! <= log.arrive[k]!) continue;
        warned.add(r);
        warnings.push({ agent: r, visitDay: log.day });
      }
    }
  }
  return { alerts, warnings };
}
