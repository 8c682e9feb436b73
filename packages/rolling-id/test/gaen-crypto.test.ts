import { createCipheriv, hkdfSync } from 'node:crypto';
import { bytesToHex } from '@healthtrace/core';
import {
  createRpiPrefixFilter,
  createRpiPrefixScanner,
  decodeMetadata,
  decryptAem,
  deriveAemk,
  deriveRpik,
  deriveRpis,
  deriveRpisForTeks,
  deriveRpisMatchingPrefix,
  encodeMetadata,
  encryptAem,
  gaenScheme,
  generateTek,
  getCryptoBackend,
  INTERVAL_SECONDS,
  intervalNumber,
  intervalStartMs,
  ROLLING_PERIOD,
  RPI_PREFIX_FILTER_BYTES,
  rollingStartOfDay,
  rpiForInterval,
  rpiPrefixBit,
  setCryptoBackend,
} from '@healthtrace/rolling-id';
import { ctr, ecb } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

const enc = new TextEncoder();
const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const interval = fc.integer({ min: 0, max: 0xffffffff - 200 });

afterEach(() => setCryptoBackend('auto'));

/** Reference RPIs with noble: AES-ECB over the PaddedData blocks. */
function nobleRpis(rpik: Uint8Array, start: number, count: number): Uint8Array {
  const padded = new Uint8Array(16 * count);
  const view = new DataView(padded.buffer);
  for (let j = 0; j < count; j++) {
    padded.set(enc.encode('EN-RPI'), 16 * j);
    view.setUint32(16 * j + 12, start + j, true);
  }
  return ecb(rpik, { disablePadding: true }).encrypt(padded);
}

