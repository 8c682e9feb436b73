/**
 * The result type every validator in this folder returns: never throws on bad input.
 */

/** Every stable issue code a validator can return (a locale maps each one to a message). */
export const VALIDATOR_ISSUE_CODES = [
  'cccd/not-a-string',
  'cccd/format',
  'cccd/province-prefix',
  'cccd/century-mismatch',
  'cccd/birth-year-mismatch',
  'cccd/birth-year-future',
  'cccd/sex-mismatch',
  'cmnd/not-a-string',
  'cmnd/format',
  'passport/not-a-string',
  'passport/format',
  'passport/vn-format',
  'id-number/not-a-string',
  'id-number/format',
  'phone/not-a-string',
  'phone/not-a-number',
  'phone/too-short',
  'phone/too-long',
  'phone/invalid-country',
  'phone/invalid',
  'phone/not-mobile',
  'name/not-a-string',
  'name/empty',
  'name/too-long',
  'name/invalid-characters',
] as const;

/** A stable validator issue code, e.g. `"cccd/province-prefix"`. */
export type ValidatorIssueCode = (typeof VALIDATOR_ISSUE_CODES)[number];

/** A failed validation: a stable code and an English explanation (locales translate by code). */
export interface ValidatorFailure {
  /** `false`. */
  readonly ok: false;
  /** Stable issue code. */
  readonly code: ValidatorIssueCode;
  /** English explanation for logs and developers. */
  readonly message: string;
}

/** A successful validation with the normalised value. */
export interface ValidatorSuccess<T> {
  /** `true`. */
  readonly ok: true;
  /** The normalised value. */
  readonly value: T;
}

/** What every validator returns. */
export type ValidatorResult<T> = ValidatorSuccess<T> | ValidatorFailure;

/**
 * Builds a success.
 *
 * @param value - the normalised value.
 * @returns `{ ok: true, value }`.
 * @example
 * ```ts
 * success('+84912345678');
 * ```
 */
export function success<T>(value: T): ValidatorSuccess<T> {
  return { ok: true, value };
}

/**
 * Builds a failure.
 *
 * @param code - stable issue code.
 * @param message - English explanation.
 * @returns `{ ok: false, code, message }`.
 * @example
 * ```ts
 * failure('cmnd/format', 'a CMND number has 9 or 12 digits');
 * ```
 */
export function failure(code: ValidatorIssueCode, message: string): ValidatorFailure {
  return { ok: false, code, message };
}
