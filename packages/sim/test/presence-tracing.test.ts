import { describe, expect, it } from 'vitest';
import { checkInLog, defaultConfig, presenceTrace, simulate, summarize, type VenueVisits } from '../src/index';

const visits = (rows: [agent: number, venue: number, arrive: number, leave: number][]): VenueVisits => ({
  count: rows.length,
  agent: Uint32Array.from(rows.map((r) => r[0])),
  venue: Uint32Array.from(rows.map((r) => r[1])),
  arrive: Uint32Array.from(rows.map((r) => r[2])),
  leave: Uint32Array.from(rows.map((r) => r[3])),
});

describe('presence tracing (QR check-ins)', () => {
  // Venue 0: positive agent 1 stays 10:00–11:00; 2 overlaps; 3 arrives as 1 leaves (no overlap); 4 has no app.
  // Venue 1: 5 is there at the same time, at another venue.
  const day3 = visits([
    [1, 0, 36_000, 39_600],
    [2, 0, 39_000, 41_000],
    [3, 0, 39_600, 42_000],
    [4, 0, 36_000, 39_600],
    [5, 1, 36_000, 39_600],
  ]);
  const app = (a: number) => a !== 4;

  it('indexes the check-ins of app users by venue', () => {
    const log = checkInLog(day3, 3, 2, app);
    expect(log.count).toBe(4);
    expect([...log.venueStart]).toEqual([0, 3, 4]);
    expect(() =>
      checkInLog(
        visits([
          [1, 1, 0, 1],
          [2, 0, 0, 1],
        ]),
        0,
        2,
        app,
      ),
    ).toThrow(RangeError);
  });

  it('warns the check-ins that overlap a positive visitor at the same venue, once per person', () => {
    const log = checkInLog(day3, 3, 2, app);
    const { alerts, warnings } = presenceTrace([log], new Map([[1, 4]]), -2, () => false);
    expect(alerts).toBe(1);
    expect(warnings).toEqual([{ agent: 2, visitDay: 3 }]);
    // Check-ins before the alert window (day − onset < fromDso) are not alerted.
    expect(presenceTrace([log], new Map([[1, 6]]), -2, () => false)).toEqual({ alerts: 0, warnings: [] });
    // Someone already warned is not warned again; two positives warn a person once.
    expect(presenceTrace([log], new Map([[1, 4]]), -2, (a) => a === 2).warnings).toEqual([]);
    const both = presenceTrace([log, checkInLog(day3, 4, 2, app)], new Map([[1, 4]]), -2, () => false);
    expect(both.alerts).toBe(2);
    expect(both.warnings).toEqual([{ agent: 2, visitDay: 3 }]);
  });

  it('counts venue warnings apart from BLE notifications in a run', () => {
    const base = defaultConfig({ agents: 1500, days: 10, seed: 5, initialInfectedShare: 0.04, adoptionScale: 1.6 });
    const on = simulate(base);
    const off = simulate({ ...base, presenceTracing: false });
    expect(on.totals.venueAlerts).toBeGreaterThan(0);
    expect(on.totals.venueWarnings).toBeGreaterThan(0);
    expect(on.daily.reduce((a, d) => a + d.venueWarnings, 0)).toBe(on.totals.venueWarnings);
    expect(off.totals.venueWarnings).toBe(0);
    // With the default response (warnings change nothing), the BLE side is untouched.
    expect(on.totals.notifications).toBe(off.totals.notifications);
    expect(on.totals.infections).toBe(off.totals.infections);
    const r = summarize(on);
    expect(r.totals.secondaryAttackRateVenueWarned).toBeGreaterThanOrEqual(0);
    // A warned person who quarantines stays home: more people confined.
    const strict = simulate({ ...base, venueWarningQuarantineCompliance: 1 });
    const confined = (o: typeof on) => o.daily.reduce((a, d) => a + d.confined, 0);
    expect(confined(strict)).toBeGreaterThan(confined(on));
  });
});
