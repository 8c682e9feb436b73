/**
 * `@healthtrace/vn-admin`: Vietnamese administrative units before and after the 1 July 2025 merger
 * (63 provinces / three tiers → 34 provinces / two tiers), with the old → new mapping.
 *
 * This entry holds the province data and loads districts, communes and the mapping lazily (dynamic
 * `import()`), so importing it costs a browser bundle only the provinces until a lookup needs more.
 * Synchronous APIs live in the subpath entries: `/provinces`, `/wards-2025`, `/pre-2025`, `/mapping`.
 *
 * Data: © 2025 dvhcvn (https://github.com/dvhcvn/20250701), MIT License; derived from official
 * GSO/NSO lists and UBTVQH resolutions.
 *
 * @packageDocumentation
 */
import type { ConvertedAddress } from './mapping';
import type { AddressCodes, AddressValidation, AdminScheme, AdminUnit, District, Province } from './model/types';
import type { AddressPre2025 } from './pre-2025';
import { getProvince, listProvinces, resolveScheme, type SearchOptions } from './provinces';
import { checkLimit, matchScore, rankMatches } from './search/rank';
import { foldVietnamese } from './text/fold';
import type { Address2025 } from './wards-2025';

export type { ConvertedAddress, MergeType, WardPredecessor, WardSuccessor } from './mapping';
export type { AddressPre2025 } from './pre-2025';
export * from './provinces';
export type { Address2025 } from './wards-2025';

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/vn-admin' as const;

/**
 * Loads the 2025 communes entry (`@healthtrace/vn-admin/wards-2025`).
 *
 * @returns the module.
 * @example
 * ```ts
 * const { getWard2025 } = await loadWards2025();
 * ```
 */
export function loadWards2025(): Promise<typeof import('./wards-2025')> {
  return import('./wards-2025');
}

/**
 * Loads the pre-2025 districts and communes entry (`@healthtrace/vn-admin/pre-2025`).
 *
 * @returns the module.
 * @example
 * ```ts
 * const { getDistrictPre2025 } = await loadPre2025();
 * ```
 */
export function loadPre2025(): Promise<typeof import('./pre-2025')> {
  return import('./pre-2025');
}

/**
 * Loads the old → new mapping entry (`@healthtrace/vn-admin/mapping`; it also loads both unit lists).
 *
 * @returns the module.
 * @example
 * ```ts
 * const { wardSuccessors } = await loadMapping();
 * ```
 */
export function loadMapping(): Promise<typeof import('./mapping')> {
  return import('./mapping');
}

/** One search result of {@link findUnits}. */
export interface UnitMatch {
  /** The unit. */
  readonly unit: AdminUnit;
  /** Match quality: 100 exact name, 80 prefix, 60 word, 40 substring (of the first query part). */
  readonly score: number;
  /** Readable full path, e.g. `"Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"`. */
  readonly path: string;
}

const LEVEL_ORDER = { province: 0, district: 1, ward: 2 } as const;

/**
 * Diacritics-insensitive search (đ = d, case and spacing ignored) over the provinces, districts and
 * communes of the scheme in force on `date` (default today). A comma-separated query narrows by parents:
 * `"phuc xa, ba dinh, ha noi"` finds communes named like "Phúc Xá" in a district/province named like the rest.
 * A numeric code finds the unit with that code.
 *
 * @param text - the query.
 * @param options - `date` (ISO date or Date) or `scheme`, and `limit` (default 20).
 * @returns matches, best first (provinces before districts before communes on equal scores).
 * @throws TypeError if `text` is not a string; RangeError for a bad date, scheme or limit.
 * @example
 * ```ts
 * (await findUnits('bac giang', { date: '2021-05-20' }))[0]?.unit.code; // "24" (the province, in 2021)
 * (await findUnits('bac giang', { date: '2026-01-01' }))[0]?.unit.name; // "Phường Bắc Giang"
 * ```
 */
export async function findUnits(text: string, options: SearchOptions = {}): Promise<UnitMatch[]> {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const scheme = resolveScheme(options);
  const limit = checkLimit(options.limit);
  const [first = '', ...parents] = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const all = Number.MAX_SAFE_INTEGER;
  let hits: { item: AdminUnit; score: number }[];
  let districtOf: (code: string) => District | undefined = () => undefined;
  if (scheme === '2025') {
    const wards = await loadWards2025();
    hits = [
      ...provinceHits(first, scheme),
      ...wards.searchWards2025(first, { limit: all }).map((w) => ({ item: w, score: scoreOf(first, w) })),
    ];
  } else {
    const pre = await loadPre2025();
    districtOf = pre.getDistrictPre2025;
    hits = [
      ...provinceHits(first, scheme),
      ...pre.searchPre2025(first, { limit: all }).map((u) => ({ item: u, score: scoreOf(first, u) })),
    ];
  }
  const matches: UnitMatch[] = [];
  for (const hit of hits) {
    const ancestors = ancestorsOf(hit.item, scheme, districtOf);
    const parentKeys = ancestors.flatMap((a) => [foldVietnamese(a.name), foldVietnamese(a.level === 'province' ? a.shortName : a.name)]);
    if (!parents.every((p) => parentKeys.some((key) => matchScore(foldVietnamese(p), key) > 0))) continue;
    matches.push({ unit: hit.item, score: hit.score, path: [hit.item, ...ancestors].map((u) => u.name).join(', ') });
  }
  matches.sort((a, b) => b.score - a.score || LEVEL_ORDER[a.unit.level] - LEVEL_ORDER[b.unit.level]);
  return matches.slice(0, limit);
}