describe('backends', () => {
  it('auto-selects node:crypto under Node and can be forced', () => {
    setCryptoBackend('auto');
    expect(getCryptoBackend()).toBe('node');
    setCryptoBackend('portable');
    expect(getCryptoBackend()).toBe('portable');
    setCryptoBackend('node');
    expect(getCryptoBackend()).toBe('node');
    expect(() => setCryptoBackend('wasm' as 'node')).toThrow(TypeError);
  });

  it('give identical keys, RPIs and AEMs, equal to noble and node:crypto references (property)', () => {
    fc.assert(
      fc.property(
        key16,
        interval,
        fc.integer({ min: 0, max: 160 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        (tek, start, count, meta) => {
          const rpik = deriveRpik(tek);
          const aemk = deriveAemk(tek);
          expect(bytesToHex(rpik)).toBe(bytesToHex(hkdf(sha256, tek, undefined, enc.encode('EN-RPIK'), 16)));
          expect(bytesToHex(aemk)).toBe(bytesToHex(new Uint8Array(hkdfSync('sha256', tek, new Uint8Array(0), 'EN-AEMK', 16))));
          const expected = bytesToHex(nobleRpis(rpik, start, count));
          setCryptoBackend('portable');
          const a = deriveRpis(rpik, start, count);
          const bulkA = deriveRpisForTeks(tek, start, count);
          const aemA = count > 0 ? encryptAem(aemk, a.subarray(0, 16), meta) : undefined;
          setCryptoBackend('node');
          const b = deriveRpis(rpik, start, count);
          const bulkB = deriveRpisForTeks(tek, start, count);
          const aemB = count > 0 ? encryptAem(aemk, b.subarray(0, 16), meta) : undefined;
          expect(bytesToHex(a)).toBe(expected);
          expect(bytesToHex(b)).toBe(expected);
          expect(bytesToHex(bulkA)).toBe(expected);
          expect(bytesToHex(bulkB)).toBe(expected);
          if (aemA && aemB) {
            const ref = ctr(aemk, a.subarray(0, 16)).encrypt(meta);
            const nodeRef = createCipheriv('aes-128-ctr', aemk, a.subarray(0, 16)).update(meta);
            expect(bytesToHex(aemA)).toBe(bytesToHex(ref));
            expect(bytesToHex(aemB)).toBe(bytesToHex(ref));
            expect(bytesToHex(new Uint8Array(nodeRef))).toBe(bytesToHex(ref));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('write into a caller buffer and handle the top of the 32-bit interval range', () => {
    const rpik = deriveRpik(new Uint8Array(16).fill(7));
    for (const backend of ['portable', 'node'] as const) {
      setCryptoBackend(backend);
      const out = new Uint8Array(16 * 3 + 5);
      expect(deriveRpis(rpik, 0xffffffff - 2, 3, out)).toBe(out);
      expect(bytesToHex(out.subarray(0, 48))).toBe(bytesToHex(nobleRpis(rpik, 0xffffffff - 2, 3)));
      expect(bytesToHex(rpiForInterval(rpik, 0xffffffff))).toBe(bytesToHex(out.subarray(32, 48)));
    }
  });
});

describe('RPI round trip', () => {
  it('decrypts every RPI back to its PaddedData and interval (property)', () => {
    fc.assert(
      fc.property(key16, interval, fc.integer({ min: 1, max: 144 }), (rpik, start, count) => {
        for (const backend of ['portable', 'node'] as const) {
          setCryptoBackend(backend);
          const rpis = deriveRpis(rpik, start, count);
          const plain = ecb(rpik, { disablePadding: true }).decrypt(rpis);
          const view = new DataView(plain.buffer, plain.byteOffset);
          for (let j = 0; j < count; j++) {
            expect(Array.from(plain.subarray(16 * j, 16 * j + 12))).toEqual([0x45, 0x4e, 0x2d, 0x52, 0x50, 0x49, 0, 0, 0, 0, 0, 0]);
            expect(view.getUint32(16 * j + 12, true)).toBe(start + j);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('AEM and metadata', () => {
  it('round-trips metadata through AEM encryption on both backends (property)', () => {
    fc.assert(
      fc.property(
        key16,
        key16,
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (aemk, rpi, tx, confidence, v11) => {
          const metadata = v11 ? encodeMetadata({ txPowerDbm: tx, calibrationConfidence: confidence }) : encodeMetadata({ txPowerDbm: tx });
          for (const backend of ['portable', 'node'] as const) {
            setCryptoBackend(backend);
            const aem = encryptAem(aemk, rpi, metadata);
            expect(decryptAem(aemk, rpi, aem)).toEqual(metadata);
          }
          const decoded = decodeMetadata(metadata);
          expect(decoded.txPowerDbm).toBe(tx);
          expect(decoded.majorVersion).toBe(1);
          expect(decoded.minorVersion).toBe(v11 ? 1 : 0);
          expect(decoded.calibrationConfidence).toBe(v11 ? confidence : 0);
          expect(metadata[0]).toBe(v11 ? 0x50 | (confidence << 2) : 0x40);
          expect([metadata[2], metadata[3]]).toEqual([0, 0]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects out-of-range metadata fields', () => {
    expect(() => encodeMetadata({ txPowerDbm: 128 })).toThrow(/txPowerDbm/);
    expect(() => encodeMetadata({ txPowerDbm: 0, calibrationConfidence: 4 })).toThrow(/calibrationConfidence/);
    expect(() => encodeMetadata({ txPowerDbm: 1.5 })).toThrow(TypeError);
    expect(() => decodeMetadata(new Uint8Array(5))).toThrow(/metadata must be 4 bytes/);
  });
});

describe('interval math', () => {
  it('maps interval boundaries exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 599_999 }), (n, within) => {
        const start = intervalStartMs(n);
        expect(start).toBe(n * INTERVAL_SECONDS * 1000);
        expect(intervalNumber(start)).toBe(n);
        expect(intervalNumber(start + within)).toBe(n);
        if (n > 0) expect(intervalNumber(start - 1)).toBe(n - 1);
        const day = rollingStartOfDay(n);
        expect(day % ROLLING_PERIOD).toBe(0);
        expect(n - day).toBeGreaterThanOrEqual(0);
        expect(n - day).toBeLessThan(ROLLING_PERIOD);
        // Day-aligned intervals start at UTC midnight.
        expect(intervalStartMs(day) % 86_400_000).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects times outside the 32-bit interval range', () => {
    expect(() => intervalNumber(-1)).toThrow(RangeError);
    expect(() => intervalNumber(Number.NaN)).toThrow(TypeError);
    expect(() => intervalNumber(2 ** 32 * 600_000)).toThrow(RangeError);
    expect(() => intervalStartMs(-1)).toThrow(RangeError);
    expect(() => rollingStartOfDay(1.5)).toThrow(TypeError);
  });
});

describe('prefix-filtered derivation', () => {
  it('keeps exactly the intervals whose RPI prefix is in the filter, with the bytes of deriveRpis (property)', () => {
    fc.assert(
      fc.property(
        key16,
        interval,
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: (1 << 20) - 1 }), { maxLength: 5000 }),
        (rpik, start, count, pick, noise) => {
          const all = deriveRpis(rpik, start, count);
          const heard = count === 0 ? [] : pick.map((i) => all.subarray(16 * (i % count), 16 * (i % count) + 16));
          const filter = createRpiPrefixFilter(heard);
          for (const bit of noise) filter[bit >>> 3] = filter[bit >>> 3]! | (1 << (bit & 7));
          const rpis = new Uint8Array(16 * count);
          const ints = new Uint32Array(count);
          const n = deriveRpisMatchingPrefix(rpik, start, count, filter, rpis, ints);
          const expected: number[] = [];
          for (let i = 0; i < count; i++) {
            const bit = rpiPrefixBit(all, 16 * i);
            if ((filter[bit >>> 3]! & (1 << (bit & 7))) !== 0) expected.push(i);
          }
          expect(n).toBe(expected.length);
          expected.forEach((i, k) => {
            expect(ints[k]).toBe(start + i);
            expect(bytesToHex(rpis.subarray(16 * k, 16 * k + 16))).toBe(bytesToHex(all.subarray(16 * i, 16 * i + 16)));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a scanner keyed by TEK or RPIK gives the same candidates as deriveRpisMatchingPrefix over split ranges (property)', () => {
    fc.assert(
      fc.property(
        key16,
        fc.integer({ min: 0, max: 0xffffffff - 300 }),
        fc.integer({ min: 0, max: 144 }),
        fc.integer({ min: 0, max: 144 }),
        (tek, start, cut, count) => {
          const rpik = deriveRpik(tek);
          const all = deriveRpis(rpik, start, count);
          const filter = createRpiPrefixFilter(
            Array.from({ length: count }, (_, i) => all.subarray(16 * i, 16 * i + 16)).filter((_, i) => i % 3 === 0),
          );
          const rpis = new Uint8Array(16 * 144);
          const ints = new Uint32Array(144);
          const n = deriveRpisMatchingPrefix(rpik, start, count, filter, rpis, ints);
          const expected = Array.from({ length: n }, (_, i) => `${ints[i]}:${bytesToHex(rpis.subarray(16 * i, 16 * i + 16))}`);
          const scanner = createRpiPrefixScanner(filter);
          for (const keyed of ['tek', 'rpik']) {
            if (keyed === 'tek') scanner.setTek(tek);
            else scanner.setRpik(rpik);
            const first = Math.min(cut, count);
            const got: string[] = [];
            for (const [from, len] of [
              [start, first],
              [start + first, count - first],
            ] as const) {
              const m = scanner.scan(from, len, rpis, ints);
              for (let i = 0; i < m; i++) got.push(`${ints[i]}:${bytesToHex(rpis.subarray(16 * i, 16 * i + 16))}`);
            }
            expect(got).toEqual(expected);
          }
          scanner.wipe();
          expect(() => scanner.scan(start, 1, rpis, ints)).toThrow(/set a key/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('computes the prefix bit from the first 20 bits and rejects bad arguments by name', () => {
    expect(rpiPrefixBit(Uint8Array.of(0x8b, 0x0b, 0x1a, 0x4f))).toBe(0x8b0b1);
    expect(rpiPrefixBit(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xf0), 2)).toBe(0xfffff);
    expect(() => rpiPrefixBit(new Uint8Array(2))).toThrow(RangeError);
    const k16 = new Uint8Array(16);
    const filter = new Uint8Array(RPI_PREFIX_FILTER_BYTES);
    expect(() => deriveRpisMatchingPrefix(new Uint8Array(15), 0, 1, filter, new Uint8Array(16), new Uint32Array(1))).toThrow(
      /^rpik must be 16 bytes/,
    );
    expect(() => deriveRpisMatchingPrefix(k16, 0, 1, new Uint8Array(10), new Uint8Array(16), new Uint32Array(1))).toThrow(
      /^filter must be/,
    );
    expect(() => deriveRpisMatchingPrefix(k16, 0, 2, filter, new Uint8Array(16), new Uint32Array(2))).toThrow(
      /^rpisOut must be at least 32 bytes/,
    );
    expect(() => deriveRpisMatchingPrefix(k16, 0, 2, filter, new Uint8Array(32), new Uint32Array(1))).toThrow(/^intervalsOut must hold/);
    expect(() => deriveRpisMatchingPrefix(k16, 0, 1, filter, new Uint8Array(16), [0] as unknown as Uint32Array)).toThrow(TypeError);
    expect(() => deriveRpisMatchingPrefix(k16, -1, 1, filter, new Uint8Array(16), new Uint32Array(1))).toThrow(/startInterval/);
    expect(() => createRpiPrefixScanner(new Uint8Array(3))).toThrow(/^filter must be/);
    const scanner = createRpiPrefixScanner(filter);
    expect(() => scanner.setTek(new Uint8Array(15))).toThrow(/^tek must be 16 bytes/);
    expect(() => scanner.setRpik(new Uint8Array(17))).toThrow(/^rpik must be 16 bytes/);
    scanner.setRpik(k16);
    expect(() => scanner.scan(0, 2, new Uint8Array(16), new Uint32Array(2))).toThrow(/^rpisOut must be/);
    expect(() => scanner.scan(0, 2, new Uint8Array(32), new Uint32Array(1))).toThrow(/^intervalsOut must be/);
    expect(() => scanner.scan(0.5, 1, new Uint8Array(16), new Uint32Array(1))).toThrow(/startInterval/);
  });
});

describe('argument errors name the argument', () => {
  it('throws RangeError for wrong key and ID lengths', () => {
    const k15 = new Uint8Array(15);
    const k16 = new Uint8Array(16);
    expect(() => deriveRpik(k15)).toThrow(new RangeError('tek must be 16 bytes, got 15'));
    expect(() => deriveAemk(new Uint8Array(17))).toThrow(/^tek must be 16 bytes/);
    expect(() => deriveRpis(k15, 0, 1)).toThrow(/^rpik must be 16 bytes/);
    expect(() => rpiForInterval(k15, 0)).toThrow(/^rpik must be 16 bytes/);
    expect(() => encryptAem(k15, k16, new Uint8Array(4))).toThrow(/^aemk must be 16 bytes/);
    expect(() => encryptAem(k16, new Uint8Array(12), new Uint8Array(4))).toThrow(/^rpi must be 16 bytes/);
    expect(() => encryptAem(k16, k16, new Uint8Array(3))).toThrow(/^metadata must be 4 bytes/);
    expect(() => decryptAem(k16, k16, new Uint8Array(5))).toThrow(/^aem must be 4 bytes/);
    expect(() => deriveRpisForTeks(new Uint8Array(20), 0, 1)).toThrow(/^teks must be a multiple of 16/);
    expect(() => deriveRpis(k16, 0, 2, new Uint8Array(31))).toThrow(/^out must be at least 32 bytes/);
    expect(() => gaenScheme.deriveIds(new Uint8Array(32), 0, 0, 1)).toThrow(/^key must be 16 bytes/);
    for (const fn of [() => deriveRpik(k15), () => encryptAem(k16, new Uint8Array(12), new Uint8Array(4))]) expect(fn).toThrow(RangeError);
  });

  it('throws TypeError for non-bytes and bad intervals', () => {
    expect(() => deriveRpik('00' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => deriveRpis(new Uint8Array(16), -1, 1)).toThrow(/startInterval/);
    expect(() => deriveRpis(new Uint8Array(16), 0xffffffff, 2)).toThrow(/count/);
    expect(() => rpiForInterval(new Uint8Array(16), 2 ** 32)).toThrow(/interval/);
  });
});

describe('generateTek and gaenScheme', () => {
  it('generates distinct 16-byte keys', () => {
    const a = generateTek();
    const b = generateTek();
    expect(a).toHaveLength(16);
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
  });

  it('describes GAEN slots and derives RPIs', () => {
    expect(gaenScheme).toMatchObject({ name: 'gaen', keyLength: 16, idLength: 16, slotMs: 600_000, slotsPerKey: 144 });
    const tek = gaenScheme.generateKey();
    const ms = Date.UTC(2020, 3, 2, 5, 7);
    const slot = gaenScheme.slotAt(ms);
    expect(gaenScheme.keyStartSlot(slot)).toBe(2642976);
    expect(gaenScheme.slotStartMs(slot)).toBe(Date.UTC(2020, 3, 2, 5, 0));
    expect(gaenScheme.deriveIds(tek, 2642976, slot, 2)).toEqual(deriveRpis(deriveRpik(tek), slot, 2));
  });
});
