/**
 * Building blocks shared by every declaration schema: normalised text, ISO dates,
 * administrative-unit codes, contact fields and the issue codes they raise.
 *
 * Schemas use `zod/mini` rather than classic zod: the same runtime and types, but
 * functions instead of methods, so a browser bundle carries only what it uses
 * (the domestic schema + Vietnamese locale must stay under 25 KB gzip; classic zod alone is larger).
 */
import * as z from 'zod/mini';
// `strictObject`: zod's compiled object parser on Node, zod/mini's own in browsers (package.json `imports`).
import { strictObject } from '#strict-object';

export { strictObject };

import { type ValidatorResult, validateIdentityNumber, validatePersonName, validatePhoneNumber } from '../validators/index';

/**
 * Stable issue codes raised by the schemas themselves (custom checks). Generic codes
 * (`declaration/required`, `declaration/too-long`…) are derived from zod's issues in `parse.ts`.
 */
export const SCHEMA_ISSUE_CODES = {
  provinceCode: 'declaration/invalid-province-code',
  districtCode: 'declaration/invalid-district-code',
  wardCode: 'declaration/invalid-ward-code',
  countryCode: 'declaration/invalid-country-code',
  phone: 'declaration/invalid-phone',
  idNumber: 'declaration/invalid-id-number',
  email: 'declaration/invalid-email',
  date: 'declaration/invalid-date',
  dateTime: 'declaration/invalid-date-time',
  year: 'declaration/invalid-year',
  base64: 'declaration/invalid-base64',
  travelRequired: 'declaration/travel-list-required',
  travelUnexpected: 'declaration/travel-list-unexpected',
  placeCode: 'declaration/place-code-mismatch',
  dateOrder: 'declaration/date-order',
  birthYearMismatch: 'declaration/birth-year-mismatch',
  quarantineDetails: 'declaration/quarantine-details-required',
  otherTravelMode: 'declaration/other-travel-mode-required',
  healthyExclusive: 'declaration/healthy-with-symptoms',
  duplicate: 'declaration/duplicate-item',
  venueId: 'declaration/invalid-venue-id',
  name: 'declaration/invalid-name',
} as const;

/** One of the codes in {@link SCHEMA_ISSUE_CODES}. */
export type SchemaIssueCode = (typeof SCHEMA_ISSUE_CODES)[keyof typeof SCHEMA_ISSUE_CODES];

/**
 * A free-text field: trimmed, NFC-normalised, between `min` and `max` UTF-16 units after trimming.
 *
 * @param max - maximum length.
 * @param min - minimum length (default 1: empty answers are omitted, not sent as `""`).
 * @returns the string schema.
 * @example
 * ```ts
 * const street = text(200);
 * ```
 */
export function text(max: number, min = 1): z.ZodMiniString<string> {
  return z.string().check(z.trim(), z.normalize('NFC'), z.minLength(min), z.maxLength(max));
}

/**
 * A calendar date `YYYY-MM-DD` (ISO 8601, real day of a real month).
 *
 * @returns the date schema.
 * @example
 * ```ts
 * isoDate().parse('2021-05-31');
 * ```
 */
export function isoDate(): z.ZodMiniISODate {
  return z.iso.date({ error: SCHEMA_ISSUE_CODES.date });
}

/**
 * An ISO 8601 timestamp with a `Z` or `±hh:mm` offset.
 *
 * @returns the date-time schema.
 * @example
 * ```ts
 * isoDateTime().parse('2021-05-31T08:30:00+07:00');
 * ```
 */
export function isoDateTime(): z.ZodMiniISODateTime {
  return z.iso.datetime({ offset: true, error: SCHEMA_ISSUE_CODES.dateTime });
}

/**
 * A code of a fixed number of digits (administrative units use GSO codes: province 2,
 * district 3, ward/commune 5 digits).
 *
 * @param digits - number of digits.
 * @param code - the issue code raised on a malformed value.
 * @returns the string schema.
 * @example
 * ```ts
 * digitsCode(2, SCHEMA_ISSUE_CODES.provinceCode).parse('24');
 * ```
 */
export function digitsCode(digits: number, code: SchemaIssueCode): z.ZodMiniString<string> {
  return z.string().check(z.trim(), z.regex(new RegExp(`^\\d{${digits}}$`), { error: code }));
}

/** GSO province code (2 digits), before or after the 1 July 2025 reform. */
export const provinceCode: z.ZodMiniString<string> = /* @__PURE__ */ (() => digitsCode(2, SCHEMA_ISSUE_CODES.provinceCode))();
/** GSO district code (3 digits); districts exist only before 1 July 2025. */
export const districtCode: z.ZodMiniString<string> = /* @__PURE__ */ (() => digitsCode(3, SCHEMA_ISSUE_CODES.districtCode))();
/** GSO ward/commune code (5 digits). */
export const wardCode: z.ZodMiniString<string> = /* @__PURE__ */ (() => digitsCode(5, SCHEMA_ISSUE_CODES.wardCode))();

/** ISO 3166-1 alpha-2 country code in capitals (`VN`, `JP`…). */
export const countryCode: z.ZodMiniString<string> = /* @__PURE__ */ (() =>
  z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/, { error: SCHEMA_ISSUE_CODES.countryCode })))();

/** An e-mail address (normalised to lower case). */
export const email: z.ZodMiniEmail = /* @__PURE__ */ (() =>
  z.email({ error: SCHEMA_ISSUE_CODES.email }).check(z.trim(), z.toLowerCase(), z.maxLength(254)))();

