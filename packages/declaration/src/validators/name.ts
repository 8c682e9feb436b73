/**
 * Person names: Unicode NFC normalisation (so that "ế" typed as e + two combining marks equals the
 * precomposed letter) and the national personal-QR form (upper case, no diacritics, đ → D, single
 * spaces; MIC technical guide v1.1).
 */
import { removeDiacritics } from '@healthtrace/vn-admin/provinces';
import { failure, success, type ValidatorResult } from './result';

/** Default longest accepted name, in characters after normalisation. */
export const NAME_MAX_LENGTH = 100;

/** Letters (any script), combining marks, and the punctuation names use: space, apostrophe, hyphen, dot. */
const NAME_CHARACTERS = /^[\p{L}\p{M}' .\u2019-]+$/u;

/**
 * Normalises a name for storage: NFC, whitespace runs collapsed to one space, ends trimmed. Case is kept.
 *
 * @param name - the name as typed.
 * @returns the normalised name.
 * @throws TypeError if `name` is not a string.
 * @example
 * ```ts
 * normalizeName('  Nguyễn   Văn  An '); // "Nguyễn Văn An" (NFC)
 * ```
 */
export function normalizeName(name: string): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string');
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The national-QR form of a name: upper case, no diacritics (đ/Đ → D), single spaces.
 *
 * @param name - the name in any form.
 * @returns e.g. `"NGUYEN VAN DUC"` for `"Nguyễn Văn Đức"`.
 * @throws TypeError if `name` is not a string.
 * @example
 * ```ts
 * toNationalQrName('Trần  Thị Đào'); // "TRAN THI DAO"
 * ```
 */
export function toNationalQrName(name: string): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string');
  return removeDiacritics(name.normalize('NFC')).toUpperCase();
}

/**
 * Whether a string is already in national-QR form (what {@link toNationalQrName} returns for it).
 *
 * @param name - candidate (any value).
 * @returns `true` for a non-empty string equal to its national-QR form.
 * @example
 * ```ts
 * isNationalQrName('NGUYEN VAN AN'); // true
 * isNationalQrName('Nguyễn Văn An'); // false
 * ```
 */
export function isNationalQrName(name: unknown): boolean {
  return typeof name === 'string' && name.length > 0 && toNationalQrName(name) === name;
}

/** Options of {@link validatePersonName}. */
export interface PersonNameOptions {
  /** Longest accepted name (default {@link NAME_MAX_LENGTH}). */
  readonly maxLength?: number | undefined;
}

/** A valid person name in its two forms. */
export interface PersonNameInfo {
  /** NFC, single spaces, case kept: what to store. */
  readonly name: string;
  /** Upper case, no diacritics: what the national QR carries. */
  readonly nationalQrName: string;
}

/**
 * Validates a person's name: a non-empty string of letters (any script, with diacritics), spaces,
 * apostrophes, hyphens and dots, at most `maxLength` characters after {@link normalizeName}.
 *
 * @param input - the name as typed (any value).
 * @param options - the maximum length.
 * @returns `{ ok: true, value: { name, nationalQrName } }`, or a failure `name/not-a-string`,
 *   `name/empty`, `name/too-long`, `name/invalid-characters`. Never throws.
 * @example
 * ```ts
 * validatePersonName(' nguyễn văn  đức ');
 * // { ok: true, value: { name: 'nguyễn văn đức', nationalQrName: 'NGUYEN VAN DUC' } }
 * ```
 */
export function validatePersonName(input: unknown, options: PersonNameOptions = {}): ValidatorResult<PersonNameInfo> {
  if (typeof input !== 'string') return failure('name/not-a-string', 'a name must be a string');
  const name = normalizeName(input);
  if (name.length === 0) return failure('name/empty', 'the name is empty');
  const maxLength = options.maxLength ?? NAME_MAX_LENGTH;
  if (name.length > maxLength) return failure('name/too-long', `the name is longer than ${maxLength} characters`);
  if (!NAME_CHARACTERS.test(name))
    return failure('name/invalid-characters', 'a name contains only letters, spaces, apostrophes, hyphens and dots');
  // The national-QR form is computed on first read (Unicode normalisation twice): submissions store `name` only.
  let nationalQrName: string | undefined;
  return success({
    name,
    get nationalQrName(): string {
      nationalQrName ??= toNationalQrName(name);
      return nationalQrName;
    },
  });
}
