/**
 * `@healthtrace/vn-admin/mapping`: the old → new mapping of the 1 July 2025 reorganisation: which 2025
 * communes each pre-2025 commune went into (fully or partly), with the UBTVQH15 resolution, and conversion
 * of whole pre-2025 addresses. Loads both the pre-2025 and the 2025 data.
 *
 * The mapping comes from dvhcvn/20250701 (built with an LLM-assisted pipeline and then checked; high
 * quality but not an official table — the resolutions are). A `partial` transfer does not say which
 * addresses went where: resolving that needs the street address.
 *
 * @packageDocumentation
 */
import { DISTRICT_SUCCESSORS_DATA, RESOLUTIONS_DATA, WARD_SUCCESSORS_DATA } from './generated/mapping';
import type { AddressCodes, AddressValidation, Province, Ward2025, WardPre2025 } from './model/types';
import { type AddressPre2025, getWardPre2025, validateAddressPre2025, wardsOfDistrictPre2025 } from './pre-2025';
import { getProvince, provinceSuccessor } from './provinces';
import { getWard2025 } from './wards-2025';

/** How much of an old unit went into a new one. */
export type MergeType = 'full' | 'partial';

/** One new commune an old unit went into. */
export interface WardSuccessor {
  /** The 2025 commune. */
  readonly ward: Ward2025;
  /** `full`: the whole old unit went into it; `partial`: the old unit was split and only part went here. */
  readonly mergeType: MergeType;
  /** The resolution that decided it, e.g. `"1658/NQ-UBTVQH15"`. */
  readonly resolution: string;
}

/** One old commune that went (fully or partly) into a new commune. */
export interface WardPredecessor {
  /** The pre-2025 commune. */
  readonly ward: WardPre2025;
  /** `full` or `partial`, as in {@link WardSuccessor}. */
  readonly mergeType: MergeType;
}

interface MappingTable {
  readonly successors: ReadonlyMap<string, readonly WardSuccessor[]>;
  readonly predecessors: ReadonlyMap<string, readonly WardPredecessor[]>;
  readonly districts: ReadonlyMap<string, WardSuccessor>;
}

let cached: MappingTable | undefined;

function decodeTargets(text: string, resolutions: ReadonlyMap<string, string>): WardSuccessor[] {
  const targets: WardSuccessor[] = [];
  for (let at = 0; at < text.length; ) {
    const ward = getWard2025(text.slice(at, at + 5))!;
    at += 5;
    const partial = text[at] === '*';
    if (partial) at++;
    targets.push(Object.freeze({ ward, mergeType: partial ? 'partial' : 'full', resolution: resolutions.get(ward.provinceCode)! }));
  }
  return targets;
}

function mappingTable(): MappingTable {
  if (cached) return cached;
  const resolutions = new Map(RESOLUTIONS_DATA.split('|').map((r) => [r.slice(0, 2), r.slice(2)]));
  const successors = new Map<string, readonly WardSuccessor[]>();
  const predecessors = new Map<string, WardPredecessor[]>();
  for (const row of WARD_SUCCESSORS_DATA) {
    for (const entry of row.slice(row.indexOf(':') + 1).split('|')) {
      const oldCode = entry.slice(0, 5);
      const targets = decodeTargets(entry.slice(5), resolutions);
      successors.set(oldCode, Object.freeze(targets));
      const oldWard = getWardPre2025(oldCode)!;
      for (const t of targets) {
        const list = predecessors.get(t.ward.code);
        const item: WardPredecessor = Object.freeze({ ward: oldWard, mergeType: t.mergeType });
        if (list) list.push(item);
        else predecessors.set(t.ward.code, [item]);
      }
    }
  }
  const districts = new Map(DISTRICT_SUCCESSORS_DATA.split('|').map((d) => [d.slice(0, 3), decodeTargets(d.slice(3), resolutions)[0]!]));
  cached = { successors, predecessors, districts };
  return cached;
}

/**
 * The 2025 communes a pre-2025 commune went into.
 *
 * @param oldWardCode - 5-digit pre-2025 commune code.
 * @returns one entry (`full`) for most communes, several (`partial`) for split ones; empty for an unknown code.
 * @example
 * ```ts
 * wardSuccessors('00001'); // [{ ward: { code: '00097', name: 'Phường Hồng Hà', … }, mergeType: 'full', resolution: '1656/NQ-UBTVQH15' }]
 * ```
 */
