/**
 * The shapes of the administrative units this package returns.
 */

/**
 * Which generation of codes a unit belongs to: `pre2025` (63 provinces, three tiers, in force until
 * 2025-06-30) or `2025` (34 provinces, two tiers, from 2025-07-01). Codes are reused across schemes with
 * a different meaning, so always keep a code together with its scheme.
 */
export type AdminScheme = 'pre2025' | '2025';

/** Province-level unit type. */
export type ProvinceType = 'Thành phố Trung ương' | 'Tỉnh';
/** District-level unit type (pre-2025 only). */
export type DistrictType = 'Quận' | 'Huyện' | 'Thị xã' | 'Thành phố';
/** Commune-level unit type before 2025-07-01. */
export type WardTypePre2025 = 'Phường' | 'Xã' | 'Thị trấn';
/** Commune-level unit type from 2025-07-01. */
export type WardType2025 = 'Phường' | 'Xã' | 'Đặc khu';

/** A province (tỉnh) or centrally governed city (thành phố trung ương). */
export interface Province {
  /** Which code generation this unit belongs to. */
  readonly scheme: AdminScheme;
  /** Always `"province"`. */
  readonly level: 'province';
  /** 2-digit official code (GSO before 2025, Công văn 915/CTK-CSCL from 2025). */
  readonly code: string;
  /** Official name with diacritics, e.g. `"Tỉnh Bắc Giang"`. */
  readonly name: string;
  /** Name without the type prefix, e.g. `"Bắc Giang"`. */
  readonly shortName: string;
  /** {@link Province.name} without diacritics, e.g. `"Tinh Bac Giang"`. */
  readonly nameAscii: string;
  /** {@link Province.shortName} without diacritics. */
  readonly shortNameAscii: string;
  /** Unit type. */
  readonly type: ProvinceType;
}

/** A district (quận, huyện, thị xã, provincial city); districts exist only before 2025-07-01. */
export interface District {
  /** Always `"pre2025"`. */
  readonly scheme: 'pre2025';
  /** Always `"district"`. */
  readonly level: 'district';
  /** 3-digit GSO code. */
  readonly code: string;
  /** Official name with diacritics. */
  readonly name: string;
  /** {@link District.name} without diacritics. */
  readonly nameAscii: string;
  /** Unit type. */
  readonly type: DistrictType;
  /** Pre-2025 province code. */
  readonly provinceCode: string;
  /** `true` for the 5 island districts that had no communes. */
  readonly hasNoWards: boolean;
}

/** A commune-level unit (phường, xã, thị trấn) before 2025-07-01. */
export interface WardPre2025 {
  /** Always `"pre2025"`. */
  readonly scheme: 'pre2025';
  /** Always `"ward"`. */
  readonly level: 'ward';
  /** 5-digit GSO code. */
  readonly code: string;
  /** Official name with diacritics. */
  readonly name: string;
  /** {@link WardPre2025.name} without diacritics. */
  readonly nameAscii: string;
  /** Unit type. */
  readonly type: WardTypePre2025;
  /** 3-digit district code. */
  readonly districtCode: string;
  /** Pre-2025 province code. */
  readonly provinceCode: string;
  /** Another spelling found in the source data (11 units), or `null`. */
  readonly altName: string | null;
}

/** A commune-level unit (phường, xã, đặc khu) from 2025-07-01. */
export interface Ward2025 {
  /** Always `"2025"`. */
  readonly scheme: '2025';
  /** Always `"ward"`. */
  readonly level: 'ward';
  /** 5-digit code (Công văn 1027/CTK-CSCL). */
  readonly code: string;
  /** Official name with diacritics. */
  readonly name: string;
  /** {@link Ward2025.name} without diacritics. */
  readonly nameAscii: string;
  /** Unit type. */
  readonly type: WardType2025;
  /** 2025 province code. */
  readonly provinceCode: string;
}

/** Any unit this package knows. */
export type AdminUnit = Province | District | WardPre2025 | Ward2025;

/** An address as codes, as stored in a declaration. Ward and district are optional. */
export interface AddressCodes {
  /** 2-digit province code. */
  readonly provinceCode: string;
  /** 3-digit district code (pre-2025 scheme only). */
  readonly districtCode?: string | null | undefined;
  /** 5-digit ward code. */
  readonly wardCode?: string | null | undefined;
}

/** One problem found by an address validation; `code` is stable, `path` names the field. */
export interface AddressIssue {
  /** Stable code, e.g. `"vn-admin/unknown-province"`. */
  readonly code: string;
  /** The offending field. */
  readonly path: readonly ['provinceCode' | 'districtCode' | 'wardCode'];
  /** English explanation (a hint when a code exists only in the other scheme). */
  readonly message: string;
}

/** The result of an address validation: the units, or the issues (never throws on bad codes). */
export type AddressValidation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly AddressIssue[] };
