/**
 * `@healthtrace/vn-admin/pre-2025`: the 696 districts and 10,047 communes of the three-tier system in force
 * until 30 June 2025 (GSO codes, as used in 2021 records), with lookup, search and address validation.
 *
 * @packageDocumentation
 */
import { DISTRICTS_PRE2025_DATA, WARDS_PRE2025_DATA } from './generated/pre-2025';
import { decodeRow } from './model/decode';
import { describeCode, isGiven } from './model/describe';
import type {
  AddressCodes,
  AddressIssue,
  AddressValidation,
  District,
  DistrictType,
  Province,
  WardPre2025,
  WardTypePre2025,
} from './model/types';
import { getProvince, provinceIssue, type SearchOptions } from './provinces';
import { checkLimit, rankMatches, type Searchable } from './search/rank';
import { foldVietnamese, removeDiacritics } from './text/fold';

const DISTRICT_TYPES: Readonly<Record<string, DistrictType>> = { Q: 'Quận', H: 'Huyện', X: 'Thị xã', T: 'Thành phố' };
const WARD_TYPES: Readonly<Record<string, WardTypePre2025>> = { P: 'Phường', X: 'Xã', T: 'Thị trấn' };

interface Pre2025Table {
  readonly districts: readonly District[];
  readonly districtByCode: ReadonlyMap<string, District>;
  readonly districtsByProvince: ReadonlyMap<string, readonly District[]>;
  readonly wards: readonly WardPre2025[];
  readonly wardByCode: ReadonlyMap<string, WardPre2025>;
  readonly wardsByDistrict: ReadonlyMap<string, readonly WardPre2025[]>;
}

let cached: Pre2025Table | undefined;
let searchable: readonly Searchable<District | WardPre2025>[] | undefined;

/** Search keys of every district and commune, built on the first search only (lookups do not need them). */
function searchableUnits(): readonly Searchable<District | WardPre2025>[] {
  if (!searchable) {
    const table = pre2025Table();
    searchable = [
      ...table.districts.map((d) => ({ item: d, keys: keysOf(d.name, d.type) })),
      ...table.wards.map((w) => ({ item: w, keys: keysOf(w.name, w.type, w.altName) })),
    ];
  }
  return searchable;
}

/** Search keys of a unit: the name without its type word, the full name, and an alternative spelling. */
function keysOf(name: string, type: string, altName: string | null = null): string[] {
  const full = foldVietnamese(name);
  const keys = [full.slice(foldVietnamese(type).length + 1), full];
  if (altName) keys.push(foldVietnamese(altName));
  return keys;
}

function pre2025Table(): Pre2025Table {
  if (cached) return cached;
  const districts: District[] = [];
  const districtsByProvince = new Map<string, readonly District[]>();
  for (const row of DISTRICTS_PRE2025_DATA) {
    const { parent, entries } = decodeRow(row, 3, DISTRICT_TYPES);
    const list = entries.map(
      (e): District =>
        Object.freeze({
          scheme: 'pre2025',
          level: 'district',
          code: e.code,
          name: e.name,
          nameAscii: removeDiacritics(e.name),
          type: DISTRICT_TYPES[e.letter]!,
          provinceCode: parent,
          hasNoWards: e.flagged,
        }),
    );
    districtsByProvince.set(parent, Object.freeze(list));
    districts.push(...list);
  }
  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  const wards: WardPre2025[] = [];
  const wardsByDistrict = new Map<string, readonly WardPre2025[]>();
  for (const row of WARDS_PRE2025_DATA) {
    const { parent, entries } = decodeRow(row, 5, WARD_TYPES);
    const provinceCode = districtByCode.get(parent)!.provinceCode;
    const list = entries.map(
      (e): WardPre2025 =>
        Object.freeze({
          scheme: 'pre2025',
          level: 'ward',
          code: e.code,
          name: e.name,
          nameAscii: removeDiacritics(e.name),
          type: WARD_TYPES[e.letter]!,
          districtCode: parent,
          provinceCode,
          altName: e.altName,
        }),
    );
    wardsByDistrict.set(parent, Object.freeze(list));
    wards.push(...list);
  }
  cached = {
    districts: Object.freeze(districts),
    districtByCode,
    districtsByProvince,
    wards: Object.freeze(wards),
    wardByCode: new Map(wards.map((w) => [w.code, w])),
    wardsByDistrict,
  };
  return cached;
}