export function wardSuccessors(oldWardCode: string): readonly WardSuccessor[] {
  return (typeof oldWardCode === 'string' && mappingTable().successors.get(oldWardCode)) || [];
}

/**
 * The pre-2025 communes that went (fully or partly) into a 2025 commune.
 *
 * @param newWardCode - 5-digit 2025 commune code.
 * @returns the old communes (empty for an unknown code or for special zones formed from island districts).
 * @example
 * ```ts
 * wardPredecessors('07210').map((p) => p.ward.name); // the old communes of today's Phường Bắc Giang
 * ```
 */
export function wardPredecessors(newWardCode: string): readonly WardPredecessor[] {
  return (typeof newWardCode === 'string' && mappingTable().predecessors.get(newWardCode)) || [];
}

/**
 * The special zone (đặc khu) an island district without communes became. Other districts were abolished
 * without a successor of their own: map their communes instead.
 *
 * @param oldDistrictCode - 3-digit pre-2025 district code.
 * @returns the successor for the 5 island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), otherwise `undefined`.
 * @example
 * ```ts
 * islandDistrictSuccessor('755')?.ward.name; // "Đặc khu Côn Đảo"
 * ```
 */
export function islandDistrictSuccessor(oldDistrictCode: string): WardSuccessor | undefined {
  return typeof oldDistrictCode === 'string' ? mappingTable().districts.get(oldDistrictCode) : undefined;
}

/** A pre-2025 address converted to the 2025 scheme. */
export interface ConvertedAddress {
  /** The validated old address. */
  readonly from: AddressPre2025;
  /** The 2025 province (of the candidate communes when known, else the old province's successor). */
  readonly province: Province;
  /** Candidate 2025 communes: one when the old commune went wholly into one; several for a split commune or a district. */
  readonly wards: readonly WardSuccessor[];
  /** `true` when the conversion is unambiguous at the level given (one candidate, or a province-only address). */
  readonly exact: boolean;
}

/**
 * Converts a pre-2025 address (e.g. from a 2021 declaration) to the 2025 scheme. The old address is
 * validated first; a commune maps through the commune mapping, a district through its communes (or to
 * its special zone for the island districts), a province-only address to the province's successor.
 *
 * @param address - pre-2025 codes.
 * @returns `{ ok: true, value }` with the candidates, or `{ ok: false, issues }` from {@link validateAddressPre2025}.
 * @example
 * ```ts
 * const r = convertAddressToCurrent({ provinceCode: '24' });
 * if (r.ok) r.value.province.name; // "Tỉnh Bắc Ninh" (code 24)
 * ```
 */
export function convertAddressToCurrent(address: AddressCodes): AddressValidation<ConvertedAddress> {
  const validation = validateAddressPre2025(address);
  if (!validation.ok) return validation;
  const from = validation.value;
  let wards: WardSuccessor[] = [];
  let exact = true;
  if (from.ward) {
    wards = [...wardSuccessors(from.ward.code)];
    exact = wards.length === 1;
  } else if (from.district) {
    const island = islandDistrictSuccessor(from.district.code);
    if (island) wards = [island];
    else {
      const byCode = new Map<string, WardSuccessor>();
      for (const old of wardsOfDistrictPre2025(from.district.code)) {
        for (const s of wardSuccessors(old.code)) byCode.set(s.ward.code, s);
      }
      // For a district, `full` means the whole district went into one commune.
      const mergeType: MergeType = byCode.size === 1 ? 'full' : 'partial';
      wards = [...byCode.values()].map((s) => (s.mergeType === mergeType ? s : Object.freeze({ ...s, mergeType })));
    }
    exact = wards.length === 1;
  }
  const provinces = new Set(wards.map((w) => w.ward.provinceCode));
  const province = provinces.size === 1 ? getProvince([...provinces][0]!, '2025')! : (provinceSuccessor(from.province.code) as Province);
  return { ok: true, value: { from, province, wards, exact } };
}
