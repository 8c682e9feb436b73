/**
 * The domestic health declaration (`TỜ KHAI Y TẾ`, tokhaiyte.vn / NCOVI): personal data,
 * 14-day travel, six symptoms, three exposure questions, ten underlying conditions, vaccination.
 */
import * as z from 'zod/mini';
import { validateIdentityNumber } from '../validators/index';
import {
  type Address,
  addIssue,
  addressSchema,
  birthYear,
  countryCode,
  email,
  firstDuplicate,
  idNumber,
  isoDate,
  personName,
  phone,
  provinceCode,
  SCHEMA_ISSUE_CODES,
  sex,
  strictObject,
  text,
  yesNoGroup,
} from './common';

/** The six symptoms asked about (14-day look-back), in form order. */
export const DOMESTIC_SYMPTOMS: readonly ['fever', 'cough', 'shortnessOfBreath', 'pneumonia', 'soreThroat', 'fatigue'] = [
  'fever',
  'cough',
  'shortnessOfBreath',
  'pneumonia',
  'soreThroat',
  'fatigue',
];
/** The three exposure questions (14-day look-back), in form order. */
export const DOMESTIC_EXPOSURES: readonly ['confirmedOrSuspectedCase', 'personFromAffectedCountry', 'personWithSymptoms'] = [
  'confirmedOrSuspectedCase',
  'personFromAffectedCountry',
  'personWithSymptoms',
];
/** The ten underlying conditions, in form order. */
export const UNDERLYING_CONDITIONS: readonly [
  'chronicLiverDisease',
  'chronicBloodDisease',
  'chronicLungDisease',
  'chronicKidneyDisease',
  'cardiovascularDisease',
  'hypertension',
  'immunodeficiency',
  'transplantRecipient',
  'diabetes',
  'cancer',
] = [
  'chronicLiverDisease',
  'chronicBloodDisease',
  'chronicLungDisease',
  'chronicKidneyDisease',
  'cardiovascularDisease',
  'hypertension',
  'immunodeficiency',
  'transplantRecipient',
  'diabetes',
  'cancer',
];

/** A domestic symptom key. */
export type DomesticSymptom = (typeof DOMESTIC_SYMPTOMS)[number];
/** A domestic exposure question key. */
export type DomesticExposure = (typeof DOMESTIC_EXPOSURES)[number];
/** An underlying-condition key. */
export type UnderlyingCondition = (typeof UNDERLYING_CONDITIONS)[number];

/** A place visited in the past 14 days: a Vietnamese province or a country/territory. */
export type VisitedPlace = { kind: 'province'; provinceCode: string } | { kind: 'country'; countryCode: string };

/** One vaccine dose. */
export interface VaccineDose {
  /** Vaccine or biological product name. */
  vaccine: string;
  /** Date of the dose, when known. */
  date?: string | undefined;
}

/** A domestic health declaration (output of {@link domesticDeclarationSchema}). */
export interface DomesticDeclaration {
  /** Date the declaration was made (`YYYY-MM-DD`); the 14-day look-back counts back from it. */
  declarationDate: string;
  /** `Họ tên (ghi chữ IN HOA)`. */
  fullName: string;
  /** `Số hộ chiếu / CMND / CCCD`. */
  idNumber: string;
  /** `Năm sinh`. */
  birthYear: number;
  /** `Ngày tháng năm sinh` (app variant), consistent with {@link DomesticDeclaration.birthYear}. */
  dateOfBirth?: string | undefined;
  /** `Giới tính`. */
  sex: 'male' | 'female' | 'other';
  /** `Quốc tịch`, ISO 3166-1 alpha-2. */
  nationality: string;
  /** Current address in Vietnam. */
  address: Address;
  /** `Điện thoại`. */
  phone: string;
  /** `Email`. */
  email?: string | undefined;
  /** `Mã số BHXH` / health-insurance card number (optional). */
  socialInsuranceNumber?: string | undefined;
  /** Whether the person went to another province or country in the past 14 days. */
  travelled: boolean;
  /** Provinces/countries visited in the past 14 days; present (non-empty) exactly when `travelled`. */
  travel?: VisitedPlace[] | undefined;
  /** Symptoms in the past 14 days. */
  symptoms: Record<DomesticSymptom, boolean>;
  /** Contacts in the past 14 days. */
  exposure: Record<DomesticExposure, boolean>;
  /** Current underlying conditions. */
  underlyingConditions: Record<UnderlyingCondition, boolean>;
  /** Vaccine doses received (optional; the 2020 forms had none). */
  vaccinations?: VaccineDose[] | undefined;
}

/**
 * Schema of one visited place: `kind` and the one code it calls for (checked by the declaration's
 * cross-field rules; a single object rather than a discriminated union keeps browser bundles smaller).
 */
export const visitedPlaceSchema: z.ZodMiniType<VisitedPlace, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    kind: z.enum(['province', 'country']),
    provinceCode: z.optional(provinceCode),
    countryCode: z.optional(countryCode),
  }) as unknown as z.ZodMiniType<VisitedPlace, unknown>)();

