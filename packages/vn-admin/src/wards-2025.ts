/**
 * `@healthtrace/vn-admin/wards-2025`: the 3,321 communes (phường, xã, đặc khu) of the two-tier system in
 * force from 1 July 2025, with lookup, search and address validation. Import it only where needed: it is
 * the largest browser-relevant entry (see the README for its size).
 *
 * @packageDocumentation
 */
import { WARDS_2025_DATA } from './generated/wards-2025';
import { decodeRow } from './model/decode';
import { describeCode, isGiven } from './model/describe';
import type { AddressCodes, AddressIssue, AddressValidation, Province, Ward2025, WardType2025 } from './model/types';
import { getProvince, provinceIssue, type SearchOptions } from './provinces';
import { checkLimit, rankMatches, type Searchable } from './search/rank';
import { foldVietnamese, removeDiacritics } from './text/fold';

const TYPES: Readonly<Record<string, WardType2025>> = { P: 'Phường', X: 'Xã', D: 'Đặc khu' };

interface WardTable {
  readonly list: readonly Ward2025[];
  readonly byCode: ReadonlyMap<string, Ward2025>;
  readonly byProvince: ReadonlyMap<string, readonly Ward2025[]>;
}

let cached: WardTable | undefined;
let searchable: readonly Searchable<Ward2025>[] | undefined;

/** Search keys of every commune, built on the first search only (lookups do not need them). */
function searchableWards(): readonly Searchable<Ward2025>[] {
  if (!searchable) {
    searchable = wardTable().list.map((w) => {
      const full = foldVietnamese(w.name);
      return { item: w, keys: [full.slice(foldVietnamese(w.type).length + 1), full] };
    });
  }
  return searchable;
}

function wardTable(): WardTable {
  if (cached) return cached;
  const list: Ward2025[] = [];
  const byProvince = new Map<string, readonly Ward2025[]>();
  for (const row of WARDS_2025_DATA) {
    const { parent, entries } = decodeRow(row, 5, TYPES);
    const wards = entries.map(
      (e): Ward2025 =>
        Object.freeze({
          scheme: '2025',
          level: 'ward',
          code: e.code,
          name: e.name,
          nameAscii: removeDiacritics(e.name),
          type: TYPES[e.letter]!,
          provinceCode: parent,
        }),
    );
    byProvince.set(parent, Object.freeze(wards));
    list.push(...wards);
  }
  cached = {
    list: Object.freeze(list),
    byCode: new Map(list.map((w) => [w.code, w])),
    byProvince,
  };
  return cached;
}

/**
 * Every 2025 commune, grouped by province in code order of the source.
 *
 * @returns the 3,321 communes (frozen).
 * @example
 * ```ts
 * listWards2025().length; // 3321
 * ```
 */
export function listWards2025(): readonly Ward2025[] {
  return wardTable().list;
}

/**
 * Looks a 2025 commune up by its 5-digit code. Many codes were also pre-2025 codes with another meaning:
 * use this only for codes recorded on or after 2025-07-01.
 *
 * @param code - 5-digit code, e.g. `"07210"`.
 * @returns the commune, or `undefined`.
 * @example
 * ```ts
 * getWard2025('07210')?.name; // "Phường Bắc Giang"
 * ```
 */
export function getWard2025(code: string): Ward2025 | undefined {
  return typeof code === 'string' ? wardTable().byCode.get(code) : undefined;
}

/**
 * The communes of a 2025 province.
 *
 * @param provinceCode - 2025 province code.
 * @returns its communes (empty for an unknown code).
 * @example
 * ```ts
 * wardsOfProvince2025('24').length; // communes of the merged Bắc Ninh
 * ```
 */
export function wardsOfProvince2025(provinceCode: string): readonly Ward2025[] {
  return wardTable().byProvince.get(provinceCode) ?? [];
}

/**
 * Diacritics-insensitive search over the 2025 communes (with or without the type word: `"bac giang"`,
 * `"phuong bac giang"`); a 5-digit code finds that commune.
 *
 * @param text - the query.
 * @param options - `limit` (default 20) and optionally `provinceCode` to search one province.
 * @returns matching communes, best first.
 * @throws TypeError if `text` is not a string; RangeError for a bad limit.
 * @example
 * ```ts
 * searchWards2025('Bắc Giang')[0]?.code; // "07210"
 * ```
 */
export function searchWards2025(
  text: string,
  options: Pick<SearchOptions, 'limit'> & { readonly provinceCode?: string | undefined } = {},
): Ward2025[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const limit = checkLimit(options.limit);
  const byCode = getWard2025(text.trim());
  if (byCode && (options.provinceCode === undefined || byCode.provinceCode === options.provinceCode)) return [byCode];
  const all = searchableWards();
  const pool = options.provinceCode === undefined ? all : all.filter((s) => s.item.provinceCode === options.provinceCode);
  return rankMatches(pool, text, limit).map((m) => m.item);
}

/** A validated 2025 address. */
export interface Address2025 {
  /** Always `"2025"`. */
  readonly scheme: '2025';
  /** The province. */
  readonly province: Province;
  /** The commune, or `null` when no ward code was given. */
  readonly ward: Ward2025 | null;
}

/**
 * Validates an address in the 2025 scheme: the province exists, the ward exists and lies in it, and no
 * district is given (districts were abolished on 2025-07-01).
 *
 * @param address - province code, optional ward code (a district code is an error; `undefined`, `null` or `""` = not given).
 * @returns `{ ok: true, value }` with the units, or `{ ok: false, issues }` with stable codes
 *   (`vn-admin/unknown-province`, `vn-admin/district-abolished`, `vn-admin/unknown-ward`, `vn-admin/ward-not-in-province`).
 * @example
 * ```ts
 * validateAddress2025({ provinceCode: '24', wardCode: '07210' }).ok; // true
 * validateAddress2025({ provinceCode: '27' }); // not ok: 27 was old Bắc Ninh, now part of 24
 * ```
 */
export function validateAddress2025(address: AddressCodes): AddressValidation<Address2025> {
  const issues: AddressIssue[] = [];
  const codes = (typeof address === 'object' && address !== null ? address : {}) as Partial<AddressCodes>;
  const province = getProvince(codes.provinceCode as string, '2025');
  if (!province) issues.push(provinceIssue(codes.provinceCode, '2025'));
  if (isGiven(codes.districtCode)) {
    issues.push({
      code: 'vn-admin/district-abolished',
      path: ['districtCode'],
      message: 'districts do not exist from 2025-07-01; give only province and ward',
    });
  }
  let ward: Ward2025 | null = null;
  if (isGiven(codes.wardCode)) {
    ward = getWard2025(codes.wardCode as string) ?? null;
    if (!ward) {
      issues.push({
        code: 'vn-admin/unknown-ward',
        path: ['wardCode'],
        message: `ward code ${describeCode(codes.wardCode)} does not exist from 2025-07-01`,
      });
    } else if (province && ward.provinceCode !== province.code) {
      issues.push({
        code: 'vn-admin/ward-not-in-province',
        path: ['wardCode'],
        message: `${ward.name} (${ward.code}) is not in ${province.name}`,
      });
    }
  }
  return issues.length > 0 || !province ? { ok: false, issues } : { ok: true, value: { scheme: '2025', province, ward } };
}
