import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attenuation,
  CalibrationTable,
  DEFAULT_CALIBRATION_ROWS,
  defaultCalibrationTable,
  EncountersError,
  isAcceptedTxPower,
  loadCalibrationCsv,
  parseCalibrationCsv,
  parseCsvRows,
} from '../src/index';

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../shared/vectors/calibration.json', import.meta.url)), 'utf8'),
) as {
  rows: { manufacturer: string; device: string; model: string; rssi_correction: number; tx: number; calibration_confidence: number }[];
  example_computation: { tx_power: number; rssi_measured: number; rssi_correction: number; expected_attenuation_db: number };
};

describe('calibration', () => {
  it('ships exactly the rows of calibration.json', () => {
    expect(DEFAULT_CALIBRATION_ROWS).toEqual(
      vectors.rows.map((r) => ({
        manufacturer: r.manufacturer,
        device: r.device,
        model: r.model,
        rssiCorrection: r.rssi_correction,
        tx: r.tx,
        confidence: r.calibration_confidence,
      })),
    );
  });

  it('computes the example attenuation of calibration.json', () => {
    const e = vectors.example_computation;
    const pixel4 = defaultCalibrationTable().lookup('Pixel 4');
    expect(pixel4).toEqual({ rssiCorrection: e.rssi_correction, tx: -30, confidence: 3, source: 'model' });
    expect(attenuation(e.tx_power, e.rssi_measured, pixel4.rssiCorrection)).toBe(e.expected_attenuation_db);
    expect(attenuation(8, 20)).toBe(0);
  });

  it('rejects TX power outside [-50, 20]', () => {
    expect(isAcceptedTxPower(-50)).toBe(true);
    expect(isAcceptedTxPower(20)).toBe(true);
    expect(isAcceptedTxPower(-51)).toBe(false);
    expect(isAcceptedTxPower(21)).toBe(false);
    expect(() => attenuation(21, -70)).toThrow(RangeError);
  });

  it('falls back model → device average → manufacturer average → fleet average', () => {
    const table = new CalibrationTable([
      ...DEFAULT_CALIBRATION_ROWS,
      { manufacturer: 'google', device: 'flame', model: 'Pixel 4 (JP)', rssiCorrection: 10, tx: -32, confidence: 3 },
    ]);
    expect(table.lookup({ device: 'flame' })).toEqual({ rssiCorrection: 9, tx: -31, confidence: 2, source: 'device' });
    expect(table.lookup({ manufacturer: 'Google', model: 'Pixel 9' })).toEqual({
      rssiCorrection: 5,
      tx: -30,
      confidence: 1,
      source: 'manufacturer',
    });
    const fleet = table.lookup('Nokia 3310');
    expect(fleet.source).toBe('fleet');
    expect(fleet.confidence).toBe(0);
    expect(table.lookup().source).toBe('fleet');
  });

  it('loads a CSV with a header in any column order, quotes and CRLF', () => {
    const csv =
      'model,manufacturer,device,tx,rssi_correction,calibration_confidence\r\n"Pixel 4, ""JP""",google,flame,-30,8,HIGH\r\nX,acme,x1,-20,2,1\r\n';
    const table = loadCalibrationCsv(csv);
    expect(table.lookup('Pixel 4, "JP"')).toMatchObject({ rssiCorrection: 8, tx: -30, confidence: 3 });
    expect(table.rows[1]).toEqual({ manufacturer: 'acme', device: 'x1', model: 'X', rssiCorrection: 2, tx: -20, confidence: 1 });
    expect(() => parseCalibrationCsv('manufacturer,device,model,rssi_correction,tx,calibration_confidence\na,b,c,x,1,1\n')).toThrow(
      expect.objectContaining({ code: 'calibration/bad-csv' }),
    );
    expect(() => parseCsvRows('"abc')).toThrow(EncountersError);
  });

  it('fuzz: the CSV reader only throws EncountersError, and round-trips quoted fields (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parseCalibrationCsv(text);
        } catch (error) {
          if (!(error instanceof EncountersError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\n');
          expect(parseCsvRows(text)).toEqual(rows);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
