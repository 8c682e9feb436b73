import { bytesToHex, HealthtraceError } from '@healthtrace/core';
import {
  BluezoneF0Error,
  bluezoneBlidBytes,
  bluezoneBlids,
  bluezoneDailyKey,
  bluezoneDaysSince,
  bluezoneScheme,
  bluezoneSlot,
  bluezoneSlotWindow,
  createBluezoneScheme,
  type F0Entry,
  formatF0Payload,
  parseF0Payload,
} from '@healthtrace/rolling-id';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('Bluezone IDs', () => {
  it('match an independent reading of the algorithm (property)', () => {
    const salt = new TextEncoder().encode('bluzonesubkey');
    fc.assert(
      fc.property(key32, fc.integer({ min: 1, max: 100 }), (daily, slots) => {
        const blids = bluezoneBlids(daily, slots);
        expect(blids).toHaveLength(slots);
        let sub = sha256(new Uint8Array([...daily, ...salt]));
        for (let i = 0; i < slots; i++) {
          expect(Array.from(blids[i]!)).toEqual([0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30].map((o) => sub[o]));
          sub = sha256(sub);
        }
        expect(bluezoneBlidBytes(daily, slots)).toEqual(new Uint8Array(blids.flatMap((b) => Array.from(b))));
      }),
      { numRuns: 100 },
    );
  });

  it('chains daily keys by SHA-256 and composes day offsets', () => {
    fc.assert(
      fc.property(key32, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (base, a, b) => {
        expect(bluezoneDailyKey(bluezoneDailyKey(base, a), b)).toEqual(bluezoneDailyKey(base, a + b));
        expect(bluezoneDailyKey(base, 1)).toEqual(sha256(base));
      }),
      { numRuns: 100 },
    );
  });

  it('computes UTC slots consistent with slot windows for any slot count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 1, max: 1440 }), (t, slots) => {
        const { dayStartMs, slot } = bluezoneSlot(t, slots);
        expect(dayStartMs % DAY).toBe(0);
        expect(slot).toBeGreaterThanOrEqual(0);
        expect(slot).toBeLessThan(slots);
        const w = bluezoneSlotWindow(dayStartMs, slot, slots);
        expect(t).toBeGreaterThanOrEqual(w.startMs);
        expect(t).toBeLessThan(w.endMs);
        const s = createBluezoneScheme(slots);
        const abs = s.slotAt(t);
        expect(s.slotStartMs(abs)).toBe(w.startMs);
        expect(s.keyStartSlot(abs)).toBe((dayStartMs / DAY) * slots);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects wrong key lengths and bad arguments, naming the argument', () => {
    expect(() => bluezoneDailyKey(new Uint8Array(31), 0)).toThrow(new RangeError('baseKey must be 32 bytes, got 31'));
    expect(() => bluezoneBlids(new Uint8Array(16))).toThrow(/^dailyKey must be 32 bytes/);
    expect(() => bluezoneBlids(new Uint8Array(32), 0)).toThrow(/slots/);
    expect(() => bluezoneDailyKey(new Uint8Array(32), -1)).toThrow(/daysAfter/);
    expect(() => bluezoneSlot(-1)).toThrow(RangeError);
    expect(() => bluezoneSlotWindow(1, 0)).toThrow(/dayStartMs/);
    expect(() => bluezoneDaysSince(DAY, 0)).toThrow(RangeError);
    expect(() => bluezoneScheme.deriveIds(new Uint8Array(16), 0, 0, 1)).toThrow(/^key must be 32 bytes/);
    expect(() => bluezoneScheme.deriveIds(new Uint8Array(32), 5, 5, 1)).toThrow(/keyStartSlot/);
    expect(() => createBluezoneScheme(0)).toThrow(/slots/);
  });

  it('exposes the scheme shape', () => {
    expect(bluezoneScheme).toMatchObject({ name: 'bluezone', keyLength: 32, idLength: 12, slotMs: 900_000, slotsPerKey: 96 });
    expect(bluezoneScheme.generateKey()).toHaveLength(32);
    const key = new Uint8Array(32).fill(1);
    expect(bluezoneScheme.deriveIds(key, 96, 96 + 95, 3)).toEqual(
      new Uint8Array([
        ...bluezoneBlids(key)[95]!,
        ...bluezoneBlids(bluezoneDailyKey(key, 1))[0]!,
        ...bluezoneBlids(bluezoneDailyKey(key, 1))[1]!,
      ]),
    );
  });
});

const entryArb: fc.Arbitrary<F0Entry> = fc
  .record({
    dailyKey: key32,
    timeStart: fc.integer({ min: 0, max: 2 ** 40 }),
    span: fc.integer({ min: 0, max: 2 ** 30 }),
    max: fc.integer({ min: 1, max: 86_400 }),
  })
  .map(({ dailyKey, timeStart, span, max }) => ({ dailyKey, timeStart, timeEnd: timeStart + span, max }));

describe('F0 payload codec', () => {
  it('round-trips formatted payloads, also inside the double-encoded FCM envelope (property)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 5 }), (entries) => {
        const text = formatF0Payload(entries);
        expect(text).not.toMatch(/"daily_key":"[^"]*[a-f]/);
        expect(parseF0Payload(text)).toEqual(entries);
        const dataContent = JSON.stringify({ FindGUID: 'g', InfoF: text });
        expect(parseF0Payload(dataContent)).toEqual(entries);
        expect(parseF0Payload({ Type: 'KiemTraLichSuTiepXuc', DataContent: dataContent })).toEqual(entries);
        // Lower-case keys are accepted too.
        expect(parseF0Payload(text.toLowerCase())).toEqual(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but BluezoneF0Error on arbitrary input (fuzz, 10,000 cases)', () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => ({ data: [v] })),
      fc
        .record({
          daily_key: fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-F]{64}$/)),
          time_start: fc.jsonValue(),
          time_end: fc.jsonValue(),
          max: fc.jsonValue(),
        })
        .map((d) => JSON.stringify({ data: [d] })),
      fc.jsonValue().map((v) => JSON.stringify({ FindGUID: '1', InfoF: JSON.stringify(v) })),
    );
    fc.assert(
      fc.property(jsonish, (input) => {
        try {
          const entries = parseF0Payload(input);
          for (const e of entries) {
            expect(e.dailyKey).toHaveLength(32);
            expect(e.timeEnd).toBeGreaterThanOrEqual(e.timeStart);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(BluezoneF0Error);
          expect(HealthtraceError.isInstance(error, 'bluezone/bad-f0-payload')).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('validates entries when formatting', () => {
    const ok = { dailyKey: new Uint8Array(32), timeStart: 0, timeEnd: 1, max: 96 };
    expect(formatF0Payload([ok])).toBe(
      `{"data":[{"daily_key":"${bytesToHex(new Uint8Array(32)).toUpperCase()}","time_start":0,"time_end":1,"max":96}]}`,
    );
    expect(() => formatF0Payload([{ ...ok, dailyKey: new Uint8Array(31) }])).toThrow(/dailyKey must be 32 bytes/);
    expect(() => formatF0Payload([{ ...ok, timeEnd: -1 }])).toThrow(RangeError);
    expect(() => formatF0Payload([{ ...ok, max: 0 }])).toThrow(/max/);
  });
});
