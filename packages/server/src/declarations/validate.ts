/**
 * Validation of a declaration submission (`{ type, data }`) with `@healthtrace/declaration`, and
 * the clear, non-personal columns derived from it (dates, 2025 ward code, symptoms flag).
 */
import {
  checkAdministrativeUnits,
  DECLARATION_NAMES,
  type DeclarationIssueCode,
  type DeclarationLocale,
  type DeclarationName,
  type DeclarationTypes,
  isDeclarationName,
  PERSONAL_DATA_FIELDS,
  validateDeclaration,
} from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi } from '@healthtrace/declaration/locales/vi';
import { HttpProblem } from '../http/problem';

/** One validation issue as served in problem details. */
export interface ServedIssue {
  /** Stable code (`declaration/required`…). */
  code: string;
  /** Path in the request body (`['data', 'phone']`). */
  path: (string | number)[];
  /** Localised message. */
  message: string;
}

/**
 * The locale named by an `Accept-Language` header: English when `en` is preferred over `vi`,
 * Vietnamese otherwise (the default).
 *
 * @param header - the header value.
 * @returns the declaration locale.
 */
export function localeOf(header: string | undefined): DeclarationLocale {
  if (!header) return vi;
  let best: { lang: 'vi' | 'en'; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const lang = tag?.split('-')[0];
    if (lang !== 'vi' && lang !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isFinite(q) && q > 0 && (best === undefined || q > best.q)) best = { lang, q };
  }
  return best?.lang === 'en' ? en : vi;
}

function envelopeIssue(locale: DeclarationLocale, code: DeclarationIssueCode, path: (string | number)[], key?: string): ServedIssue {
  const field = String(path[path.length - 1] ?? '');
  const render = locale.messages[code] ?? locale.messages['declaration/invalid'];
  return { code, path, message: render?.({ field, key }) ?? code };
}

function failed(issues: ServedIssue[], locale: DeclarationLocale): HttpProblem {
  return new HttpProblem(422, 'validation-failed', locale === en ? 'The declaration is not valid' : 'Tờ khai chưa hợp lệ', {
    issues,
  });
}

/**
 * Address-code combinations already found valid, by declaration date: `checkAdministrativeUnits`
 * loads the unit tables through `import()` on every call (about a third of a submission's CPU time),
 * and most declarations of a day repeat the same few thousand wards. Only successes are cached, so
 * failures always get freshly localised issues.
 */
const knownGoodUnits = new Set<string>();
const MAX_KNOWN_GOOD_UNITS = 50_000;
const ADDRESS_KEYS: Partial<Record<DeclarationName, readonly string[]>> = {
  domestic: ['address', 'travel'],
  entry: ['contactAddress', 'postQuarantineAddress', 'destination'],
  movement: ['address', 'origin', 'destination'],
};

/** The cache key of a declaration's address codes (`undefined`: nothing to check, or not cacheable). */
function adminUnitsKey(type: DeclarationName, data: Record<string, unknown>): string | undefined {
  const keys = ADDRESS_KEYS[type];
  if (keys === undefined) return undefined;
  // Concatenated rather than JSON-encoded (this runs on every submission): the parts are validated
  // codes, dates and enum values, which never contain the separators.
  let key = `${type}\u0000${String(data.declarationDate ?? data.date)}`;
  const add = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) {
      key += '\u0000-';
      return;
    }
    const o = v as Record<string, unknown>;
    key += `\u0000${String(o.kind ?? '')}\u0001${String(o.provinceCode ?? '')}\u0001${String(o.districtCode ?? '')}\u0001${String(o.wardCode ?? '')}`;
  };
  for (const name of keys) {
    const value = data[name];
    if (Array.isArray(value)) {
      key += `\u0000[${value.length}`;
      for (const v of value) add(v);
    } else add(value);
  }
  return key;
}

/** A validated submission. */
export interface ValidSubmission<K extends DeclarationName = DeclarationName> {
  /** The declaration kind. */
  type: K;
  /** The normalised declaration. */
  data: DeclarationTypes[K];
}

/**
 * Validates a submission body: exactly `type` and `data`, `type` a declaration kind, `data` valid for
 * it (schema, then administrative units on the declaration date).
 *
 * @param body - the parsed JSON object.
 * @param locale - the locale of the messages.
 * @returns the normalised submission.
 * @throws HttpProblem 422 `validation-failed` with localised `issues`.
 */
