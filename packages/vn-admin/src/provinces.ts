/**
 * `@healthtrace/vn-admin/provinces`: the 63 pre-2025 and 34 current provinces, the province-level
 * old → new mapping, search and validation. Small enough for a browser bundle (no district or ward data).
 *
 * @packageDocumentation
 */
import { schemeAt } from './dates/scheme';
import { PROVINCE_SUCCESSORS_DATA, PROVINCES_2025_DATA, PROVINCES_PRE2025_DATA } from './generated/provinces';
import { describeCode } from './model/describe';
import type { AddressIssue, AdminScheme, Province, ProvinceType } from './model/types';
import { checkLimit, rankMatches, type Searchable } from './search/rank';
import { foldVietnamese, removeDiacritics } from './text/fold';

export { MERGER_DATE, schemeAt, vietnamDate } from './dates/scheme';
export type {
  AddressCodes,
  AddressIssue,
  AddressValidation,
  AdminScheme,
  AdminUnit,
  District,
  DistrictType,
  Province,
  ProvinceType,
  Ward2025,
  WardPre2025,
  WardType2025,
  WardTypePre2025,
} from './model/types';
export { foldVietnamese, removeDiacritics } from './text/fold';

interface ProvinceTable {
  readonly list: readonly Province[];
  readonly byCode: ReadonlyMap<string, Province>;
  readonly searchable: readonly Searchable<Province>[];
}

const tables: Partial<Record<AdminScheme, ProvinceTable>> = {};

function parseProvinces(data: string, scheme: AdminScheme): ProvinceTable {
  const list = data.split('|').map((entry): Province => {
    const code = entry.slice(0, 2);
    const city = entry[2] === 'C';
    const shortName = entry.slice(3);
    const type: ProvinceType = city ? 'Thành phố Trung ương' : 'Tỉnh';
    const name = `${city ? 'Thành phố' : 'Tỉnh'} ${shortName}`;
    return Object.freeze({
      scheme,
      level: 'province',
      code,
      name,
      shortName,
      nameAscii: removeDiacritics(name),
      shortNameAscii: removeDiacritics(shortName),
      type,
    });
  });
  return {
    list: Object.freeze(list),
    byCode: new Map(list.map((p) => [p.code, p])),
    searchable: list.map((p) => ({ item: p, keys: [foldVietnamese(p.shortName), foldVietnamese(p.name)] })),
  };
}

function table(scheme: AdminScheme): ProvinceTable {
  if (scheme !== 'pre2025' && scheme !== '2025') throw new RangeError(`scheme must be "pre2025" or "2025", got ${describeCode(scheme)}`);
  let t = tables[scheme];
  if (!t) {
    t = parseProvinces(scheme === '2025' ? PROVINCES_2025_DATA : PROVINCES_PRE2025_DATA, scheme);
    tables[scheme] = t;
  }
  return t;
}

/**
 * Every province of a scheme, in official code order.
 *
 * @param scheme - `"pre2025"` (63 provinces) or `"2025"` (34 provinces).
 * @returns the provinces (frozen).
 * @throws RangeError for an unknown scheme.
 * @example
 * ```ts
 * listProvinces('2025').length; // 34
 * ```
 */
export function listProvinces(scheme: AdminScheme): readonly Province[] {
  return table(scheme).list;
}

/**
 * Looks a province up by its 2-digit code in one scheme.
 *
 * @param code - 2-digit code, e.g. `"24"`.
 * @param scheme - the code scheme; the same code can mean another province in the other scheme.
 * @returns the province, or `undefined`.
 * @throws RangeError for an unknown scheme.
 * @example
 * ```ts
 * getProvince('24', 'pre2025')?.name; // "Tỉnh Bắc Giang"
 * getProvince('24', '2025')?.name; // "Tỉnh Bắc Ninh"
 * ```
 */
export function getProvince(code: string, scheme: AdminScheme): Province | undefined {
  return typeof code === 'string' ? table(scheme).byCode.get(code) : undefined;
}

/**
 * Whether a string is a province code of a scheme.
 *
 * @param code - candidate code (any value is accepted).
 * @param scheme - the code scheme.
 * @returns `true` when the code names a province in that scheme.
 * @throws RangeError for an unknown scheme.
 * @example
 * ```ts
 * isProvinceCode('27', 'pre2025'); // true (old Bắc Ninh)
 * isProvinceCode('27', '2025'); // false
 * ```
 */
export function isProvinceCode(code: unknown, scheme: AdminScheme): boolean {
  return typeof code === 'string' && table(scheme).byCode.has(code);
}

let successors: ReadonlyMap<string, string> | undefined;
function successorCodes(): ReadonlyMap<string, string> {
  if (!successors) {
    const map = new Map<string, string>();
    for (let i = 0; i < PROVINCE_SUCCESSORS_DATA.length; i += 4) {
      map.set(PROVINCE_SUCCESSORS_DATA.slice(i, i + 2), PROVINCE_SUCCESSORS_DATA.slice(i + 2, i + 4));
    }
    successors = map;
  }
  return successors;
}

