import { assertBytes, assertInteger } from '@healthtrace/core';
import { sha256 } from '@noble/hashes/sha2.js';

/** Length of a Bluezone BLID in bytes. */
export const BLUEZONE_ID_LENGTH = 12 as const;
/** Length of a Bluezone base or daily key in bytes. */
export const BLUEZONE_KEY_LENGTH = 32 as const;
/** Default number of BLID slots per UTC day (15 minutes each); the Bluezone server can change it. */
export const BLUEZONE_DEFAULT_SLOTS = 96 as const;

const DAY_MS = 86_400_000;
/** Largest slot count accepted (one slot per second). */
const MAX_SLOTS = 86_400;
/** ASCII `"bluzonesubkey"`, the sub-key salt (spelled without the "e", as in Bluezone). */
const SALT = new Uint8Array([0x62, 0x6c, 0x75, 0x7a, 0x6f, 0x6e, 0x65, 0x73, 0x75, 0x62, 0x6b, 0x65, 0x79]);
/** Byte offsets of the BLID inside a 32-byte sub-key. */
const BLID_OFFSETS = [0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30] as const;

function checkSlots(slots: number): number {
  return assertInteger(slots, 'slots', 1, MAX_SLOTS);
}

/**
 * The Bluezone daily key `daysAfter` UTC days after `baseKey`: `D(n+1) = SHA-256(D(n))`.
 * With the base key and its creation day, `daysAfter` = whole UTC days since creation
 * (`D(0)` = the base key, as the captured traffic shows).
 *
 * @param baseKey - a 32-byte base key (or any daily key).
 * @param daysAfter - number of days to move forward, 0..36500.
 * @returns the 32-byte daily key (a new array).
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `baseKey` is not 32 bytes or `daysAfter` is out of range.
 * @example
 * ```ts
 * const today = bluezoneDailyKey(baseKey, bluezoneDaysSince(createdMs, Date.now()));
 * ```
 */
export function bluezoneDailyKey(baseKey: Uint8Array, daysAfter: number): Uint8Array {
  assertBytes(baseKey, 'baseKey', BLUEZONE_KEY_LENGTH);
  assertInteger(daysAfter, 'daysAfter', 0, 36_500);
  let d = baseKey.slice();
  for (let i = 0; i < daysAfter; i++) {
    const next = sha256(d);
    d.fill(0);
    d = next;
  }
  return d;
}

/**
 * Whole UTC days between a key's creation and a moment (both in Unix ms): the
 * `daysAfter` of {@link bluezoneDailyKey}.
 *
 * @param createdMs - creation time of the base key (any time that day).
 * @param unixMs - the moment.
 * @returns `floor(unixMs / day) - floor(createdMs / day)`.
 * @throws TypeError when an argument is not a finite number.
 * @throws RangeError when `unixMs` is before the creation day.
 * @example
 * ```ts
 * bluezoneDaysSince(Date.UTC(2020, 7, 8), Date.UTC(2020, 7, 9, 6)); // 1
 * ```
 */