export async function validateSubmission(body: Record<string, unknown>, locale: DeclarationLocale): Promise<ValidSubmission> {
  const issues: ServedIssue[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'type' && key !== 'data') issues.push(envelopeIssue(locale, 'declaration/unknown-field', [key], key));
  }
  const type = body.type;
  if (type === undefined) issues.push(envelopeIssue(locale, 'declaration/required', ['type']));
  else if (!isDeclarationName(type)) issues.push(envelopeIssue(locale, 'declaration/invalid-option', ['type']));
  if (body.data === undefined) issues.push(envelopeIssue(locale, 'declaration/required', ['data']));
  if (issues.length > 0 || !isDeclarationName(type)) throw failed(issues, locale);
  const result = validateDeclaration(type, body.data, { locale });
  if (!result.success) {
    throw failed(
      result.issues.map((i) => ({ code: i.code, path: ['data', ...i.path], message: i.message })),
      locale,
    );
  }
  const unitsKey = adminUnitsKey(type, result.data as unknown as Record<string, unknown>);
  const units = unitsKey !== undefined && knownGoodUnits.has(unitsKey) ? [] : await checkAdministrativeUnits(type, result.data, { locale });
  if (units.length === 0 && unitsKey !== undefined) {
    if (knownGoodUnits.size >= MAX_KNOWN_GOOD_UNITS) knownGoodUnits.clear();
    knownGoodUnits.add(unitsKey);
  }
  if (units.length > 0)
    throw failed(
      units.map((i) => ({ code: i.code, path: ['data', ...i.path], message: i.message })),
      locale,
    );
  return { type, data: result.data };
}

/** The declaration kinds (for query validation). */
export const DECLARATION_TYPES: readonly string[] = DECLARATION_NAMES;

/** The top-level personal fields of each kind (built once per kind). */
const personalKeysByType = new Map<DeclarationName, ReadonlySet<string>>();

/**
 * Splits a declaration into its personal part (the top-level fields `PERSONAL_DATA_FIELDS` names,
 * encrypted at rest) and the rest (kept in clear).
 *
 * @param type - the kind.
 * @param data - the validated declaration.
 * @returns both parts.
 */
export function splitPersonal(type: DeclarationName, data: object): { personal: Record<string, unknown>; rest: Record<string, unknown> } {
  let personalKeys = personalKeysByType.get(type);
  if (personalKeys === undefined) {
    personalKeys = new Set(PERSONAL_DATA_FIELDS[type].map((f) => (f.path.split('.')[0] as string).replace(/\[\]$/, '')));
    personalKeysByType.set(type, personalKeys);
  }
  const personal: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  const record = data as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === undefined) continue;
    if (personalKeys.has(key)) personal[key] = value;
    else rest[key] = value;
  }
  return { personal, rest };
}

/** The clear, non-personal columns of a declaration. */
export interface DerivedColumns {
  /** The declaration's own date (`YYYY-MM-DD`), when it has one. */
  declarationDate: string | null;
  /** The raw ward code of the declarant's address, in the scheme of the declaration date. */
  rawWardCode: string | null;
  /** Whether that code is a pre-2025 code (declaration dated before 1 July 2025). */
  pre2025: boolean;
  /** Any symptom declared (or, for daily monitoring, any state other than healthy). */
  hasSymptoms: boolean;
}

const anyTrue = (flags: unknown): boolean =>
  typeof flags === 'object' && flags !== null && Object.values(flags as Record<string, unknown>).some((v) => v === true);

/** First day of the 2025 two-tier administrative scheme. */
export const SCHEME_2025_START = '2025-07-01';

/**
 * The non-personal columns of a validated declaration.
 *
 * @param submission - the validated submission.
 * @returns dates, ward and symptoms flag.
 */
export function deriveColumns(submission: ValidSubmission): DerivedColumns {
  const d = submission.data as unknown as Record<string, unknown>;
  const declarationDate = typeof d.declarationDate === 'string' ? d.declarationDate : typeof d.date === 'string' ? d.date : null;
  const address =
    submission.type === 'entry'
      ? (d.contactAddress as { wardCode?: string } | undefined)
      : (d.address as { wardCode?: string } | undefined);
  const rawWardCode = typeof address?.wardCode === 'string' ? address.wardCode : null;
  let hasSymptoms = false;
  if (submission.type === 'daily') hasSymptoms = (d.states as string[]).some((s) => s !== 'healthy');
  else hasSymptoms = anyTrue(d.symptoms);
  return { declarationDate, rawWardCode, pre2025: declarationDate !== null && declarationDate < SCHEME_2025_START, hasSymptoms };
}
