/**
 * Conformance: the official GAEN v1.2 crypto vectors (all 144 rows) and the secondary
 * vectors of ../shared/vectors/gaen-crypto.json, on every available backend.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  createRpiPrefixFilter,
  decodeMetadata,
  decryptAem,
  deriveAemk,
  deriveRpik,
  deriveRpis,
  deriveRpisForTeks,
  deriveRpisMatchingPrefix,
  deriveTekKeys,
  encodeMetadata,
  encryptAem,
  getCryptoBackend,
  intervalNumber,
  RPI_PREFIX_FILTER_BYTES,
  rollingStartOfDay,
  rpiForInterval,
  setCryptoBackend,
} from '@healthtrace/rolling-id';
import { afterAll, describe, expect, it } from 'vitest';

interface Row {
  index: number;
  interval: number;
  rpi: string;
  aem: string;
}
const vectors = JSON.parse(readFileSync(new URL('../../../shared/vectors/gaen-crypto.json', import.meta.url), 'utf8')) as {
  primary: {
    tek: string;
    rpik: string;
    aemk: string;
    metadata: string;
    start_interval_number: number;
    key_generation_unix_seconds: number;
    padded_data_example: { interval: number; padded_data: string };
    rows: Row[];
  };
  secondary: {
    tek: string;
    rpik: string;
    aemk: string;
    interval?: number;
    rpi?: string;
    metadata?: string;
    aem?: string;
    metadata_decoded?: { tx_power_dbm: number };
    rolling_start_interval_number?: number;
    all_rpis_in_rolling_period?: { interval: number; rpi: string }[];
    selected?: { interval: number; rpi: string }[];
  }[];
};
const p = vectors.primary;

afterAll(() => setCryptoBackend('auto'));

describe('GAEN vectors: time base', () => {
  it('maps the key generation time to the start interval', () => {
    expect(p.rows).toHaveLength(144);
    expect(intervalNumber(p.key_generation_unix_seconds * 1000)).toBe(p.start_interval_number);
    expect(rollingStartOfDay(p.start_interval_number + 143)).toBe(p.start_interval_number);
  });
});

for (const backend of ['portable', 'node'] as const) {
  describe(`GAEN official vectors on the ${backend} backend`, () => {
    it('selects the backend', () => {
      setCryptoBackend(backend);
      expect(getCryptoBackend()).toBe(backend);
    });

    it('derives RPIK and AEMK from the TEK', () => {
      setCryptoBackend(backend);
      const tek = hexToBytes(p.tek);
      expect(bytesToHex(deriveRpik(tek))).toBe(p.rpik);
      expect(bytesToHex(deriveAemk(tek))).toBe(p.aemk);
      const both = deriveTekKeys(tek);
      expect(bytesToHex(both.rpik)).toBe(p.rpik);
      expect(bytesToHex(both.aemk)).toBe(p.aemk);
    });

    it('reproduces all 144 RPIs and AEMs, and decrypts every AEM to the metadata', () => {
      setCryptoBackend(backend);
      const rpik = hexToBytes(p.rpik);
      const aemk = hexToBytes(p.aemk);
      const metadata = hexToBytes(p.metadata);
      const all = deriveRpis(rpik, p.start_interval_number, 144);
      const bulk = deriveRpisForTeks(hexToBytes(p.tek), p.start_interval_number, 144);
      for (const row of p.rows) {
        expect(row.interval).toBe(p.start_interval_number + row.index);
        const rpi = all.subarray(16 * row.index, 16 * row.index + 16);
        expect(bytesToHex(rpi)).toBe(row.rpi);
        expect(bytesToHex(bulk.subarray(16 * row.index, 16 * row.index + 16))).toBe(row.rpi);
        expect(bytesToHex(rpiForInterval(rpik, row.interval))).toBe(row.rpi);
        expect(bytesToHex(encryptAem(aemk, rpi, metadata))).toBe(row.aem);
        expect(bytesToHex(decryptAem(aemk, rpi, hexToBytes(row.aem)))).toBe(p.metadata);
      }
    });

    it('reproduces the secondary vectors', () => {
      setCryptoBackend(backend);
      for (const v of vectors.secondary) {
        const tek = hexToBytes(v.tek);
        const rpik = deriveRpik(tek);
        expect(bytesToHex(rpik)).toBe(v.rpik);
        expect(bytesToHex(deriveAemk(tek))).toBe(v.aemk);
        if (v.interval !== undefined && v.rpi !== undefined) {
          expect(bytesToHex(rpiForInterval(rpik, v.interval))).toBe(v.rpi);
          if (v.metadata !== undefined && v.aem !== undefined) {
            const aemk = hexToBytes(v.aemk);
            expect(bytesToHex(encryptAem(aemk, hexToBytes(v.rpi), hexToBytes(v.metadata)))).toBe(v.aem);
            expect(decodeMetadata(decryptAem(aemk, hexToBytes(v.rpi), hexToBytes(v.aem))).txPowerDbm).toBe(
              v.metadata_decoded?.tx_power_dbm,
            );
          }
        }
        const list = v.all_rpis_in_rolling_period ?? [];
        if (list.length > 0) {
          const first = list[0]!.interval;
          const ids = deriveRpis(rpik, first, list.length);
          list.forEach((r, i) => {
            expect(r.interval).toBe(first + i);
            expect(bytesToHex(ids.subarray(16 * i, 16 * i + 16))).toBe(r.rpi);
          });
        }
        for (const r of v.selected ?? []) expect(bytesToHex(rpiForInterval(rpik, r.interval))).toBe(r.rpi);
      }
    });
  });
}

describe('GAEN metadata vectors', () => {
  it('encodes and decodes the official metadata 40080000 (v1.0, +8 dBm)', () => {
    expect(bytesToHex(encodeMetadata({ txPowerDbm: 8 }))).toBe(p.metadata);
    expect(decodeMetadata(hexToBytes(p.metadata))).toEqual({ majorVersion: 1, minorVersion: 0, txPowerDbm: 8, calibrationConfidence: 0 });
    const secondary = vectors.secondary.find((v) => v.metadata !== undefined)!;
    expect(bytesToHex(encodeMetadata({ txPowerDbm: secondary.metadata_decoded!.tx_power_dbm }))).toBe(secondary.metadata);
  });

  it('writes v1.1 with calibration confidence bits (0x50 | c << 2) and signed TX power', () => {
    expect(bytesToHex(encodeMetadata({ txPowerDbm: -12, calibrationConfidence: 3 }))).toBe('5cf40000');
    expect(bytesToHex(encodeMetadata({ txPowerDbm: 0, calibrationConfidence: 2 }))).toBe('58000000');
    expect(decodeMetadata(hexToBytes('54ce0000'))).toEqual({ majorVersion: 1, minorVersion: 1, txPowerDbm: -50, calibrationConfidence: 1 });
  });
});

describe('GAEN vectors through the prefix filter (deriveRpisMatchingPrefix)', () => {
  const rpik = hexToBytes(p.rpik);
  const start = Number(p.start_interval_number);
  const rpisOut = new Uint8Array(144 * 16);
  const intervalsOut = new Uint32Array(144);

  it('keeps exactly the official rows whose prefixes are in the filter, with the official bytes', () => {
    const chosen = p.rows.filter((r) => r.index % 7 === 3);
    const filter = createRpiPrefixFilter(chosen.map((r) => hexToBytes(r.rpi)));
    const n = deriveRpisMatchingPrefix(rpik, start, 144, filter, rpisOut, intervalsOut);
    // Every chosen row comes out; any extra candidate is a genuine prefix collision with a chosen row.
    const got = Array.from({ length: n }, (_, i) => ({
      interval: intervalsOut[i]!,
      rpi: bytesToHex(rpisOut.subarray(16 * i, 16 * i + 16)),
    }));
    for (const r of chosen) expect(got).toContainEqual({ interval: Number(r.interval), rpi: r.rpi });
    for (const g of got) {
      const row = p.rows.find((r) => Number(r.interval) === g.interval)!;
      expect(g.rpi).toBe(row.rpi);
      expect(chosen.some((c) => c.rpi.slice(0, 5) === row.rpi.slice(0, 5))).toBe(true);
    }
  });

  it('keeps all 144 rows under a full filter and none under an empty one', () => {
    const n = deriveRpisMatchingPrefix(rpik, start, 144, new Uint8Array(RPI_PREFIX_FILTER_BYTES).fill(255), rpisOut, intervalsOut);
    expect(n).toBe(144);
    p.rows.forEach((r, i) => {
      expect(intervalsOut[i]).toBe(Number(r.interval));
      expect(bytesToHex(rpisOut.subarray(16 * i, 16 * i + 16))).toBe(r.rpi);
    });
    expect(deriveRpisMatchingPrefix(rpik, start, 144, new Uint8Array(RPI_PREFIX_FILTER_BYTES), rpisOut, intervalsOut)).toBe(0);
  });

  it('finds the secondary vectors (other keys, other intervals, rolling periods below 144)', () => {
    for (const v of vectors.secondary) {
      const list = [
        ...(v.all_rpis_in_rolling_period ?? []),
        ...(v.selected ?? []),
        ...(v.rpi !== undefined && v.interval !== undefined ? [{ interval: v.interval, rpi: v.rpi }] : []),
      ];
      if (list.length === 0) continue;
      const filter = createRpiPrefixFilter(list.map((r) => hexToBytes(r.rpi)));
      const from = Math.min(...list.map((r) => r.interval));
      const count = Math.max(...list.map((r) => r.interval)) - from + 1;
      const out = new Uint8Array(16 * count);
      const ints = new Uint32Array(count);
      const n = deriveRpisMatchingPrefix(hexToBytes(v.rpik), from, count, filter, out, ints);
      const got = new Map(Array.from({ length: n }, (_, i) => [ints[i]!, bytesToHex(out.subarray(16 * i, 16 * i + 16))]));
      for (const r of list) expect(got.get(r.interval)).toBe(r.rpi);
    }
  });
});
