import type { AdminScheme } from '../model/types';

/** The first day of the two-tier, 34-province system (Resolution 60-NQ/TW; Vietnam local date). */
export const MERGER_DATE = '2025-07-01' as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The Vietnam local calendar date (`YYYY-MM-DD`) of a date or timestamp.
 *
 * @param date - an ISO date (`2021-05-20`), an ISO date-time (`2025-06-30T20:00:00Z`) or a `Date`.
 * @returns the calendar date in Vietnam (UTC+7).
 * @throws TypeError if `date` is neither a string nor a Date; RangeError if it is not a valid date.
 * @example
 * ```ts
 * vietnamDate('2025-06-30T18:00:00Z'); // "2025-07-01"
 * ```
 */
export function vietnamDate(date: string | Date): string {
  if (typeof date === 'string') {
    const match = ISO_DATE.exec(date);
    if (match) {
      const parsed = new Date(`${date}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
        throw new RangeError(`date is not a valid ISO date: ${date}`);
      return date;
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(date)) throw new RangeError(`date must be an ISO date or date-time, got ${JSON.stringify(date)}`);
    return vietnamDate(new Date(date));
  }
  if (!(date instanceof Date)) throw new TypeError('date must be an ISO string or a Date');
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('date is an invalid Date');
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Which code scheme applies on a date: `pre2025` before 1 July 2025 (Vietnam time), `2025` from then on.
 *
 * @param date - an ISO date, ISO date-time or `Date`; defaults to now.
 * @returns the scheme.
 * @throws TypeError / RangeError for an invalid date.
 * @example
 * ```ts
 * schemeAt('2021-05-20'); // "pre2025"
 * schemeAt('2025-07-01'); // "2025"
 * ```
 */
export function schemeAt(date: string | Date = new Date()): AdminScheme {
  return vietnamDate(date) < MERGER_DATE ? 'pre2025' : '2025';
}
