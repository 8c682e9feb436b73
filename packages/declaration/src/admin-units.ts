/**
 * Checks the administrative-unit codes of a declaration against `@healthtrace/vn-admin` in the
 * scheme in force on the declaration date: a 2021 declaration uses the 63-province, three-tier codes
 * (Bắc Giang is 24), one from 1 July 2025 the 34-province, two-tier codes (24 is the new Bắc Ninh).
 * Separate from the schemas (which check only the code format) because the unit tables are loaded
 * lazily and asynchronously.
 */
import { validateAddress } from '@healthtrace/vn-admin';
import type { DeclarationLocale } from './locales/types';
import { viBase } from './locales/vi';
import { type DeclarationIssue, fieldLabel } from './parse';
import type { DeclarationName, DeclarationTypes } from './schemas/registry';

type Codes = { provinceCode: string; districtCode?: string | undefined; wardCode?: string | undefined };

function addressesOf(name: DeclarationName, value: DeclarationTypes[DeclarationName]): { path: (string | number)[]; codes: Codes }[] {
  const out: { path: (string | number)[]; codes: Codes }[] = [];
  const record = value as unknown as Record<string, unknown>;
  const keys: Partial<Record<DeclarationName, string[]>> = {
    domestic: ['address'],
    entry: ['contactAddress', 'postQuarantineAddress', 'destination'],
    movement: ['address', 'origin', 'destination'],
  };
  for (const key of keys[name] ?? []) {
    const codes = record[key] as Codes | undefined;
    if (codes !== undefined)
      out.push({ path: [key], codes: { provinceCode: codes.provinceCode, districtCode: codes.districtCode, wardCode: codes.wardCode } });
  }
  if (name === 'domestic') {
    (value as DeclarationTypes['domestic']).travel?.forEach((place, i) => {
      if (place.kind === 'province') out.push({ path: ['travel', i], codes: { provinceCode: place.provinceCode } });
    });
  }
  return out;
}

/**
 * Checks that the province, district and ward codes of a validated declaration exist on its
 * declaration date (domestic, entry and movement declarations; other kinds have no address).
 *
 * @param name - the declaration kind.
 * @param declaration - a declaration that passed its schema.
 * @param options - the locale of the messages (default Vietnamese) and the date (default the declaration date).
 * @returns the issues (`declaration/unknown-admin-unit`, with vn-admin's code as `reason`); empty when all codes exist.
 * @example
 * ```ts
 * const issues = await checkAdministrativeUnits('domestic', declaration); // [] for province 24 in 2021 (Bắc Giang)
 * ```
 */
export async function checkAdministrativeUnits<K extends DeclarationName>(
  name: K,
  declaration: DeclarationTypes[K],
  options: { locale?: DeclarationLocale | undefined; date?: string | undefined } = {},
): Promise<DeclarationIssue[]> {
  const locale = options.locale ?? viBase;
  const record = declaration as unknown as Record<string, unknown>;
  const date = options.date ?? (record.declarationDate as string | undefined) ?? (record.date as string | undefined);
  const issues: DeclarationIssue[] = [];
  for (const { path, codes } of addressesOf(name, declaration)) {
    const result = await validateAddress(
      Object.fromEntries(Object.entries(codes).filter(([, v]) => v !== undefined)) as Codes,
      date === undefined ? {} : { date },
    );
    if (result.ok) continue;
    for (const issue of result.issues) {
      const fullPath = [...path, ...issue.path];
      const field = fieldLabel(locale, fullPath, name);
      const message = locale.messages['declaration/unknown-admin-unit']({ field });
      issues.push({ code: 'declaration/unknown-admin-unit', path: fullPath, field, message, reason: issue.code });
    }
  }
  return issues;
}