/** A year of birth between 1900 and 2100. */
export const birthYear: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.int({ error: SCHEMA_ISSUE_CODES.year }).check(z.gte(1900), z.lte(2100)))();

/** Sex as on every Vietnamese form: `Nam` / `Nữ` / `Khác`. */
export const sex: z.ZodMiniEnum<{ male: 'male'; female: 'female'; other: 'other' }> = /* @__PURE__ */ (() =>
  z.enum(['male', 'female', 'other']))();

/** Base64 file content (a photo or a scanned test result), at most ~3 MB decoded. */
export const base64File: z.ZodMiniBase64 = /* @__PURE__ */ (() =>
  z.base64({ error: SCHEMA_ISSUE_CODES.base64 }).check(z.maxLength(4_000_000)))();

/**
 * An address in Vietnam: province, district (pre-2025 addresses only), ward/commune and the
 * house number/street/hamlet line.
 */
export const addressSchema: z.ZodMiniType<Address, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    provinceCode,
    districtCode: z.optional(districtCode),
    wardCode,
    street: text(200),
  }))();

/** An address in Vietnam (see {@link addressSchema}). */
export interface Address {
  /** Province code (`Tỉnh/thành`), 2 digits. */
  provinceCode: string;
  /** District code (`Quận/huyện`), 3 digits; only for addresses before 1 July 2025. */
  districtCode?: string | undefined;
  /** Ward/commune code (`Phường/xã`), 5 digits. */
  wardCode: string;
  /** House number, street, hamlet (`Số nhà, phố, tổ dân phố/thôn/đội`). */
  street: string;
}

/**
 * Whether a list of primitive values has duplicates.
 *
 * @param values - the list.
 * @returns the index of the first repeated value, or -1.
 * @example
 * ```ts
 * firstDuplicate(['VN', 'JP', 'VN']); // 2
 * ```
 */
export function firstDuplicate(values: readonly unknown[]): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}

/**
 * A group of yes/no questions (symptoms, exposures, conditions): every key required, nothing else allowed.
 *
 * @param keys - the question keys, in form order.
 * @returns the object schema.
 * @example
 * ```ts
 * const symptoms = yesNoGroup(['fever', 'cough']);
 * ```
 */
export function yesNoGroup<K extends string>(keys: readonly K[]): z.ZodMiniType<Record<K, boolean>, unknown> {
  const shape = Object.fromEntries(keys.map((key) => [key, z.boolean()]));
  return strictObject(shape) as unknown as z.ZodMiniType<Record<K, boolean>, unknown>;
}

/** The context handed to cross-field checks (`z.superRefine`). */
type RefineContext = Parameters<Parameters<typeof z.superRefine>[0]>[1];

/**
 * Adds a cross-field issue with one of the stable {@link SCHEMA_ISSUE_CODES}.
 *
 * @param ctx - the refinement context.
 * @param code - the stable code (also used as the raw message; `parse.ts` localises it).
 * @param path - where the issue is, relative to the refined object.
 * @param input - the offending value.
 * @example
 * ```ts
 * z.superRefine((v, ctx) => { if (!v.ok) addIssue(ctx, SCHEMA_ISSUE_CODES.dateOrder, ['entryDate'], v.entryDate); });
 * ```
 */
export function addIssue(ctx: RefineContext, code: SchemaIssueCode, path: PropertyKey[], input: unknown): void {
  ctx.addIssue({ code: 'custom', message: code, params: { code }, path, input });
}

/**
 * A check that runs a field validator (see `../validators`): on success the value is replaced by
 * the validator's normalised form, on failure an issue with `code` and the validator's own code as
 * `reason` is added.
 */
function validated<T>(
  code: SchemaIssueCode,
  validate: (value: string) => ValidatorResult<T>,
  normalised: (value: T) => string,
): z.core.$ZodCheck<string> {
  return z.check<string>((payload) => {
    const result = validate(payload.value);
    if (result.ok) payload.value = normalised(result.value);
    else payload.issues.push({ code: 'custom', message: code, params: { code, reason: result.code }, input: payload.value, path: [] });
  });
}

/** A phone number (Vietnam by default, via libphonenumber), normalised to E.164 `+84…`. */
export const phone: z.ZodMiniString<string> = /* @__PURE__ */ (() =>
  z.string().check(
    validated(SCHEMA_ISSUE_CODES.phone, validatePhoneNumber, (info) => info.e164),
    // The output is E.164; the pattern documents that in the JSON Schema.
    z.regex(/^\+[1-9]\d{6,14}$/, { error: SCHEMA_ISSUE_CODES.phone }),
  ))();

/** A CCCD (12 digits), old CMND (9 or 12 digits) or passport number, normalised (no spaces, upper case). */
export const idNumber: z.ZodMiniString<string> = /* @__PURE__ */ (() =>
  z.string().check(
    validated(SCHEMA_ISSUE_CODES.idNumber, validateIdentityNumber, (info) => info.number),
    z.regex(/^[A-Z0-9]{5,20}$/, { error: SCHEMA_ISSUE_CODES.idNumber }),
  ))();

/** A person's name: NFC, single spaces, letters/spaces/apostrophes/hyphens/dots, 1–100 characters. */
export const personName: z.ZodMiniString<string> = /* @__PURE__ */ (() =>
  z.string().check(
    validated(
      SCHEMA_ISSUE_CODES.name,
      (value) => validatePersonName(value, { maxLength: 100 }),
      (info) => info.name,
    ),
    z.minLength(1),
    z.maxLength(100),
  ))();