/**
 * The 2025 province a pre-2025 province became part of (every old province maps to exactly one).
 *
 * @param oldCode - pre-2025 province code, e.g. `"24"` (Bắc Giang).
 * @returns the 2025 province (e.g. code `"24"`, Bắc Ninh), or `undefined` for an unknown code.
 * @example
 * ```ts
 * provinceSuccessor('27')?.code; // "24" (old Bắc Ninh is part of the new Bắc Ninh)
 * ```
 */
export function provinceSuccessor(oldCode: string): Province | undefined {
  const code = typeof oldCode === 'string' ? successorCodes().get(oldCode) : undefined;
  return code === undefined ? undefined : getProvince(code, '2025');
}

/**
 * The pre-2025 provinces merged into a 2025 province.
 *
 * @param newCode - 2025 province code.
 * @returns the old provinces, in code order (empty for an unknown code).
 * @example
 * ```ts
 * provincePredecessors('24').map((p) => p.shortName); // ["Bắc Giang", "Bắc Ninh"]
 * ```
 */
export function provincePredecessors(newCode: string): readonly Province[] {
  const result: Province[] = [];
  for (const [oldCode, code] of successorCodes()) {
    if (code === newCode) result.push(getProvince(oldCode, 'pre2025')!);
  }
  return result;
}

/** Options of the search functions. */
export interface SearchOptions {
  /** Code scheme to search; defaults to the scheme in force at `date`, or today. */
  readonly scheme?: AdminScheme | undefined;
  /** ISO date (or Date) selecting the scheme when `scheme` is not given. */
  readonly date?: string | Date | undefined;
  /** Maximum number of results (default 20). */
  readonly limit?: number | undefined;
}

/**
 * Resolves the scheme of {@link SearchOptions}.
 *
 * @param options - `scheme`, or `date`, or neither (today).
 * @returns the scheme.
 * @throws RangeError for an invalid date or scheme.
 * @example
 * ```ts
 * resolveScheme({ date: '2021-05-20' }); // "pre2025"
 * ```
 */
export function resolveScheme(
  options: { readonly scheme?: AdminScheme | undefined; readonly date?: string | Date | undefined } = {},
): AdminScheme {
  if (options.scheme !== undefined) {
    table(options.scheme);
    return options.scheme;
  }
  return schemeAt(options.date ?? new Date());
}

/**
 * Diacritics-insensitive province search (đ = d, case and spacing ignored): exact names first, then
 * prefixes, then word and substring matches. A 2-digit code finds that province.
 *
 * @param text - the query, e.g. `"bac giang"` or `"Đà Nẵng"`.
 * @param options - scheme or date, and a result limit.
 * @returns matching provinces, best first.
 * @throws TypeError if `text` is not a string; RangeError for a bad scheme, date or limit.
 * @example
 * ```ts
 * searchProvinces('bac giang', { date: '2021-05-20' })[0]?.code; // "24"
 * ```
 */
export function searchProvinces(text: string, options: SearchOptions = {}): Province[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const scheme = resolveScheme(options);
  const limit = checkLimit(options.limit);
  const byCode = getProvince(text.trim(), scheme);
  if (byCode) return [byCode];
  return rankMatches(table(scheme).searchable, text, limit).map((m) => m.item);
}

/**
 * Explains a province code that is unknown in `scheme` but exists in the other one.
 *
 * @param code - the province code (any value).
 * @param scheme - the scheme it was checked against.
 * @returns an English issue for the `provinceCode` field.
 * @example
 * ```ts
 * provinceIssue('27', '2025').message; // "province code 27 does not exist from 2025-07-01 (it was Tỉnh Bắc Ninh, now part of 24 Tỉnh Bắc Ninh)"
 * ```
 */
export function provinceIssue(code: unknown, scheme: AdminScheme): AddressIssue {
  const shown = describeCode(code);
  if (scheme === '2025') {
    const old = getProvince(code as string, 'pre2025');
    const now = old && provinceSuccessor(code as string);
    const hint = old && now ? ` (it was ${old.name}, now part of ${now.code} ${now.name})` : '';
    return {
      code: 'vn-admin/unknown-province',
      path: ['provinceCode'],
      message: `province code ${shown} does not exist from 2025-07-01${hint}`,
    };
  }
  const now = getProvince(code as string, '2025');
  const hint = now ? ` (${now.code} is ${now.name} only from 2025-07-01)` : '';
  return {
    code: 'vn-admin/unknown-province',
    path: ['provinceCode'],
    message: `province code ${shown} did not exist before 2025-07-01${hint}`,
  };
}
