import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAdStructures,
  buildBluezoneAdvert,
  buildGaenAdvert,
  cwaRiskConfigSchema,
  DEFAULT_CWA_RISK_CONFIG,
  dailySummariesConfigSchema,
  diagnosisKeysDataMappingSchema,
  EncountersError,
  exposureConfigurationSchema,
  parseAdStructures,
  parseBluezoneAdvert,
  parseConfig,
  parseGaenAdvert,
  sightingFromAdvert,
} from '../src/index';

function onlyDomainErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof EncountersError)) throw error;
  }
}

describe('advertisement parser fuzzing', () => {
  it('random bytes only ever raise EncountersError (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 62 }), (bytes) => {
        onlyDomainErrors(() => parseAdStructures(bytes));
        onlyDomainErrors(() => parseGaenAdvert(bytes));
        onlyDomainErrors(() => parseGaenAdvert(bytes, { strict: false }));
        onlyDomainErrors(() => parseBluezoneAdvert(bytes));
        onlyDomainErrors(() => sightingFromAdvert(bytes, { time: 0, rssi: -60 }));
      }),
      { numRuns: 10_000 },
    );
  });

  it('random AD structures round-trip and embedded GAEN/Bluezone payloads are always found (2,000 cases)', () => {
    const ad = fc.record({ type: fc.integer({ min: 0x20, max: 0xfe }), data: fc.uint8Array({ maxLength: 8 }) });
    fc.assert(
      fc.property(
        fc.array(ad, { maxLength: 5 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        (extra, rpi, aem) => {
          const raw = buildAdStructures(extra, Number.POSITIVE_INFINITY);
          expect(parseAdStructures(raw)).toEqual(extra);
          const gaen = new Uint8Array([...buildGaenAdvert(rpi, aem, { flags: false }), ...raw]);
          expect(parseGaenAdvert(gaen)).toEqual({ rpi, aem, flags: undefined });
          const blid = rpi.subarray(0, 12);
          const bz = new Uint8Array([...raw, ...buildBluezoneAdvert(blid)]);
          expect(parseBluezoneAdvert(bz)).toEqual({ kind: 'android', blid });
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('configuration fuzzing', () => {
  it('arbitrary JSON only ever raises config/invalid (10,000 cases)', () => {
    const schemas = [dailySummariesConfigSchema, diagnosisKeysDataMappingSchema, exposureConfigurationSchema, cwaRiskConfigSchema];
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(3), (value, s) => {
        try {
          parseConfig(schemas[s]! as never, value, 'config');
        } catch (error) {
          expect(error).toBeInstanceOf(EncountersError);
          expect((error as EncountersError).code).toBe('config/invalid');
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('well-formed configs always validate; broken ones are rejected (2,000 cases)', () => {
    const w = fc.double({ min: 0, max: 2.5, noNaN: true });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }),
        fc.tuple(w, w, w, w),
        fc.dictionary(fc.constantFrom('0', '1', '2', '3', '4', '5'), w),
        fc.boolean(),
        (thresholds, weights, reportTypeWeights, broken) => {
          const sorted = [...thresholds].sort((a, b) => a - b);
          const config = {
            attenuationBucketThresholdDb: broken ? [sorted[2], sorted[1], sorted[0]] : sorted,
            attenuationBucketWeights: weights,
            reportTypeWeights,
          };
          if (broken) expect(() => parseConfig(dailySummariesConfigSchema, config, 'c')).toThrow(EncountersError);
          else expect(parseConfig(dailySummariesConfigSchema, config, 'c').attenuationBucketThresholdDb).toEqual(sorted);
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseConfig(cwaRiskConfigSchema, JSON.parse(JSON.stringify(DEFAULT_CWA_RISK_CONFIG)), 'c')).toEqual(DEFAULT_CWA_RISK_CONFIG);
  });
});
