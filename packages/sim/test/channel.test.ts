import { describe, expect, it } from 'vitest';
import {
  ENVIRONMENT_PRESETS,
  encounterAttenuation,
  gaenAttenuation,
  lovettAttenuation,
  lovettDistance,
  pathLoss,
  rngFor,
  Stream,
} from '../src/index';
import { readVector } from './vectors';

describe('BLE channel', () => {
  it('reproduces the Lovett model table of the reference (simulation.md §1.1)', () => {
    const table: [number, number][] = [
      [0.5, 41.2],
      [1, 48.0],
      [1.2, 50.0],
      [1.8, 54.6],
      [2, 55.9],
      [3, 61.1],
      [4.5, 66.7],
      [10, 79.3],
    ];
    for (const [d, att] of table) {
      expect(lovettAttenuation(d)).toBeCloseTo(att, 1);
      expect(lovettDistance(att)).toBeCloseTo(d, 0);
    }
  });

  it('anchors the log-distance model at the Lovett 1 m value with exponent 1.47', () => {
    expect(pathLoss('log-distance', 1, ENVIRONMENT_PRESETS.open)).toBeCloseTo(lovettAttenuation(1), 6);
    expect(pathLoss('log-distance', 10, ENVIRONMENT_PRESETS.open) - pathLoss('log-distance', 1, ENVIRONMENT_PRESETS.open)).toBeCloseTo(
      14.7,
      6,
    );
  });

  it('collapses the distance relation in a vehicle', () => {
    const slope = (env: 'open' | 'vehicle') =>
      pathLoss('lovett', 4, ENVIRONMENT_PRESETS[env]) - pathLoss('lovett', 0.5, ENVIRONMENT_PRESETS[env]);
    expect(slope('open')).toBeGreaterThan(20);
    expect(slope('vehicle')).toBeLessThan(2);
  });

  it('adds non-negative carriage/body loss on average and shadowing with the preset spread', () => {
    const xs = Array.from({ length: 4000 }, (_, i) => encounterAttenuation(rngFor(1, Stream.Channel, i), 'lovett', 'open', 1));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(lovettAttenuation(1) + 3);
    expect(mean).toBeLessThan(lovettAttenuation(1) + 15);
  });

  it('computes GAEN attenuation as in the calibration vector example', () => {
    const v = readVector<{
      example_computation: { tx_power: number; rssi_measured: number; rssi_correction: number; expected_attenuation_db: number };
    }>('calibration.json').example_computation;
    expect(gaenAttenuation(v.tx_power, v.rssi_measured, v.rssi_correction)).toBe(v.expected_attenuation_db);
    expect(gaenAttenuation(-30, 0, 8)).toBe(0);
  });
});