/** Schema of one vaccine dose. */
export const vaccineDoseSchema: z.ZodMiniType<VaccineDose, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    vaccine: text(100),
    date: z.optional(isoDate()),
  }))();

/**
 * The domestic health declaration schema (`$id` `https://healthtrace.dev/schemas/declaration/domestic/v1.json`).
 * Strict: unknown keys are rejected. Cross-field rules: the travel list is present and non-empty
 * exactly when `travelled` is true, without duplicates; `dateOfBirth` agrees with `birthYear`.
 *
 * @example
 * ```ts
 * const result = domesticDeclarationSchema.safeParse(input);
 * ```
 */
export const domesticDeclarationSchema: z.ZodMiniType<DomesticDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    declarationDate: isoDate(),
    fullName: personName,
    idNumber,
    birthYear,
    dateOfBirth: z.optional(isoDate()),
    sex,
    nationality: countryCode,
    address: addressSchema,
    phone,
    email: z.optional(email),
    socialInsuranceNumber: z.optional(text(20)),
    travelled: z.boolean(),
    travel: z.optional(z.array(visitedPlaceSchema).check(z.maxLength(50))),
    symptoms: yesNoGroup(DOMESTIC_SYMPTOMS),
    exposure: yesNoGroup(DOMESTIC_EXPOSURES),
    underlyingConditions: yesNoGroup(UNDERLYING_CONDITIONS),
    vaccinations: z.optional(z.array(vaccineDoseSchema).check(z.maxLength(10))),
  }).check(
    z.superRefine((value, ctx) => {
      checkTravel(ctx, value.travelled, value.travel);
      checkIdAgainstPerson(ctx, value.idNumber, value.birthYear, value.sex);
      if (typeof value.dateOfBirth === 'string' && Number(value.dateOfBirth.slice(0, 4)) !== value.birthYear) {
        addIssue(ctx, SCHEMA_ISSUE_CODES.birthYearMismatch, ['dateOfBirth'], value.dateOfBirth);
      }
    }),
  ))();

/**
 * The travel rule shared by the domestic and employee forms.
 *
 * @param ctx - refinement context.
 * @param travelled - the yes/no answer.
 * @param travel - the list.
 * @example
 * ```ts
 * checkTravel(ctx, true, []); // adds declaration/travel-list-required
 * ```
 */
function checkTravel(ctx: Parameters<Parameters<typeof z.superRefine>[0]>[1], travelled: unknown, travel: unknown): void {
  // Cross-field checks also run when other fields already failed, so they must accept anything.
  if (travelled === true && (travel === undefined || (Array.isArray(travel) && travel.length === 0))) {
    addIssue(ctx, SCHEMA_ISSUE_CODES.travelRequired, ['travel'], travel);
  }
  if (travelled === false && travel !== undefined) addIssue(ctx, SCHEMA_ISSUE_CODES.travelUnexpected, ['travel'], travel);
  if (Array.isArray(travel)) {
    travel.forEach((place: Partial<Record<string, unknown>> | null, i) => {
      if (place === null || typeof place !== 'object') return;
      const own = place.kind === 'province' ? 'provinceCode' : place.kind === 'country' ? 'countryCode' : undefined;
      const other = own === 'provinceCode' ? 'countryCode' : 'provinceCode';
      if (own !== undefined && (place[own] === undefined || place[other] !== undefined)) {
        addIssue(ctx, SCHEMA_ISSUE_CODES.placeCode, ['travel', i, own], place[own]);
      }
    });
    const dup = firstDuplicate(travel.map((p: Partial<Record<string, unknown>> | null) => JSON.stringify(p)));
    if (dup >= 0) addIssue(ctx, SCHEMA_ISSUE_CODES.duplicate, ['travel', dup], travel[dup]);
  }
}

/**
 * The CCCD consistency rule: the century/sex digit and the year digits of a 12-digit CCCD must
 * agree with the declared year of birth and sex (no check digit exists).
 *
 * @param ctx - refinement context.
 * @param idNumber - the (normalised) ID number.
 * @param birthYear - the declared year of birth.
 * @param sex - the declared sex.
 * @example
 * ```ts
 * checkIdAgainstPerson(ctx, '024190000123', 1990, 'male');
 * ```
 */
function checkIdAgainstPerson(
  ctx: Parameters<Parameters<typeof z.superRefine>[0]>[1],
  idNumber: unknown,
  birthYear: unknown,
  sex: unknown,
): void {
  if (typeof idNumber !== 'string' || !/^\d{12}$/.test(idNumber) || typeof birthYear !== 'number') return;
  const result = validateIdentityNumber(idNumber, { birthYear, sex: sex === 'male' || sex === 'female' ? sex : undefined });
  if (!result.ok) {
    const code = SCHEMA_ISSUE_CODES.idNumber;
    ctx.addIssue({ code: 'custom', message: code, params: { code, reason: result.code }, path: ['idNumber'], input: idNumber });
  }
}
