/**
 * The phone fast path on Node (the `node` condition of `#phone-fast-path` in package.json): the common
 * inputs read with each region's patterns compiled once. Browsers get `./phone-fast-path-none.ts`.
 */
import { Metadata, type MetadataJson, parsePhoneNumberWithError } from 'libphonenumber-js/core';
import type { PhoneNumberInfo } from './phone';

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
 *
 * @param text - the number as typed, trimmed.
 * @param metadata - libphonenumber-js metadata.
 * @param region - the region national numbers are read in.
 * @returns the number, or `undefined` to let the library read it.
 * @example
 * ```ts
 * fastPath('+84912345678', PHONE_METADATA_VN, 'VN')?.e164; // '+84912345678'
 * ```
 */
export function fastPath(text: string, metadata: MetadataJson, region: string): PhoneNumberInfo | undefined {
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