/**
 * Every pre-2025 district, grouped by province.
 *
 * @returns the 696 districts (frozen).
 * @example
 * ```ts
 * listDistrictsPre2025().length; // 696
 * ```
 */
export function listDistrictsPre2025(): readonly District[] {
  return pre2025Table().districts;
}

/**
 * Every pre-2025 commune, grouped by district.
 *
 * @returns the 10,047 communes (frozen).
 * @example
 * ```ts
 * listWardsPre2025().length; // 10047
 * ```
 */
export function listWardsPre2025(): readonly WardPre2025[] {
  return pre2025Table().wards;
}

/**
 * Looks a pre-2025 district up by its 3-digit GSO code.
 *
 * @param code - e.g. `"213"` (Thành phố Bắc Giang).
 * @returns the district, or `undefined`.
 * @example
 * ```ts
 * getDistrictPre2025('001')?.name; // "Quận Ba Đình"
 * ```
 */
export function getDistrictPre2025(code: string): District | undefined {
  return typeof code === 'string' ? pre2025Table().districtByCode.get(code) : undefined;
}

/**
 * Looks a pre-2025 commune up by its 5-digit GSO code.
 *
 * @param code - e.g. `"07210"` (Phường Hoàng Văn Thụ before 2025; the code means another unit since).
 * @returns the commune, or `undefined`.
 * @example
 * ```ts
 * getWardPre2025('00001')?.name; // "Phường Phúc Xá"
 * ```
 */
export function getWardPre2025(code: string): WardPre2025 | undefined {
  return typeof code === 'string' ? pre2025Table().wardByCode.get(code) : undefined;
}

/**
 * The districts of a pre-2025 province.
 *
 * @param provinceCode - pre-2025 province code.
 * @returns its districts (empty for an unknown code).
 * @example
 * ```ts
 * districtsOfProvincePre2025('24').length; // districts of old Bắc Giang
 * ```
 */
export function districtsOfProvincePre2025(provinceCode: string): readonly District[] {
  return pre2025Table().districtsByProvince.get(provinceCode) ?? [];
}

/**
 * The communes of a pre-2025 district.
 *
 * @param districtCode - 3-digit district code.
 * @returns its communes (empty for an unknown code and for the 5 island districts without communes).
 * @example
 * ```ts
 * wardsOfDistrictPre2025('001')[0]?.name; // "Phường Phúc Xá"
 * ```
 */
export function wardsOfDistrictPre2025(districtCode: string): readonly WardPre2025[] {
  return pre2025Table().wardsByDistrict.get(districtCode) ?? [];
}

/**
 * Diacritics-insensitive search over pre-2025 districts and communes; a 3- or 5-digit code finds that unit.
 *
 * @param text - the query, e.g. `"viet yen"`.
 * @param options - `limit` (default 20), optionally `provinceCode` / `districtCode` to narrow the search.
 * @returns matching districts and communes, best first (districts first on equal scores).
 * @throws TypeError if `text` is not a string; RangeError for a bad limit.
 * @example
 * ```ts
 * searchPre2025('Hoàng Văn Thụ', { provinceCode: '24' })[0]?.code; // "07210"
 * ```
 */
