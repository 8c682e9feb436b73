import { deriveAemk, deriveRpik, encodeMetadata, encryptAem, rpiForInterval } from '@healthtrace/rolling-id';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cwaWindowRisk,
  DEFAULT_CWA_RISK_CONFIG,
  DEFAULT_DAILY_SUMMARIES_CONFIG,
  type ExposureWindow,
  exposureConfigurationSchema,
  exposureInformationFromWindows,
  GaenMatcher,
  parseConfig,
  type Sighting,
  SightingIndex,
  windowScore,
} from '../src/index';

const RSIN = 2642976;
const tekArb = fc.uint8Array({ minLength: 16, maxLength: 16 });

function sightingFor(tek: Uint8Array, rpiInterval: number, heardInterval: number, tx = 0, rssi = -60): Sighting {
  const rpi = rpiForInterval(deriveRpik(tek), rpiInterval);
  const aem = encryptAem(deriveAemk(tek), rpi, encodeMetadata({ txPowerDbm: tx }));
  return { time: heardInterval * 600_000 + 30_000, id: rpi, aem, rssi, source: 'gaen-advert' };
}

function match(tek: Uint8Array, sightings: Sighting[]) {
  const matcher = new GaenMatcher(sightings);
  matcher.addKeys([{ keyData: tek, rollingStartIntervalNumber: RSIN, rollingPeriod: 144 }]);
  return matcher.result();
}

describe('matching properties', () => {
  it('a sighting heard within ±12 intervals of its RPI always matches; 13 or more never does', () => {
    fc.assert(
      fc.property(tekArb, fc.integer({ min: 0, max: 143 }), fc.integer({ min: -20, max: 20 }), (tek, i, drift) => {
        const result = match(tek, [sightingFor(tek, RSIN + i, RSIN + i + drift)]);
        expect(result.matchedSightings).toBe(Math.abs(drift) <= 12 ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('an RPI 13 intervals outside the key validity never matches', () => {
    fc.assert(
      fc.property(tekArb, fc.constantFrom(-13, -14, 144 + 12, 144 + 13), fc.integer({ min: -12, max: 12 }), (tek, offset, drift) => {
        expect(match(tek, [sightingFor(tek, RSIN + offset, RSIN + offset + drift)]).matchedSightings).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('an AEM whose TX power is outside [-50, 20] drops the sighting and is counted', () => {
    fc.assert(
      fc.property(tekArb, fc.integer({ min: -127, max: 127 }), (tek, tx) => {
        const result = match(tek, [sightingFor(tek, RSIN + 50, RSIN + 50, tx), sightingFor(tek, RSIN + 52, RSIN + 52, 0)]);
        const out = tx < -50 || tx > 20;
        expect(result.droppedTxPower).toBe(out ? 1 : 0);
        expect(result.exposureWindows.flatMap((w) => w.scanInstances)).toHaveLength(out ? 1 : 2);
      }),
      { numRuns: 300 },
    );
  });

  it('exposure windows never span more than 30 minutes', () => {
    fc.assert(
      fc.property(tekArb, fc.uniqueArray(fc.integer({ min: 0, max: 110 }), { minLength: 1, maxLength: 40 }), (tek, minutes) => {
        // RSSI encodes the minute: attenuation = 0 − (rssi + 6) = minute + 4 (fleet-average correction 6 dB).
        const sightings = minutes.map((m) => {
          const t = RSIN * 600_000 + 36_000_000 + m * 60_000;
          const interval = Math.floor(t / 600_000);
          return { ...sightingFor(tek, interval, interval, 0, -(m + 10)), time: t };
        });
        const { exposureWindows } = match(tek, sightings);
        let scans = 0;
        for (const w of exposureWindows) {
          const ms = w.scanInstances.map((s) => s.typicalAttenuation - 4);
          expect(Math.max(...ms) - Math.min(...ms)).toBeLessThan(30);
          scans += w.scanInstances.length;
        }
        expect(scans).toBeGreaterThan(0);
        expect(scans).toBeLessThanOrEqual(minutes.length);
      }),
      { numRuns: 150 },
    );
  });
});

const scanArb = fc.record({
  typicalAttenuation: fc.integer({ min: 0, max: 120 }),
  minAttenuation: fc.integer({ min: 0, max: 120 }),
  secondsSinceLastScan: fc.integer({ min: 0, max: 300 }),
});
const windowArb: fc.Arbitrary<ExposureWindow> = fc.record({
  dateMs: fc.constant(Date.UTC(2020, 3, 2)),
  reportType: fc.integer({ min: 1, max: 4 }),
  infectiousness: fc.integer({ min: 1, max: 2 }),
  calibrationConfidence: fc.integer({ min: 0, max: 3 }),
  scanInstances: fc.array(scanArb, { minLength: 1, maxLength: 8 }),
});

describe('scoring is monotonic in duration', () => {
  it('GAEN v2 window score, CWA normalized time and v1 duration never decrease when a scan lasts longer', () => {
    const v1 = parseConfig(exposureConfigurationSchema, {}, 'config');
    fc.assert(
      fc.property(windowArb, fc.nat(), fc.integer({ min: 1, max: 600 }), (window, pick, extra) => {
        const i = pick % window.scanInstances.length;
        const longer = {
          ...window,
          scanInstances: window.scanInstances.map((s, k) => (k === i ? { ...s, secondsSinceLastScan: s.secondsSinceLastScan + extra } : s)),
        };
        expect(windowScore(longer, DEFAULT_DAILY_SUMMARIES_CONFIG)).toBeGreaterThanOrEqual(
          windowScore(window, DEFAULT_DAILY_SUMMARIES_CONFIG),
        );
        const a = cwaWindowRisk(window, DEFAULT_CWA_RISK_CONFIG)?.normalizedTime ?? 0;
        const b = cwaWindowRisk(longer, DEFAULT_CWA_RISK_CONFIG)?.normalizedTime ?? 0;
        expect(b).toBeGreaterThanOrEqual(a);
        const [da] = exposureInformationFromWindows([window], v1, window.dateMs);
        const [db] = exposureInformationFromWindows([longer], v1, window.dateMs);
        expect(db!.durationMinutes).toBeGreaterThanOrEqual(da!.durationMinutes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sighting index', () => {
  it('orders sightings by time stably, whatever the input order (fast packed sort and comparator fallback agree)', () => {
    const sighting = (time: number, tag: number): Sighting => ({
      time,
      id: Uint8Array.from({ length: 16 }, (_, i) => (tag * 7 + i) & 255),
      aem: Uint8Array.of(tag & 255, 0, 0, 0),
      rssi: -(tag % 100),
      source: 'gaen-advert',
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.boolean()), { maxLength: 300 }),
        fc.constantFrom(1_600_000_000_000, 1_600_000_000_000.5),
        fc.boolean(),
        (entries, base, wide) => {
          // Times close together (packed sort), or one spanning more than 2^33 ms / fractional (comparator sort).
          const list = entries.map(([offset, far], tag) => sighting(base + offset * 1000 + (wide && far ? 2 ** 34 : 0), tag));
          const index = SightingIndex.build(list);
          const expected = list
            .map((s, position) => ({ s, position }))
            .sort((a, b) => a.s.time - b.s.time || a.position - b.position)
            .map(({ s }) => s);
          expect(Array.from(index.times)).toEqual(expected.map((s) => s.time));
          expect(Array.from(index.aems.filter((_, i) => i % 4 === 0))).toEqual(expected.map((s) => (s.aem as Uint8Array)[0]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
