/**
 * Old identity cards (CMND, chứng minh nhân dân): 9 digits, or 12 digits for cards issued 2012–2016.
 * The first two digits of a 9-digit CMND are a police numbering, not the GSO province code, so they are
 * not checked against the province table.
 */
import { failure, success, type ValidatorResult } from './result';

/** A valid CMND number. */
export interface CmndInfo {
  /** The digits. */
  readonly number: string;
  /** 9 (classic card) or 12 (2012–2016 card). */
  readonly length: 9 | 12;
}

/**
 * Validates an old identity-card (CMND) number: `^\d{9}$` or `^\d{12}$` after removing spaces, dots
 * and hyphens.
 *
 * @param input - the number as typed (any value).
 * @returns `{ ok: true, value }`, or a failure `cmnd/not-a-string` / `cmnd/format`. Never throws.
 * @example
 * ```ts
 * validateCmnd('121 234 567'); // { ok: true, value: { number: '121234567', length: 9 } }
 * ```
 */
export function validateCmnd(input: unknown): ValidatorResult<CmndInfo> {
  if (typeof input !== 'string') return failure('cmnd/not-a-string', 'a CMND number must be a string');
  const number = input.trim().replace(/[\s.-]/g, '');
  if (/^\d{9}$/.test(number)) return success({ number, length: 9 });
  if (/^\d{12}$/.test(number)) return success({ number, length: 12 });
  return failure('cmnd/format', 'a CMND number has 9 or 12 digits');
}
