/** The shape of a locale module (`@healthtrace/declaration/locales/vi`, `/locales/en`) and the helper that composes one. */
import type { DeclarationName } from '../schemas/registry';

/** Values a message can mention. */
export interface MessageParams {
  /** The localised label of the field the issue is about. */
  field: string;
  /** Minimum length/size/count, for `too-*` codes. */
  min?: number | undefined;
  /** Maximum length/size/count, for `too-*` codes. */
  max?: number | undefined;
  /** The unknown key, for `declaration/unknown-field`. */
  key?: string | undefined;
}

/** A message: fixed text or a function of {@link MessageParams}. */
export type LocaleMessage = (params: MessageParams) => string;

/** Every stable issue code, with its localised message. */
export interface DeclarationMessages {
  /** A required field is missing. */
  'declaration/required': LocaleMessage;
  /** A value has the wrong JSON type. */
  'declaration/invalid-type': LocaleMessage;
  /** A key the schema does not know. */
  'declaration/unknown-field': LocaleMessage;
  /** Text shorter than its minimum. */
  'declaration/too-short': LocaleMessage;
  /** Text longer than its maximum. */
  'declaration/too-long': LocaleMessage;
  /** A list with too few items. */
  'declaration/too-few': LocaleMessage;
  /** A list with too many items. */
  'declaration/too-many': LocaleMessage;
  /** A number below its minimum. */
  'declaration/too-small': LocaleMessage;
  /** A number above its maximum. */
  'declaration/too-large': LocaleMessage;
  /** A value outside its list of options. */
  'declaration/invalid-option': LocaleMessage;
  /** A malformed value with no more specific code. */
  'declaration/invalid-format': LocaleMessage;
  /** Any other invalid value. */
  'declaration/invalid': LocaleMessage;
  /** Input that could not be read at all (not JSON-like). */
  'declaration/unreadable-input': LocaleMessage;
  /** Province code not 2 digits. */
  'declaration/invalid-province-code': LocaleMessage;
  /** District code not 3 digits. */
  'declaration/invalid-district-code': LocaleMessage;
  /** A province/district/ward code that does not exist on the declaration date (`checkAdministrativeUnits`). */
  'declaration/unknown-admin-unit': LocaleMessage;
  /** Ward code not 5 digits. */
  'declaration/invalid-ward-code': LocaleMessage;
  /** Country code not ISO 3166-1 alpha-2. */
  'declaration/invalid-country-code': LocaleMessage;
  /** Invalid phone number. */
  'declaration/invalid-phone': LocaleMessage;
  /** Invalid CCCD/CMND/passport number. */
  'declaration/invalid-id-number': LocaleMessage;
  /** A name with characters a name cannot have. */
  'declaration/invalid-name': LocaleMessage;
  /** Invalid e-mail address. */
  'declaration/invalid-email': LocaleMessage;
  /** Not a real `YYYY-MM-DD` date. */
  'declaration/invalid-date': LocaleMessage;
  /** Not an ISO 8601 timestamp with offset. */
  'declaration/invalid-date-time': LocaleMessage;
  /** Year of birth outside 1900–2100 or not an integer. */
  'declaration/invalid-year': LocaleMessage;
  /** File content not base64. */
  'declaration/invalid-base64': LocaleMessage;
  /** `travelled` is true but no places are listed. */
  'declaration/travel-list-required': LocaleMessage;
  /** `travelled` is false but places are listed. */
  'declaration/travel-list-unexpected': LocaleMessage;
  /** A visited place whose code does not match its kind (province code for a province, country code for a country). */
  'declaration/place-code-mismatch': LocaleMessage;
  /** Entry date before departure date. */
  'declaration/date-order': LocaleMessage;
  /** Date of birth disagrees with the year of birth. */
  'declaration/birth-year-mismatch': LocaleMessage;
  /** Quarantine `other` without details. */
  'declaration/quarantine-details-required': LocaleMessage;
  /** `otherTravelMode` given without `other`, or missing with it. */
  'declaration/other-travel-mode-required': LocaleMessage;
  /** `healthy` combined with a symptom. */
  'declaration/healthy-with-symptoms': LocaleMessage;
  /** The same item twice in a list. */
  'declaration/duplicate-item': LocaleMessage;
  /** Malformed venue id. */
  'declaration/invalid-venue-id': LocaleMessage;
}

