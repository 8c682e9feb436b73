import { assertBytes, assertInteger } from '@healthtrace/core';
import type { RollingIdScheme } from '../scheme';
import { BLUEZONE_DEFAULT_SLOTS, BLUEZONE_ID_LENGTH, BLUEZONE_KEY_LENGTH, bluezoneBlidBytes, bluezoneDailyKey, bluezoneSlot } from './ids';

const DAY_MS = 86_400_000;

function randomKey(): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== 'function') throw new Error('crypto.getRandomValues is not available in this runtime');
  return c.getRandomValues(new Uint8Array(BLUEZONE_KEY_LENGTH));
}

/**
 * Bluezone as a {@link RollingIdScheme} with `slots` BLIDs per UTC day. Keys are daily keys;
 * absolute slot = UTC day number × `slots` + slot of the day.
 *
 * @param slots - slots per day (default 96; the Bluezone server could change it).
 * @returns the scheme.
 * @throws RangeError when `slots` is not in 1..86400.
 * @example
 * ```ts
 * const hourly = createBluezoneScheme(24);
 * ```
 */
export function createBluezoneScheme(slots: number = BLUEZONE_DEFAULT_SLOTS): RollingIdScheme {
  assertInteger(slots, 'slots', 1, 86_400);
  return Object.freeze({
    name: 'bluezone' as const,
    keyLength: BLUEZONE_KEY_LENGTH,
    idLength: BLUEZONE_ID_LENGTH,
    slotMs: DAY_MS / slots,
    slotsPerKey: slots,
    slotAt(unixMs: number): number {
      const { dayStartMs, slot } = bluezoneSlot(unixMs, slots);
      return (dayStartMs / DAY_MS) * slots + slot;
    },
    slotStartMs(slot: number): number {
      assertInteger(slot, 'slot', 0);
      const day = Math.floor(slot / slots);
      return day * DAY_MS + Math.ceil(((slot - day * slots) * DAY_MS) / slots);
    },
    keyStartSlot(slot: number): number {
      assertInteger(slot, 'slot', 0);
      return Math.floor(slot / slots) * slots;
    },
    generateKey: randomKey,
    deriveIds(key: Uint8Array, keyStartSlot: number, fromSlot: number, count: number, out?: Uint8Array): Uint8Array {
      assertBytes(key, 'key', BLUEZONE_KEY_LENGTH);
      assertInteger(keyStartSlot, 'keyStartSlot', 0);
      if (keyStartSlot % slots !== 0)
        throw new RangeError(`keyStartSlot must be a day start (a multiple of ${slots}), got ${keyStartSlot}`);
      assertInteger(fromSlot, 'fromSlot', keyStartSlot);
      assertInteger(count, 'count', 0, 1 << 24);
      const target = out ?? new Uint8Array(count * BLUEZONE_ID_LENGTH);
      assertBytes(target, 'out');
      if (target.length < count * BLUEZONE_ID_LENGTH)
        throw new RangeError(`out must be at least ${count * BLUEZONE_ID_LENGTH} bytes, got ${target.length}`);
      let day = -1;
      let dayIds: Uint8Array = new Uint8Array(0);
      let daily: Uint8Array | undefined;
      for (let i = 0; i < count; i++) {
        const rel = fromSlot + i - keyStartSlot;
        const d = Math.floor(rel / slots);
        if (d !== day) {
          const next = daily === undefined ? bluezoneDailyKey(key, d) : bluezoneDailyKey(daily, d - day);
          daily?.fill(0);
          daily = next;
          day = d;
          dayIds = bluezoneBlidBytes(daily, slots);
        }
        const s = rel - d * slots;
        target.set(dayIds.subarray(s * BLUEZONE_ID_LENGTH, (s + 1) * BLUEZONE_ID_LENGTH), i * BLUEZONE_ID_LENGTH);
      }
      daily?.fill(0);
      return target;
    },
  });
}

/**
 * Bluezone with the default 96 slots (15 minutes) per UTC day, as a {@link RollingIdScheme}.
 *
 * @example
 * ```ts
 * const blids = bluezoneScheme.deriveIds(dailyKey, keyStart, keyStart + 23, 1); // slot 23's BLID
 * ```
 */
export const bluezoneScheme: RollingIdScheme = createBluezoneScheme();
