/**
 * Phone numbers, parsed and validated by libphonenumber-js (Google's libphonenumber metadata), normalised
 * to E.164. By default only Vietnamese (+84) metadata is bundled, which keeps browser bundles small; pass
 * libphonenumber-js metadata (e.g. `libphonenumber-js/max/metadata`) to accept other countries.
 */
import { type CountryCode, Metadata, type MetadataJson, ParseError, parsePhoneNumberWithError } from 'libphonenumber-js/core';
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

/** Number types other than fixed line, in the order libphonenumber tries them. */
const OTHER_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

interface TypeRule {
  readonly type: string;
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

/** One region's numbering plan with its patterns compiled once, for {@link fastPath}. */
interface FastPlan {
  readonly country: string;
  readonly callingCode: string;
  readonly nationalPrefix: string;
  readonly nationalNumber: RegExp;
  readonly fixedLine: TypeRule | undefined;
  readonly mobile: TypeRule | undefined;
  /** `MOBILE` is absent, or has an empty pattern (the same numbers as fixed lines). */
  readonly mobileLikeFixed: boolean;
  readonly others: readonly TypeRule[];
}

/** The parts of libphonenumber-js's `Metadata` and numbering plan that the fast path reads. */
interface InternalMetadata {
  hasCountry(country: string): boolean;
  selectNumberingPlan(country: string): void;
  hasTypes(): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan:
    | {
        callingCode(): string;
        nationalPrefix(): string | undefined;
        nationalPrefixForParsing(): string | undefined;
        nationalPrefixTransformRule(): string | undefined;
        nationalNumberPattern(): string;
        type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
      }
    | undefined;
}

const anchored = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
const plans = new WeakMap<MetadataJson, Map<string, FastPlan | null>>();

/**
 * The region's plan when the fast path can read its numbers exactly as libphonenumber-js does: the region has number
 * types, is the only region of its calling code, and its national prefix is plain digits stripped as they are.
 */
function fastPlanOf(metadata: MetadataJson, region: string): FastPlan | null {
  if (typeof metadata !== 'object' || metadata === null || typeof region !== 'string') return null;
  let byRegion = plans.get(metadata);
  if (byRegion === undefined) {
    byRegion = new Map();
    plans.set(metadata, byRegion);
  }
  let plan = byRegion.get(region);
  if (plan !== undefined) return plan;
  plan = null;
  try {
    // Methods of libphonenumber-js's metadata classes that its typings leave out (stable across its 1.x releases);
    // should one be missing, the plan is null and every number goes through the library.
    const m = new Metadata(metadata) as unknown as InternalMetadata;
    if (m.hasCountry(region)) {
      m.selectNumberingPlan(region);
      const p = m.numberingPlan;
      const prefix = p?.nationalPrefix() ?? '';
      if (
        p !== undefined &&
        m.hasTypes() &&
        m.getCountryCodesForCallingCode(p.callingCode())?.length === 1 &&
        /^\d+$/.test(prefix) &&
        p.nationalPrefixForParsing() === prefix &&
        !p.nationalPrefixTransformRule()
      ) {
        const rule = (type: string): TypeRule | undefined => {
          const t = p.type(type);
          const pattern = t?.pattern();
          return t === undefined || !pattern ? undefined : { type, pattern: anchored(pattern), lengths: t.possibleLengths() };
        };
        const mobile = p.type('MOBILE');
        plan = {
          country: region,
          callingCode: p.callingCode(),
          nationalPrefix: prefix,
          nationalNumber: anchored(p.nationalNumberPattern()),
          fixedLine: rule('FIXED_LINE'),
          mobile: rule('MOBILE'),
          mobileLikeFixed: mobile === undefined || mobile.pattern() === '',
          others: OTHER_TYPES.map(rule).filter((r): r is TypeRule => r !== undefined),
        };
      }
    }
  } catch {
    plan = null;
  }
  byRegion.set(region, plan);
  return plan;
}

const isOfType = (rule: TypeRule | undefined, digits: string): boolean =>
  rule !== undefined && (rule.lengths === undefined || rule.lengths.includes(digits.length)) && rule.pattern.test(digits);

/**
 * The common inputs — digits only, `+<calling code><number>` or `<national prefix><number>` — read with the region's
 * patterns compiled once. Written here for speed: libphonenumber-js builds a metadata object and compiles each pattern
 * on every call, ~9 µs a number, which made phone validation a quarter of a declaration submission's cost in the
 * reference server. It only ever answers with a valid number, typed by libphonenumber's rules (fixed line, then the
 * other types in the library's order); anything else — other shapes, invalid or untyped numbers — goes to the library,
 * so every failure is the library's own. Property-tested against libphonenumber-js.
 */
function fastPath(text: string, metadata: MetadataJson, region: string): PhoneNumberInfo | undefined {
  const plan = fastPlanOf(metadata, region);
  if (plan === null) return undefined;
  let digits: string;
  if (text.startsWith(`+${plan.callingCode}`)) digits = text.slice(plan.callingCode.length + 1);
  else if (text.startsWith(plan.nationalPrefix)) digits = text.slice(plan.nationalPrefix.length);
  else return undefined;
  if (!/^[1-9]\d*$/.test(digits) || !plan.nationalNumber.test(digits)) return undefined;
  let type: string | undefined;
  if (isOfType(plan.fixedLine, digits)) {
    type = plan.mobileLikeFixed || isOfType(plan.mobile, digits) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  } else type = plan.others.find((rule) => isOfType(rule, digits))?.type;
  if (type === undefined) return undefined;
  const e164 = `+${plan.callingCode}${digits}`;
  let national: string | undefined;
  return {
    e164,
    // Formatted on first read, by the library (submissions store the E.164 form only).
    get national(): string {
      national ??= parsePhoneNumberWithError(e164, {}, metadata).formatNational();
      return national;
    },
    country: plan.country,
    type,
  };
}

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
