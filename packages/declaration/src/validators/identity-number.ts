/**
 * The single "Số hộ chiếu / CMND / CCCD" field of the declaration forms: detects which document a
 * number belongs to and validates it as that document.
 */
import { type CccdInfo, type CccdOptions, validateCccd } from './cccd';
import { type CmndInfo, validateCmnd } from './cmnd';
import { type PassportInfo, validatePassport } from './passport';
import { failure, success, type ValidatorResult } from './result';

/** A valid identity number and the document it belongs to. */
export type IdentityNumberInfo =
  | { readonly kind: 'cccd'; readonly number: string; readonly cccd: CccdInfo }
  | { readonly kind: 'cmnd'; readonly number: string; readonly cmnd: CmndInfo }
  | { readonly kind: 'passport'; readonly number: string; readonly passport: PassportInfo };

/** Options of {@link validateIdentityNumber}: the CCCD checks, plus which documents to accept. */
export interface IdentityNumberOptions extends CccdOptions {
  /** Documents to accept (default all three). */
  readonly kinds?: readonly ('cccd' | 'cmnd' | 'passport')[] | undefined;
}

/**
 * Validates a number from a "passport / CMND / CCCD" field. 12 digits are checked as a CCCD (a 12-digit
 * CMND kept its number on conversion to CCCD, so it has the same structure); 9 digits as a CMND; anything
 * containing a letter as a passport.
 *
 * @param input - the number as typed (any value).
 * @param options - CCCD consistency checks and the accepted kinds.
 * @returns the detected kind and the decoded document, or the failure of the matching validator
 *   (`id-number/not-a-string`, `id-number/format` when no accepted kind fits). Never throws.
 * @example
 * ```ts
 * const r = validateIdentityNumber('024190000123');
 * if (r.ok) r.value.kind; // "cccd"
 * ```
 */
export function validateIdentityNumber(input: unknown, options: IdentityNumberOptions = {}): ValidatorResult<IdentityNumberInfo> {
  if (typeof input !== 'string') return failure('id-number/not-a-string', 'an identity number must be a string');
  const kinds = options.kinds ?? ['cccd', 'cmnd', 'passport'];
  const compact = input.trim().replace(/[\s.-]/g, '');
  if (/^\d{12}$/.test(compact) && kinds.includes('cccd')) {
    const r = validateCccd(compact, options);
    return r.ok ? success({ kind: 'cccd', number: r.value.number, cccd: r.value }) : r;
  }
  if (/^\d{9}$/.test(compact) && kinds.includes('cmnd')) {
    const r = validateCmnd(compact);
    return r.ok ? success({ kind: 'cmnd', number: r.value.number, cmnd: r.value }) : r;
  }
  if (/^\d{12}$/.test(compact) && kinds.includes('cmnd')) {
    const r = validateCmnd(compact);
    return r.ok ? success({ kind: 'cmnd', number: r.value.number, cmnd: r.value }) : r;
  }
  if (/[A-Za-z]/.test(compact) && kinds.includes('passport')) {
    const r = validatePassport(input);
    return r.ok ? success({ kind: 'passport', number: r.value.number, passport: r.value }) : r;
  }
  return failure('id-number/format', `not a valid ${kinds.join(' / ')} number`);
}
