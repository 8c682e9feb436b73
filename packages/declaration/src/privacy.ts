/**
 * Privacy helpers: which fields hold personal data (to encrypt at rest and redact in logs) and a
 * minimised view for venue staff. Health answers are sensitive personal data (Decree 13/2023/NĐ-CP
 * treats health information as sensitive), so they are listed too.
 */
import type { DeclarationName, DeclarationTypes } from './schemas/registry';

/** Kind of personal data. */
export type PersonalDataCategory = 'identifier' | 'contact' | 'demographic' | 'location' | 'health';

/** A personal-data field: absolute dotted path (list items as `list[]`) and its category. */
export interface PersonalDataField {
  /** Path, e.g. `address.street`, `travel[].countryCode` (a path naming an object covers all its fields). */
  path: string;
  /** Category. */
  category: PersonalDataCategory;
}

const id = (path: string): PersonalDataField => ({ path, category: 'identifier' });
const contact = (path: string): PersonalDataField => ({ path, category: 'contact' });
const demo = (path: string): PersonalDataField => ({ path, category: 'demographic' });
const loc = (path: string): PersonalDataField => ({ path, category: 'location' });
const health = (path: string): PersonalDataField => ({ path, category: 'health' });

/**
 * The personal-data fields of every declaration kind. Fields not listed (dates of declaration,
 * venue ids, border gates…) are not personal on their own. The check-in declaration carries no
 * personal data: the visitor is identified by whoever submits it.
 */
export const PERSONAL_DATA_FIELDS: { readonly [K in DeclarationName]: readonly PersonalDataField[] } = {
  domestic: [
    id('fullName'),
    id('idNumber'),
    id('socialInsuranceNumber'),
    demo('birthYear'),
    demo('dateOfBirth'),
    demo('sex'),
    demo('nationality'),
    contact('phone'),
    contact('email'),
    loc('address'),
    loc('travel'),
    health('symptoms'),
    health('exposure'),
    health('underlyingConditions'),
    health('vaccinations'),
  ],
  entry: [
    id('portraitPhotoBase64'),
    id('fullName'),
    id('passportNumber'),
    demo('birthYear'),
    demo('sex'),
    demo('nationality'),
    contact('phone'),
    contact('email'),
    loc('vehicleNumber'),
    loc('seatNumber'),
    loc('departure'),
    loc('countriesVisited'),
    loc('contactAddress'),
    loc('postQuarantineAddress'),
    health('symptoms'),
    health('exposure'),
    health('vaccines'),
    health('testResult'),
    loc('quarantine'),
  ],
  daily: [health('states')],
  movement: [id('fullName'), demo('birthYear'), demo('sex'), contact('phone'), loc('address'), loc('origin'), loc('destination')],
  checkin: [],
  employee: [id('employeeId'), health('symptoms'), health('exposure')],
};

/** The replacement written by {@link redactDeclaration}. */
export const REDACTED = '[redacted]' as const;

function redactPath(value: unknown, segments: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (!Object.hasOwn(value, key)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const current = copy[key];
  if (rest.length === 0 && !list) copy[key] = REDACTED;
  else if (list && Array.isArray(current)) copy[key] = current.map((item) => (rest.length === 0 ? REDACTED : redactPath(item, rest)));
  else if (!list) copy[key] = redactPath(current, rest);
  return copy;
}

/**
 * A copy of a declaration with every personal-data field replaced by `"[redacted]"`, for logs.
 * Works on any input shape (valid or not) and never mutates it.
 *
 * @param name - the declaration kind.
 * @param value - the declaration (or any JSON value).
 * @param categories - categories to redact (default: all).
 * @returns the redacted copy.
 * @example
 * ```ts
 * logger.info(redactDeclaration('domestic', declaration));
 * ```
 */
export function redactDeclaration(
  name: DeclarationName,
  value: unknown,
  categories: readonly PersonalDataCategory[] = ['identifier', 'contact', 'demographic', 'location', 'health'],
): unknown {
  let out = value;
  for (const field of PERSONAL_DATA_FIELDS[name]) {
    if (categories.includes(field.category)) out = redactPath(out, field.path.split('.'));
  }
  return out;
}

/**
 * Masks a name to its initials, keeping word boundaries: `NGUYỄN VĂN AN` → `N***** V** A*`.
 *
 * @param fullName - the name.
 * @returns the masked name.
 * @example
 * ```ts
 * maskName('Trần Thị B'); // "T*** T** B"
 * ```
 */
export function maskName(fullName: string): string {
  return fullName
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word);
      return chars[0] === undefined ? '' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}

/** What venue staff may see of a declaration: enough to let someone in or ask them to step aside. */
export interface VenueStaffView {
  /** The declaration kind. */
  kind: DeclarationName;
  /** Date of the declaration or report (or the scan time of a check-in). */
  date: string;
  /** Initials only (absent for kinds without a name). */
  maskedName?: string | undefined;
  /** Whether any symptom, exposure or (domestic) travel was declared; no detail is given. */
  needsAttention: boolean;
}

const anyTrue = (flags: Readonly<Record<string, boolean>>): boolean => Object.values(flags).some(Boolean);

/**
 * The minimised view of a validated declaration for venue staff: no ID numbers, contact details,
 * addresses or individual health answers.
 *
 * @param name - the declaration kind.
 * @param declaration - a declaration that passed its schema.
 * @returns the minimised view.
 * @example
 * ```ts
 * venueStaffView('domestic', declaration); // { kind: 'domestic', date: '2021-05-20', maskedName: 'N***** V** A*', needsAttention: false }
 * ```
 */
export function venueStaffView<K extends DeclarationName>(name: K, declaration: DeclarationTypes[K]): VenueStaffView {
  switch (name) {
    case 'domestic': {
      const d = declaration as DeclarationTypes['domestic'];
      return {
        kind: name,
        date: d.declarationDate,
        maskedName: maskName(d.fullName),
        needsAttention: d.travelled || anyTrue(d.symptoms) || anyTrue(d.exposure),
      };
    }
    case 'entry': {
      const d = declaration as DeclarationTypes['entry'];
      return {
        kind: name,
        date: d.declarationDate,
        maskedName: maskName(d.fullName),
        needsAttention: anyTrue(d.symptoms) || anyTrue(d.exposure),
      };
    }
    case 'daily': {
      const d = declaration as DeclarationTypes['daily'];
      return { kind: name, date: d.date, needsAttention: d.states.some((s) => s !== 'healthy') };
    }
    case 'movement': {
      const d = declaration as DeclarationTypes['movement'];
      return { kind: name, date: d.declarationDate, maskedName: maskName(d.fullName), needsAttention: false };
    }
    case 'checkin': {
      const d = declaration as DeclarationTypes['checkin'];
      return { kind: name, date: d.scannedAt, needsAttention: false };
    }
    default: {
      const d = declaration as DeclarationTypes['employee'];
      return { kind: 'employee', date: d.date, needsAttention: anyTrue(d.symptoms) || anyTrue(d.exposure) };
    }
  }
}