function provinceHits(text: string, scheme: AdminScheme): { item: AdminUnit; score: number }[] {
  const byCode = getProvince(text, scheme);
  if (byCode) return [{ item: byCode, score: 100 }];
  const searchable = listProvinces(scheme).map((p) => ({ item: p, keys: [foldVietnamese(p.shortName), foldVietnamese(p.name)] }));
  return rankMatches(searchable, text, Number.MAX_SAFE_INTEGER);
}

function scoreOf(text: string, unit: AdminUnit): number {
  if (unit.code === text) return 100;
  const query = foldVietnamese(text);
  const full = foldVietnamese(unit.name);
  const keys = [full, full.slice(foldVietnamese(unit.type).length + 1)];
  if ('altName' in unit && unit.altName) keys.push(foldVietnamese(unit.altName));
  return Math.max(...keys.map((k) => matchScore(query, k)));
}

function ancestorsOf(unit: AdminUnit, scheme: AdminScheme, districtOf: (code: string) => District | undefined): (District | Province)[] {
  if (unit.level === 'province') return [];
  const province = getProvince(unit.provinceCode, scheme);
  const district = unit.level === 'ward' && unit.scheme === 'pre2025' ? districtOf(unit.districtCode) : undefined;
  return [...(district ? [district] : []), ...(province ? [province] : [])];
}

/**
 * Looks a unit up by code in the scheme in force on `date`: 2 digits → province, 3 → district
 * (pre-2025 only), 5 → commune.
 *
 * @param code - the code.
 * @param options - `date` or `scheme` (default: today's scheme).
 * @returns the unit, or `undefined`.
 * @throws RangeError for a bad date or scheme.
 * @example
 * ```ts
 * (await lookupUnit('07210', { date: '2021-05-20' }))?.name; // "Phường Hoàng Văn Thụ"
 * (await lookupUnit('07210', { date: '2025-07-01' }))?.name; // "Phường Bắc Giang"
 * ```
 */
export async function lookupUnit(code: string, options: Pick<SearchOptions, 'date' | 'scheme'> = {}): Promise<AdminUnit | undefined> {
  const scheme = resolveScheme(options);
  if (typeof code !== 'string') return undefined;
  if (/^\d{2}$/.test(code)) return getProvince(code, scheme);
  if (/^\d{3}$/.test(code)) return scheme === 'pre2025' ? (await loadPre2025()).getDistrictPre2025(code) : undefined;
  if (/^\d{5}$/.test(code)) {
    return scheme === 'pre2025' ? (await loadPre2025()).getWardPre2025(code) : (await loadWards2025()).getWard2025(code);
  }
  return undefined;
}

/**
 * Validates an address against the scheme in force on `date` (the date of the declaration): a 2021
 * declaration must use pre-2025 codes (province, district, ward), a declaration from 2025-07-01 the new
 * two-tier codes (province, ward).
 *
 * @param address - the codes.
 * @param options - `date` (default today) or `scheme`.
 * @returns `{ ok: true, value }` with the units, or `{ ok: false, issues }` with stable codes and hints
 *   (e.g. province 24 in 2021 is Bắc Giang; after the merger 27 no longer exists).
 * @throws RangeError for a bad date or scheme.
 * @example
 * ```ts
 * (await validateAddress({ provinceCode: '24', districtCode: '213' }, { date: '2021-05-20' })).ok; // true
 * (await validateAddress({ provinceCode: '24', districtCode: '213' }, { date: '2025-08-01' })).ok; // false: districts abolished
 * ```
 */
export async function validateAddress(
  address: AddressCodes,
  options: Pick<SearchOptions, 'date' | 'scheme'> = {},
): Promise<AddressValidation<AddressPre2025 | Address2025>> {
  const scheme = resolveScheme(options);
  return scheme === 'pre2025'
    ? (await loadPre2025()).validateAddressPre2025(address)
    : (await loadWards2025()).validateAddress2025(address);
}

/**
 * Converts a pre-2025 address to the 2025 scheme (see `convertAddressToCurrent` in `/mapping`).
 *
 * @param address - pre-2025 codes.
 * @returns the candidates in the 2025 scheme, or the validation issues of the old address.
 * @example
 * ```ts
 * const r = await convertAddress({ provinceCode: '24', districtCode: '213', wardCode: '07210' });
 * if (r.ok) r.value.wards.map((w) => w.ward.name);
 * ```
 */
export async function convertAddress(address: AddressCodes): Promise<AddressValidation<ConvertedAddress>> {
  return (await loadMapping()).convertAddressToCurrent(address);
}
