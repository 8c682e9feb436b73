import { bytesToHex, HealthtraceError } from '@healthtrace/core';
import {
  intervalNumber,
  JsonTekStorage,
  MemoryTekStorage,
  ROLLING_PERIOD,
  rollingStartOfDay,
  type StoredTek,
  TekKeyStore,
  type TekStorage,
} from '@healthtrace/rolling-id';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 3, 2); // ENIN 2642976, a day start
const ZONES = [
  'UTC',
  'Asia/Ho_Chi_Minh',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kathmandu',
  'Europe/Berlin',
];
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

/** A store with a fake clock and a deterministic key generator (key i = 16 bytes of i). */
function makeStore(startMs: number, storage: TekStorage = new MemoryTekStorage()) {
  const clock = { t: startMs };
  let counter = 0;
  const store = new TekKeyStore({
    storage,
    now: () => clock.t,
    generateKey: () => new Uint8Array(16).fill(++counter & 0xff),
  });
  return { store, clock, storage };
}

describe('TekKeyStore rolling', () => {
  it('keeps one day-aligned key per UTC day, 14 days, and only exports rolled keys (property, any host TZ)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.array(fc.integer({ min: 1, max: 3 * DAY }), { minLength: 1, maxLength: 40 }),
        (tz, offset, steps) => {
          process.env.TZ = tz;
          const { store, clock } = makeStore(T0 + offset);
          const seenByDay = new Map<number, string>();
          for (const step of steps) {
            const n = intervalNumber(clock.t);
            const cur = store.currentKey();
            expect(cur.rollingStartIntervalNumber).toBe(rollingStartOfDay(n));
            expect(cur.rollingPeriod).toBe(ROLLING_PERIOD);
            const hex = bytesToHex(cur.keyData);
            const day = rollingStartOfDay(n);
            if (seenByDay.has(day)) expect(seenByDay.get(day)).toBe(hex);
            seenByDay.set(day, hex);
            const keys = store.keys();
            expect(keys.length).toBeLessThanOrEqual(14);
            for (const k of keys) expect(k.rollingStartIntervalNumber).toBeGreaterThan(day - 14 * ROLLING_PERIOD);
            const upload = store.keysForUpload();
            expect(upload.map((k) => bytesToHex(k.keyData))).not.toContain(hex);
            for (const k of upload) expect(k.rollingStartIntervalNumber + k.rollingPeriod).toBeLessThanOrEqual(n);
            expect(upload.length).toBe(keys.length - 1);
            clock.t += step;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same keys whatever the host time zone', () => {
    const run = (tz: string): string => {
      process.env.TZ = tz;
      const { store, clock } = makeStore(T0 + 7 * 3_600_000);
      for (let i = 0; i < 30; i++) {
        store.currentKey();
        clock.t += 11 * 3_600_000;
        if (i === 20) store.releaseCurrentKey();
      }
      return (
        JSON.stringify(store.snapshot()) +
        JSON.stringify(store.keysForUpload({ symptomOnsetMs: T0 + 3 * DAY }).map((k) => ({ ...k, keyData: bytesToHex(k.keyData) })))
      );
    };
    const results = ZONES.map(run);
    for (const r of results) expect(r).toBe(results[0]);
  });

  it('releases today’s key only once it has rolled, then starts a fresh key for the rest of the day', () => {
    const { store, clock } = makeStore(T0 + 2 * DAY + 5 * 600_000 + 1234);
    const n = intervalNumber(clock.t);
    const today = store.currentKey();
    expect(store.keysForUpload().map((k) => bytesToHex(k.keyData))).not.toContain(bytesToHex(today.keyData));
    const uploaded = store.keysForUpload({ includeToday: true, reportType: 1, transmissionRiskLevel: 4 });
    const last = uploaded.at(-1)!;
    expect(bytesToHex(last.keyData)).toBe(bytesToHex(today.keyData));
    expect(last.rollingStartIntervalNumber).toBe(rollingStartOfDay(n));
    expect(last.rollingPeriod).toBe(6); // intervals 0..5 of the day used
    expect(last).toMatchObject({ reportType: 1, transmissionRiskLevel: 4 });
    // The released key stays current until its last interval ends.
    expect(bytesToHex(store.currentKey().keyData)).toBe(bytesToHex(today.keyData));
    clock.t += 600_000;
    const next = store.currentKey();
    expect(bytesToHex(next.keyData)).not.toBe(bytesToHex(today.keyData));
    expect(next.rollingStartIntervalNumber).toBe(n + 1);
    expect(next.rollingStartIntervalNumber + next.rollingPeriod).toBe(rollingStartOfDay(n) + ROLLING_PERIOD);
    // The next day is aligned again.
    clock.t = T0 + 3 * DAY + 1;
    const tomorrow = store.currentKey();
    expect(tomorrow.rollingStartIntervalNumber).toBe(rollingStartOfDay(n) + ROLLING_PERIOD);
    expect(tomorrow.rollingPeriod).toBe(ROLLING_PERIOD);
  });

  it('computes days since onset per key and validates options', () => {
    const { store, clock } = makeStore(T0);
    for (let d = 0; d < 20; d++) {
      store.currentKey();
      clock.t += DAY;
    }
    const keys = store.keysForUpload({ symptomOnsetMs: T0 + 10 * DAY + 5 });
    expect(keys).toHaveLength(13); // 14 retained minus today's
    for (const k of keys) {
      const expected = Math.max(
        -14,
        Math.min(14, k.rollingStartIntervalNumber / ROLLING_PERIOD - intervalNumber(T0 + 10 * DAY) / ROLLING_PERIOD),
      );
      expect(k.daysSinceOnsetOfSymptoms).toBe(expected);
    }
    expect(store.keysForUpload({ daysSinceOnsetOfSymptoms: 2 }).every((k) => k.daysSinceOnsetOfSymptoms === 2)).toBe(true);
    expect(() => store.keysForUpload({ reportType: 6 })).toThrow(/reportType/);
    expect(() => store.keysForUpload({ transmissionRiskLevel: 9 })).toThrow(/transmissionRiskLevel/);
    expect(() => store.keysForUpload({ daysSinceOnsetOfSymptoms: 1, symptomOnsetMs: 0 })).toThrow(RangeError);
    expect(() => new TekKeyStore({ retentionDays: 0 })).toThrow(/retentionDays/);
  });

  it('zeroes keys when they expire or are cleared', () => {
    // A storage that keeps references to what the store hands it, to observe wiping.
    const seen: StoredTek[] = [];
    const storage: TekStorage = { load: () => [], save: (keys) => seen.push(...keys) };
    const clock = { t: T0 };
    const store = new TekKeyStore({ storage, now: () => clock.t, generateKey: () => new Uint8Array(16).fill(9) });
    const first = store.currentKey();
    expect(first.keyData.every((b) => b === 9)).toBe(true);
    const original = seen[0]!;
    clock.t += 20 * DAY;
    store.currentKey();
    expect(original.keyData.every((b) => b === 0)).toBe(true);
    expect(store.keys()).toHaveLength(1);
    const current = seen.at(-1)!;
    store.clear();
    expect(current.keyData.every((b) => b === 0)).toBe(true);
  });
});

describe('TekKeyStore persistence', () => {
  it('survives a snapshot round trip and JSON storage', () => {
    let saved: string | null = null;
    const storage = new JsonTekStorage({ read: () => saved, write: (json) => (saved = json) });
    const { store, clock } = makeStore(T0, storage);
    for (let d = 0; d < 5; d++) {
      store.currentKey();
      clock.t += DAY;
    }
    store.releaseCurrentKey();
    const snap = store.snapshot();
    expect(JSON.parse(saved!)).toEqual(snap);
    const again = TekKeyStore.fromSnapshot(JSON.stringify(snap), { now: () => clock.t });
    expect(again.snapshot()).toEqual(snap);
    const reloaded = new TekKeyStore({ storage, now: () => clock.t });
    expect(reloaded.snapshot()).toEqual(snap);
    expect(snap.keys.at(-1)).toMatchObject({ released: true, rollingPeriod: 1 });
  });

  it('rejects malformed snapshots with rolling-id/bad-snapshot', () => {
    for (const bad of [
      'nope',
      '{"version":2,"keys":[]}',
      '{"version":1,"keys":[{"keyData":"00","rollingStartIntervalNumber":0,"rollingPeriod":144}]}',
      '{"version":1,"keys":[{"keyData":"00000000000000000000000000000000","rollingStartIntervalNumber":0,"rollingPeriod":145}]}',
    ]) {
      let error: unknown;
      try {
        TekKeyStore.fromSnapshot(bad);
      } catch (e) {
        error = e;
      }
      expect(HealthtraceError.isInstance(error, 'rolling-id/bad-snapshot')).toBe(true);
    }
  });
});
