import { assertInteger } from '@healthtrace/core';

/** Number of 10-minute intervals a TEK is valid for (24 h). */
export const ROLLING_PERIOD = 144 as const;

/** Length of one ENIntervalNumber interval in seconds (10 minutes). */
export const INTERVAL_SECONDS = 600 as const;

/** Length of one interval in milliseconds. */
const INTERVAL_MS = INTERVAL_SECONDS * 1000;

/** Largest ENIntervalNumber: the protocol stores it as a 32-bit unsigned integer. */
export const MAX_INTERVAL_NUMBER: number = 0xffffffff;

/**
 * ENIntervalNumber (ENIN) of a moment: the number of whole 10-minute windows since
 * the Unix epoch, in UTC (`floor(unixMs / 600000)`). The host time zone never matters.
 *
 * @param unixMs - milliseconds since the Unix epoch (e.g. `Date.now()`), not negative.
 * @returns the interval number.
 * @throws TypeError when `unixMs` is not a finite number.
 * @throws RangeError when `unixMs` is negative or beyond the 32-bit interval range.
 * @example
 * ```ts
 * intervalNumber(Date.UTC(2020, 3, 2)); // 2642976
 * ```
 */
export function intervalNumber(unixMs: number): number {
  if (typeof unixMs !== 'number' || !Number.isFinite(unixMs)) throw new TypeError(`unixMs must be a finite number, got ${String(unixMs)}`);
  const n = Math.floor(unixMs / INTERVAL_MS);
  if (n < 0 || n > MAX_INTERVAL_NUMBER)
    throw new RangeError(`unixMs must be in [0, ${(MAX_INTERVAL_NUMBER + 1) * INTERVAL_MS}), got ${unixMs}`);
  return n;
}

/**
 * Start of an interval, in milliseconds since the Unix epoch.
 *
 * @param interval - an ENIntervalNumber.
 * @returns `interval * 600000`.
 * @throws TypeError when `interval` is not an integer.
 * @throws RangeError when `interval` is outside `[0, 2^32 - 1]`.
 * @example
 * ```ts
 * new Date(intervalStartMs(2642976)).toISOString(); // "2020-04-02T00:00:00.000Z"
 * ```
 */
export function intervalStartMs(interval: number): number {
  assertInteger(interval, 'interval', 0, MAX_INTERVAL_NUMBER);
  return interval * INTERVAL_MS;
}

/**
 * The rolling start interval number of the TEK that covers `interval`: the first
 * interval of its UTC day, `floor(interval / 144) * 144` (as Google aligns keys).
 *
 * @param interval - an ENIntervalNumber.
 * @returns the day-aligned interval number.
 * @throws TypeError when `interval` is not an integer.
 * @throws RangeError when `interval` is outside `[0, 2^32 - 1]`.
 * @example
 * ```ts
 * rollingStartOfDay(2643000); // 2642976
 * ```
 */
export function rollingStartOfDay(interval: number): number {
  assertInteger(interval, 'interval', 0, MAX_INTERVAL_NUMBER);
  return Math.floor(interval / ROLLING_PERIOD) * ROLLING_PERIOD;
}
