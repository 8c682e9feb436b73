/**
 * Phone numbers, parsed and validated by libphonenumber-js (Google's libphonenumber metadata), normalised
 * to E.164. By default only Vietnamese (+84) metadata is bundled, which keeps browser bundles small; pass
 * libphonenumber-js metadata (e.g. `libphonenumber-js/max/metadata`) to accept other countries.
 */
import { type CountryCode, type MetadataJson, ParseError, parsePhoneNumberWithError } from 'libphonenumber-js/core';
// `fastPath`: digit-only numbers read with precompiled patterns on Node; in browsers every number goes to the
// library (package.json `imports`: the fast path is for servers validating many numbers, ~0.4 kB gzip).
import { fastPath } from '#phone-fast-path';
import { PHONE_METADATA_VN } from './generated/phone-metadata-vn';
import { failure, success, type ValidatorResult } from './result';

/** A valid phone number. */
export interface PhoneNumberInfo {
  /** E.164 form, e.g. `"+84912345678"`. */
  readonly e164: string;
  /** National form with the trunk prefix, e.g. `"0912 345 678"`. */
  readonly national: string;
  /** ISO 3166 country of the number (`"VN"`), or `null` if the metadata cannot tell. */
  readonly country: string | null;
  /** Number type from the metadata (`"MOBILE"`, `"FIXED_LINE"`, …) or `null` when unknown. */
  readonly type: string | null;
}

/** Options of {@link validatePhoneNumber}. */
export interface PhoneOptions {
  /** Region for numbers written without `+` (default `"VN"`). */
  readonly region?: string | undefined;
  /** Only accept mobile numbers (default `false`). Needs metadata with number types ("max" or the default). */
  readonly mobileOnly?: boolean | undefined;
  /** libphonenumber-js metadata to use instead of the bundled Vietnam-only metadata. */
  readonly metadata?: MetadataJson | undefined;
}

const PARSE_ERRORS: Record<string, ['phone/not-a-number' | 'phone/too-short' | 'phone/too-long' | 'phone/invalid-country', string]> = {
  NOT_A_NUMBER: ['phone/not-a-number', 'not a phone number'],
  TOO_SHORT: ['phone/too-short', 'the phone number is too short'],
  TOO_LONG: ['phone/too-long', 'the phone number is too long'],
  INVALID_LENGTH: ['phone/too-short', 'the phone number has an impossible length'],
  INVALID_COUNTRY: ['phone/invalid-country', 'the country of the phone number is unknown or not supported by the metadata'],
};

const BRACKETED_COUNTRY_CODE = /^\s*\(\s*(\+\d{1,3})\s*\)/;

/** Longest input handed to the parser; real numbers with formatting are far shorter. */
const MAX_INPUT = 64;

/**
 * Validates and normalises a phone number. National numbers (`0912 345 678`) are read in `region`
 * (default Vietnam); international ones (`+84 912 345 678`, `0084…`) in their own country.
 *
 * @param input - the number as typed (any value).
 * @param options - region, mobile-only, metadata.
 * @returns `{ ok: true, value }` with the E.164 form, or a failure: `phone/not-a-string`, `phone/not-a-number`,
 *   `phone/too-short`, `phone/too-long`, `phone/invalid-country`, `phone/invalid`, `phone/not-mobile`. Never throws.
 * @example
 * ```ts
 * validatePhoneNumber('0912 345 678'); // { ok: true, value: { e164: '+84912345678', type: 'MOBILE', ... } }
 * validatePhoneNumber('0123 456'); // { ok: false, code: 'phone/too-short', ... }
 * ```
 */
export function validatePhoneNumber(input: unknown, options: PhoneOptions = {}): ValidatorResult<PhoneNumberInfo> {
  if (typeof input !== 'string') return failure('phone/not-a-string', 'a phone number must be a string');
  if (input.length > MAX_INPUT) return failure('phone/too-long', 'the phone number is too long');
  const metadata = options.metadata ?? PHONE_METADATA_VN;
  const region = (options.region ?? 'VN') as CountryCode;
  // "(+84) 912 345 678" is a common way of writing numbers that libphonenumber-js does not read as international.
  const text = input.replace(BRACKETED_COUNTRY_CODE, '$1 ');
  const fast = fastPath(text, metadata, region);
  if (fast !== undefined) {
    if (options.mobileOnly === true && fast.type !== 'MOBILE' && fast.type !== 'FIXED_LINE_OR_MOBILE') {
      return failure('phone/not-mobile', 'a mobile phone number is required');
    }
    return success(fast);
  }
  let phone: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry: region, extract: false }, metadata);
  } catch (error) {
    if (error instanceof ParseError) {
      const [code, message] = PARSE_ERRORS[error.message] ?? ['phone/not-a-number', 'not a phone number'];
      return failure(code, message);
    }
    // An unknown region makes libphonenumber-js throw a plain error.
    return failure('phone/invalid-country', 'the region is not supported by the phone metadata');
  }
  if (!phone.isValid()) return failure('phone/invalid', 'the number is not a valid phone number of its country');
  const type = phone.getType() ?? null;
  if (options.mobileOnly === true && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return failure('phone/not-mobile', 'a mobile phone number is required');
  }
  // The national form is formatted on first read: submissions store the E.164 form only, and
  // formatting is a third of the validation's cost.
  let national: string | undefined;
  return success({
    e164: phone.number,
    get national(): string {
      national ??= phone.formatNational();
      return national;
    },
    country: phone.country ?? null,
    type,
  });
}