/** A stable issue code. */
export type DeclarationIssueCode = keyof DeclarationMessages;

/** Codes only one form can raise: their messages ship with that form's labels ({@link LocaleLabels}). */
export type FormSpecificIssueCode =
  | 'declaration/invalid-date-time'
  | 'declaration/invalid-venue-id'
  | 'declaration/invalid-base64'
  | 'declaration/date-order'
  | 'declaration/quarantine-details-required'
  | 'declaration/other-travel-mode-required'
  | 'declaration/healthy-with-symptoms';

/** The messages of a locale: every shared code, plus the form-specific codes of the forms it covers. */
export type LocaleMessages = Omit<DeclarationMessages, FormSpecificIssueCode> & Partial<Pick<DeclarationMessages, FormSpecificIssueCode>>;

/** Labels and messages in one language. */
export interface DeclarationLocale {
  /** BCP 47 language tag (`vi`, `en`). */
  lang: string;
  /** Form titles (from the per-form labels). */
  titles: Partial<Record<DeclarationName, string>>;
  /** Notices shown under a form's title (e.g. the legal warning on the domestic form). */
  notices: Partial<Record<DeclarationName, string>>;
  /** Group headings of the form metadata. */
  groups: Record<string, string>;
  /**
   * Field labels. Looked up as `<declaration>:<path>`, then `<path>`, then the last path segment
   * (paths use dots and no array indices, e.g. `travel.provinceCode`).
   */
  fields: Record<string, string>;
  /** Option labels, keyed `<option set>.<value>` (e.g. `sex.female`, `borderGate.noi-bai`). */
  options: Record<string, string>;
  /** Messages by issue code (a code without a message here is shown with `declaration/invalid`'s). */
  messages: LocaleMessages;
}

/** Field and option labels of one form, merged into a locale with {@link withLabels}. */
export interface LocaleLabels {
  /** Form titles. */
  titles?: Partial<Record<DeclarationName, string>> | undefined;
  /** Notices under form titles. */
  notices?: Partial<Record<DeclarationName, string>> | undefined;
  /** Group headings of the form's metadata. */
  groups?: Record<string, string> | undefined;
  /** Field labels (same keys as {@link DeclarationLocale.fields}). */
  fields: Record<string, string>;
  /** Option labels (same keys as {@link DeclarationLocale.options}). */
  options: Record<string, string>;
  /** Messages of the codes only this form raises. */
  messages?: Partial<DeclarationMessages> | undefined;
}

/**
 * A locale with extra labels merged in (later labels win).
 *
 * @param base - the base locale (messages, shared labels).
 * @param labels - per-form labels.
 * @returns a new locale.
 * @example
 * ```ts
 * const myVi = withLabels(viBase, viDomesticLabels, { fields: { fullName: 'Họ và tên' }, options: {} });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function withLabels(base: DeclarationLocale, ...labels: LocaleLabels[]): DeclarationLocale {
  return {
    ...base,
    titles: Object.assign({}, base.titles, ...labels.map((l) => l.titles)),
    notices: Object.assign({}, base.notices, ...labels.map((l) => l.notices)),
    groups: Object.assign({}, base.groups, ...labels.map((l) => l.groups)),
    fields: Object.assign({}, base.fields, ...labels.map((l) => l.fields)),
    options: Object.assign({}, base.options, ...labels.map((l) => l.options)),
    messages: Object.assign({}, base.messages, ...labels.map((l) => l.messages)),
  };
}
