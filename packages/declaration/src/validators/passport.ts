/**
 * Passport numbers: alphanumeric. Vietnamese passports are usually one letter and seven digits
 * (e.g. `C1234567`; unverified per the reference), foreign ones vary, so the general check is lenient.
 */
import { failure, success, type ValidatorResult } from './result';

/** A valid passport number. */
export interface PassportInfo {
  /** Upper-case letters and digits, separators removed. */
  readonly number: string;
  /** Whether it has the usual Vietnamese shape: one letter + seven digits. */
  readonly vietnameseFormat: boolean;
}

/** Options of {@link validatePassport}. */
export interface PassportOptions {
  /** Require the Vietnamese shape (one letter + seven digits). Default `false`. */
  readonly vietnamese?: boolean | undefined;
}

/** Shortest and longest accepted passport numbers (ICAO 9303 document numbers are up to 9 characters; some states use longer). */
const MIN_LENGTH = 5;
const MAX_LENGTH = 20;

/**
 * Validates a passport number: 5–20 ASCII letters or digits after upper-casing and removing spaces and
 * hyphens; with `{ vietnamese: true }` it must be one letter followed by seven digits.
 *
 * @param input - the number as typed (any value).
 * @param options - whether to require the Vietnamese format.
 * @returns `{ ok: true, value }`, or a failure `passport/not-a-string`, `passport/format` or `passport/vn-format`. Never throws.
 * @example
 * ```ts
 * validatePassport('c1234567').ok; // true, value.number "C1234567", value.vietnameseFormat true
 * validatePassport('AB-12', { vietnamese: true }); // { ok: false, code: 'passport/format', ... }
 * ```
 */
export function validatePassport(input: unknown, options: PassportOptions = {}): ValidatorResult<PassportInfo> {
  if (typeof input !== 'string') return failure('passport/not-a-string', 'a passport number must be a string');
  const number = input.trim().replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(number) || number.length < MIN_LENGTH || number.length > MAX_LENGTH) {
    return failure('passport/format', `a passport number has ${MIN_LENGTH}–${MAX_LENGTH} letters (A–Z) or digits`);
  }
  const vietnameseFormat = /^[A-Z]\d{7}$/.test(number);
  if (options.vietnamese === true && !vietnameseFormat) {
    return failure('passport/vn-format', 'a Vietnamese passport number is one letter followed by seven digits');
  }
  return success({ number, vietnameseFormat });
}