export function bluezoneDaysSince(createdMs: number, unixMs: number): number {
  for (const [v, name] of [
    [createdMs, 'createdMs'],
    [unixMs, 'unixMs'],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${name} must be a finite number, got ${String(v)}`);
  }
  const days = Math.floor(unixMs / DAY_MS) - Math.floor(createdMs / DAY_MS);
  if (days < 0) throw new RangeError(`unixMs must not be before the key's creation day, got ${days} days`);
  return days;
}

/**
 * Writes the BLID of one 32-byte sub-key into `out` at `offset`.
 */
function blidFromSubKey(sub: Uint8Array, out: Uint8Array, offset: number): void {
  for (let k = 0; k < BLUEZONE_ID_LENGTH; k++) out[offset + k] = sub[BLID_OFFSETS[k]!]!;
}

/**
 * All BLIDs of one day, concatenated (`12 * slots` bytes, slot order): sub-key
 * `S0 = SHA-256(D ‖ "bluzonesubkey")`, `S(i+1) = SHA-256(S(i))`, BLID = bytes
 * 0, 4, 8, 12, 16, 18, 20, 22, 24, 26, 28, 30 of `S(i)`.
 *
 * @param dailyKey - the 32-byte daily key.
 * @param slots - slots per day (default 96).
 * @returns the concatenated BLIDs.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `dailyKey` is not 32 bytes or `slots` is out of range.
 * @example
 * ```ts
 * bluezoneBlidBytes(dailyKey).length; // 1152
 * ```
 */
export function bluezoneBlidBytes(dailyKey: Uint8Array, slots: number = BLUEZONE_DEFAULT_SLOTS): Uint8Array {
  assertBytes(dailyKey, 'dailyKey', BLUEZONE_KEY_LENGTH);
  checkSlots(slots);
  const out = new Uint8Array(slots * BLUEZONE_ID_LENGTH);
  const input = new Uint8Array(BLUEZONE_KEY_LENGTH + SALT.length);
  input.set(dailyKey, 0);
  input.set(SALT, BLUEZONE_KEY_LENGTH);
  let sub = sha256(input);
  input.fill(0);
  for (let i = 0; i < slots; i++) {
    blidFromSubKey(sub, out, i * BLUEZONE_ID_LENGTH);
    if (i + 1 < slots) {
      const next = sha256(sub);
      sub.fill(0);
      sub = next;
    }
  }
  sub.fill(0);
  return out;
}

/**
 * All BLIDs of one day, one 12-byte array per slot, in slot order.
 *
 * @param dailyKey - the 32-byte daily key.
 * @param slots - slots per day (default 96, i.e. 15 minutes each).
 * @returns `slots` BLIDs of 12 bytes.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `dailyKey` is not 32 bytes or `slots` is out of range.
 * @example
 * ```ts
 * bytesToHex(bluezoneBlids(dailyKey)[23]).toUpperCase(); // "B9A665D754FE65E665D76A45" for the captured device
 * ```
 */
export function bluezoneBlids(dailyKey: Uint8Array, slots: number = BLUEZONE_DEFAULT_SLOTS): Uint8Array[] {
  const all = bluezoneBlidBytes(dailyKey, slots);
  const out: Uint8Array[] = [];
  for (let i = 0; i < slots; i++) out.push(all.slice(i * BLUEZONE_ID_LENGTH, (i + 1) * BLUEZONE_ID_LENGTH));
  return out;
}

/**
 * The Bluezone slot of a moment: slots are `86400000 / slots` ms long, aligned to 00:00 UTC.
 *
 * @param unixMs - milliseconds since the Unix epoch, not negative.
 * @param slots - slots per day (default 96).
 * @returns the UTC day start (ms) and the slot index within the day.
 * @throws TypeError when an argument has the wrong type.
 * @throws RangeError when `unixMs` is negative or `slots` is out of range.
 * @example
 * ```ts
 * bluezoneSlot(1596866191387); // { dayStartMs: 1596844800000, slot: 23 }
 * ```
 */
export function bluezoneSlot(unixMs: number, slots: number = BLUEZONE_DEFAULT_SLOTS): { dayStartMs: number; slot: number } {
  if (typeof unixMs !== 'number' || !Number.isFinite(unixMs)) throw new TypeError(`unixMs must be a finite number, got ${String(unixMs)}`);
  if (unixMs < 0) throw new RangeError(`unixMs must not be negative, got ${unixMs}`);
  checkSlots(slots);
  const dayStartMs = Math.floor(unixMs / DAY_MS) * DAY_MS;
  return { dayStartMs, slot: Math.floor(((unixMs - dayStartMs) * slots) / DAY_MS) };
}

/**
 * Time window `[startMs, endMs)` of a slot.
 *
 * @param dayStartMs - the UTC day start (a multiple of 86,400,000).
 * @param slot - slot index within the day.
 * @param slots - slots per day (default 96).
 * @returns the window in Unix ms.
 * @throws TypeError when an argument is not an integer.
 * @throws RangeError when `dayStartMs` is not a UTC midnight or `slot` is outside `[0, slots)`.
 * @example
 * ```ts
 * bluezoneSlotWindow(1596844800000, 23); // { startMs: 1596865500000, endMs: 1596866400000 }
 * ```
 */
export function bluezoneSlotWindow(
  dayStartMs: number,
  slot: number,
  slots: number = BLUEZONE_DEFAULT_SLOTS,
): { startMs: number; endMs: number } {
  assertInteger(dayStartMs, 'dayStartMs', 0);
  if (dayStartMs % DAY_MS !== 0) throw new RangeError(`dayStartMs must be a UTC midnight, got ${dayStartMs}`);
  checkSlots(slots);
  assertInteger(slot, 'slot', 0, slots - 1);
  // Exact integer arithmetic: slot k covers [ceil(k·day/slots), ceil((k+1)·day/slots)).
  return { startMs: dayStartMs + Math.ceil((slot * DAY_MS) / slots), endMs: dayStartMs + Math.ceil(((slot + 1) * DAY_MS) / slots) };
}
