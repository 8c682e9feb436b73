/**
 * CCCD / personal identification number (số định danh cá nhân): 12 digits, structure per Article 13 of
 * Decree 137/2015/NĐ-CP and Circular 07/2016/TT-BCA. There is no check digit.
 */
import { getProvince } from '@healthtrace/vn-admin/provinces';
import { failure, success, type ValidatorResult } from './result';

/** Sex as encoded in the 4th digit of a CCCD. */
export type CccdSex = 'male' | 'female';

/** What a valid CCCD number says about its holder. */
export interface CccdInfo {
  /** The 12 digits. */
  readonly number: string;
  /** Digits 1–3: the birth-registration province (pre-2025 GSO code, zero-padded) or an accepted extra prefix. */
  readonly prefix: string;
  /** The pre-2025 province code (2 digits) of the prefix, or `null` for an extra (country) prefix. */
  readonly provinceCode: string | null;
  /** The pre-2025 province name, e.g. `"Tỉnh Bắc Giang"` for `024`, or `null`. */
  readonly provinceName: string | null;
  /** Sex from digit 4 (even = male, odd = female). */
  readonly sex: CccdSex;
  /** Birth year from digits 4–6 (century from digit 4, year within the century from digits 5–6). */
  readonly birthYear: number;
}

/** Options of {@link validateCccd}. */
export interface CccdOptions {
  /** The holder's birth year, when known: the century digit and the year digits must agree with it. */
  readonly birthYear?: number | undefined;
  /** The holder's sex, when known: digit 4 must agree with it. */
  readonly sex?: CccdSex | undefined;
  /**
   * Extra 3-digit prefixes to accept besides the 63 provinces, e.g. the country codes used for births
   * registered abroad (that table is not published in the reference, so none are built in).
   */
  readonly extraPrefixes?: readonly string[] | undefined;
  /** The year used to reject future birth years (default: the current year). */
  readonly currentYear?: number | undefined;
}

const SEPARATORS = /[\s.-]/g;

/**
 * Validates a CCCD number: 12 digits; a birth-registration prefix from the 63-province (pre-2025) table,
 * also for cards issued after July 2025; a century/sex digit (0/1 = 1900s male/female, 2/3 = 2000s,
 * 4/5, 6/7, 8/9 the next centuries) giving a birth year not in the future and consistent with
 * `birthYear` and `sex` when given. Spaces, dots and hyphens between digits are ignored.
 *
 * @param input - the number as typed (any value; non-strings fail with `cccd/not-a-string`).
 * @param options - known birth year and sex, extra prefixes, current year.
 * @returns `{ ok: true, value }` with the decoded fields, or `{ ok: false, code, message }` with one of
 *   `cccd/not-a-string`, `cccd/format`, `cccd/province-prefix`, `cccd/birth-year-future`,
 *   `cccd/century-mismatch`, `cccd/birth-year-mismatch`, `cccd/sex-mismatch`. Never throws.
 * @example
 * ```ts
 * const r = validateCccd('024190000123', { birthYear: 1990 });
 * if (r.ok) r.value.provinceName; // "Tỉnh Bắc Giang"
 * validateCccd('099190000123'); // { ok: false, code: 'cccd/province-prefix', ... }
 * ```
 */
export function validateCccd(input: unknown, options: CccdOptions = {}): ValidatorResult<CccdInfo> {
  if (typeof input !== 'string') return failure('cccd/not-a-string', 'a CCCD number must be a string');
  const number = input.trim().replace(SEPARATORS, '');
  if (!/^\d{12}$/.test(number)) return failure('cccd/format', 'a CCCD number has exactly 12 digits');
  const prefix = number.slice(0, 3);
  const province = prefix.startsWith('0') ? getProvince(prefix.slice(1), 'pre2025') : undefined;
  if (!province && !(options.extraPrefixes ?? []).includes(prefix)) {
    return failure('cccd/province-prefix', `prefix ${prefix} is not a birth-registration province code (001–096, 63 provinces)`);
  }
  const genderDigit = Number(number[3]);
  const century = 1900 + Math.floor(genderDigit / 2) * 100;
  const birthYear = century + Number(number.slice(4, 6));
  const sex: CccdSex = genderDigit % 2 === 0 ? 'male' : 'female';
  const currentYear = Number.isInteger(options.currentYear) ? (options.currentYear as number) : new Date().getUTCFullYear();
  if (birthYear > currentYear)
    return failure('cccd/birth-year-future', `digits 4–6 encode birth year ${birthYear}, which is in the future`);
  const expectedYear = options.birthYear;
  if (expectedYear !== undefined && Number.isInteger(expectedYear)) {
    if (Math.floor((expectedYear - 1900) / 100) !== Math.floor(genderDigit / 2) || expectedYear < 1900) {
      return failure('cccd/century-mismatch', `digit 4 (${genderDigit}) encodes the ${century}s, not the birth year ${expectedYear}`);
    }
    if (expectedYear % 100 !== birthYear % 100) {
      return failure('cccd/birth-year-mismatch', `digits 5–6 (${number.slice(4, 6)}) do not match the birth year ${expectedYear}`);
    }
  }
  if (options.sex !== undefined && options.sex !== sex) {
    return failure('cccd/sex-mismatch', `digit 4 (${genderDigit}) encodes ${sex}, not ${String(options.sex)}`);
  }
  return success({
    number,
    prefix,
    provinceCode: province ? province.code : null,
    provinceName: province ? province.name : null,
    sex,
    birthYear,
  });
}
