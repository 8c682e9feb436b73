/**
 * Administrative units of the aggregates: always 2025 codes. Codes stored by other areas are
 * normalised here: a 2025 ward code is kept, a pre-2025 commune code is mapped to its (first)
 * 2025 successor with `@healthtrace/vn-admin`.
 */

import { wardSuccessors } from '@healthtrace/vn-admin/mapping';
import { getProvince, listProvinces } from '@healthtrace/vn-admin/provinces';
import { getWard2025, listWards2025, wardsOfProvince2025 } from '@healthtrace/vn-admin/wards-2025';

/** Aggregation level. */
export type AggregateLevel = 'province' | 'ward';

/** A unit rows are published for. */
export interface AggregateUnit {
  /** 2025 province (2 digits) or ward (5 digits) code. */
  code: string;
  /** Official name. */
  name: string;
}

/**
 * The 2025 ward of a stored ward code (2025 codes first; otherwise a pre-2025 code mapped to its
 * first successor — a split commune cannot be placed more precisely without the address).
 *
 * @param code - a stored 5-digit ward code, or `null`.
 * @returns the 2025 ward and province codes, or `undefined` when unknown.
 * @example
 * ```ts
 * currentWardOf('00004'); // { ward: '00004', province: '01' }
 * ```
 */
export function currentWardOf(code: string | null | undefined): { ward: string; province: string } | undefined {
  if (typeof code !== 'string') return undefined;
  const current = getWard2025(code);
  if (current) return { ward: current.code, province: current.provinceCode };
  const next = wardSuccessors(code)[0]?.ward;
  return next ? { ward: next.code, province: next.provinceCode } : undefined;
}

/**
 * The units rows are published for: every 2025 province, or every 2025 ward (of one province
 * when `province` is given).
 *
 * @param level - `province` or `ward`.
 * @param province - a 2025 province code to restrict to, or `undefined`.
 * @returns the units, in code order.
 * @example
 * ```ts
 * unitsOf('province', undefined).length; // 34
 * ```
 */
export function unitsOf(level: AggregateLevel, province: string | undefined): AggregateUnit[] {
  if (level === 'province') {
    const list = province === undefined ? listProvinces('2025') : [getProvince(province, '2025')].filter((p) => p !== undefined);
    return list.map((p) => ({ code: p.code, name: p.name }));
  }
  const wards = province === undefined ? listWards2025() : wardsOfProvince2025(province);
  return wards.map((w) => ({ code: w.code, name: w.name }));
}