export function searchPre2025(
  text: string,
  options: Pick<SearchOptions, 'limit'> & { readonly provinceCode?: string | undefined; readonly districtCode?: string | undefined } = {},
): (District | WardPre2025)[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const limit = checkLimit(options.limit);
  const inScope = (u: District | WardPre2025): boolean =>
    (options.provinceCode === undefined || u.provinceCode === options.provinceCode) &&
    (options.districtCode === undefined || (u.level === 'district' ? u.code : u.districtCode) === options.districtCode);
  const trimmed = text.trim();
  const byCode = /^\d{3}$/.test(trimmed) ? getDistrictPre2025(trimmed) : getWardPre2025(trimmed);
  if (byCode && inScope(byCode)) return [byCode];
  const all = searchableUnits();
  const pool = options.provinceCode === undefined && options.districtCode === undefined ? all : all.filter((s) => inScope(s.item));
  return rankMatches(pool, text, limit).map((m) => m.item);
}

/** A validated pre-2025 address. */
export interface AddressPre2025 {
  /** Always `"pre2025"`. */
  readonly scheme: 'pre2025';
  /** The province. */
  readonly province: Province;
  /** The district: as given, or the ward's district when only the ward was given; `null` if neither. */
  readonly district: District | null;
  /** The commune, or `null` when no ward code was given. */
  readonly ward: WardPre2025 | null;
}

/**
 * Validates an address in the pre-2025 scheme (as a 2021 declaration records it): the province exists,
 * the district is in the province, the ward is in the district (or in the province when no district is given).
 *
 * @param address - province code, optional district and ward codes (`undefined`, `null` or `""` = not given).
 * @returns `{ ok: true, value }`, or `{ ok: false, issues }` with stable codes (`vn-admin/unknown-province`,
 *   `vn-admin/unknown-district`, `vn-admin/district-not-in-province`, `vn-admin/unknown-ward`,
 *   `vn-admin/ward-not-in-district`, `vn-admin/ward-not-in-province`).
 * @example
 * ```ts
 * validateAddressPre2025({ provinceCode: '24', districtCode: '213', wardCode: '07210' }).ok; // true (Bắc Giang, 2021)
 * ```
 */
export function validateAddressPre2025(address: AddressCodes): AddressValidation<AddressPre2025> {
  const issues: AddressIssue[] = [];
  const codes = (typeof address === 'object' && address !== null ? address : {}) as Partial<AddressCodes>;
  const province = getProvince(codes.provinceCode as string, 'pre2025');
  if (!province) issues.push(provinceIssue(codes.provinceCode, 'pre2025'));
  let district: District | null = null;
  if (isGiven(codes.districtCode)) {
    district = getDistrictPre2025(codes.districtCode as string) ?? null;
    if (!district) {
      issues.push({
        code: 'vn-admin/unknown-district',
        path: ['districtCode'],
        message: `district code ${describeCode(codes.districtCode)} did not exist before 2025-07-01`,
      });
    } else if (province && district.provinceCode !== province.code) {
      issues.push({
        code: 'vn-admin/district-not-in-province',
        path: ['districtCode'],
        message: `${district.name} (${district.code}) is not in ${province.name}`,
      });
    }
  }
  let ward: WardPre2025 | null = null;
  if (isGiven(codes.wardCode)) {
    ward = getWardPre2025(codes.wardCode as string) ?? null;
    if (!ward) {
      issues.push({
        code: 'vn-admin/unknown-ward',
        path: ['wardCode'],
        message: `ward code ${describeCode(codes.wardCode)} did not exist before 2025-07-01`,
      });
    } else if (district && ward.districtCode !== district.code) {
      issues.push({
        code: 'vn-admin/ward-not-in-district',
        path: ['wardCode'],
        message: `${ward.name} (${ward.code}) is not in ${district.name}`,
      });
    } else if (province && ward.provinceCode !== province.code) {
      issues.push({
        code: 'vn-admin/ward-not-in-province',
        path: ['wardCode'],
        message: `${ward.name} (${ward.code}) is not in ${province.name}`,
      });
    }
  }
  if (issues.length > 0 || !province) return { ok: false, issues };
  return {
    ok: true,
    value: { scheme: 'pre2025', province, district: district ?? (ward ? getDistrictPre2025(ward.districtCode)! : null), ward },
  };
}
