/**
 * Ward codes for filters and aggregates are always 2025 codes: a ward code of a declaration dated
 * before 1 July 2025 is mapped through `@healthtrace/vn-admin`'s old → new table.
 */
import { wardSuccessors } from '@healthtrace/vn-admin/mapping';
import { getWard2025 } from '@healthtrace/vn-admin/wards-2025';

/** A 2025 ward and its province. */
export interface CurrentWard {
  /** 5-digit 2025 ward code. */
  wardCode: string;
  /** 2-digit 2025 province code. */
  provinceCode: string;
}

/**
 * The 2025 ward of a ward code. A pre-2025 commune that went wholly into one new commune maps to
 * it; a split commune maps to the first listed successor (the mapping does not say which part an
 * address is in — aggregates accept that imprecision, the encrypted address keeps the truth).
 *
 * @param code - the ward code as declared.
 * @param pre2025 - whether `code` is in the pre-2025 scheme.
 * @returns the 2025 ward, or `null` when unknown.
 * @example
 * ```ts
 * currentWard('00001', true); // { wardCode: '00097', provinceCode: '01' }
 * ```
 */
export function currentWard(code: string | null, pre2025: boolean): CurrentWard | null {
  if (code === null) return null;
  if (pre2025) {
    const next = wardSuccessors(code)[0];
    return next ? { wardCode: next.ward.code, provinceCode: next.ward.provinceCode } : null;
  }
  const ward = getWard2025(code);
  return ward ? { wardCode: ward.code, provinceCode: ward.provinceCode } : null;
}
