/** Time units of the healthtrace QR bodies. */

/** Day 0 of venue validity dates: 2020-01-01T00:00:00Z, in Unix seconds. */
export const DAY_EPOCH_SECONDS = 1_577_836_800;

/**
 * Day number (days since 2020-01-01 UTC) of an instant.
 *
 * @param date - the instant.
 * @returns whole days since 2020-01-01T00:00Z (floored).
 * @example
 * ```ts
 * dayNumber(new Date('2020-01-02T12:00:00Z')); // 1
 * ```
 */
export function dayNumber(date: Date): number {
  return Math.floor((date.getTime() / 1000 - DAY_EPOCH_SECONDS) / 86_400);
}

/**
 * Start (00:00 UTC) of a day number.
 *
 * @param day - days since 2020-01-01.
 * @returns the instant.
 * @example
 * ```ts
 * dayStart(1).toISOString(); // "2020-01-02T00:00:00.000Z"
 * ```
 */
export function dayStart(day: number): Date {
  return new Date((DAY_EPOCH_SECONDS + day * 86_400) * 1000);
}

/**
 * ISO date (`YYYY-MM-DD`) of a day number.
 *
 * @param day - days since 2020-01-01.
 * @returns the date.
 * @example
 * ```ts
 * dayIso(1); // "2020-01-02"
 * ```
 */
export function dayIso(day: number): string {
  return dayStart(day).toISOString().slice(0, 10);
}

/**
 * Checks that `value` is a valid `Date`.
 *
 * @param value - the argument.
 * @param name - argument name for the message.
 * @returns the date.
 * @throws TypeError when it is not a valid Date.
 * @example
 * ```ts
 * assertDate(options.now, 'now');
 * ```
 */
export function assertDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${name} must be a valid Date`);
  return value;
}
