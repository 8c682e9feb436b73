import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { deriveAemk, encryptAem } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { aemsForRpis, dayIdentifiers, INTERVAL_TOLERANCE, matchPopulation, SightingStore } from '../src/index';
import { readVector } from './vectors';

interface CryptoVectors {
  primary: { tek: string; metadata: string; start_interval_number: number; rows: { index: number; rpi: string; aem: string }[] };
  secondary: { tek: string; rolling_start_interval_number: number; selected: { interval: number; rpi: string }[] }[];
}
const v = readVector<CryptoVectors>('gaen-crypto.json');

describe('phone-day identifiers (real GAEN crypto)', () => {
  it('derives the 144 official RPIs and AEMs of the primary vector', () => {
    const p = v.primary;
    const ids = dayIdentifiers(hexToBytes(p.tek), p.start_interval_number, hexToBytes(p.metadata));
    expect(p.rows).toHaveLength(144);
    for (const row of p.rows) {
      expect(bytesToHex(ids.rpis.subarray(row.index * 16, row.index * 16 + 16))).toBe(row.rpi);
      expect(bytesToHex(ids.aems.subarray(row.index * 4, row.index * 4 + 4))).toBe(row.aem);
    }
  });

  it('batches AEMs exactly like rolling-id encryptAem', () => {
    const p = v.primary;
    const ids = dayIdentifiers(hexToBytes(p.tek), p.start_interval_number, hexToBytes(p.metadata));
    const aemk = deriveAemk(hexToBytes(p.tek));
    const meta = Uint8Array.of(0x40, 0xe2, 0x03, 0);
    const batch = aemsForRpis(aemk, ids.rpis, meta);
    for (let i = 0; i < 144; i += 11) {
      expect(batch.subarray(i * 4, i * 4 + 4)).toEqual(encryptAem(aemk, ids.rpis.subarray(i * 16, i * 16 + 16), meta));
    }
  });
});

describe('population matcher (prefix index)', () => {
  it('finds the selected RPIs of the diagnosis key from the real export file, and nothing else', () => {
    const s = v.secondary[1]!;
    const store = new SightingStore(4);
    const aem = new Uint8Array(4);
    for (const sel of s.selected) store.pushHeard(7, sel.interval * 600 + 30, hexToBytes(sel.rpi), aem, -60, -58, 300);
    // A sighting of an unrelated RPI sharing the first two bytes must not match.
    const decoy = hexToBytes(s.selected[0]!.rpi);
    decoy[15] = decoy[15]! ^ 1;
    store.pushHeard(8, s.selected[0]!.interval * 600, decoy, aem, -60, -58, 300);
    // The right RPI heard far outside its interval (beyond the 2-hour tolerance) must not match either.
    store.pushHeard(9, (s.selected[0]!.interval + INTERVAL_TOLERANCE + 1) * 600, hexToBytes(s.selected[0]!.rpi), aem, -60, -58, 300);
    const key = { keyData: hexToBytes(s.tek), rollingStartIntervalNumber: s.rolling_start_interval_number, rollingPeriod: 144 };
    const matches = matchPopulation([key], [store]);
    expect(matches.map((m) => m.row)).toEqual([0, 1, 2]);
    expect(matchPopulation([{ ...key, rollingPeriod: 89 }], [store]).map((m) => m.row)).toEqual(
      s.selected.map((x, i) => (x.interval < s.rolling_start_interval_number + 89 ? i : -1)).filter((i) => i >= 0),
    );
  });
});
