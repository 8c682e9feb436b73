/** Domestic movement declaration (`khai báo di chuyển nội địa`): who travels, from where, to where. */
import * as z from 'zod/mini';
import {
  type Address,
  addressSchema,
  birthYear,
  districtCode,
  isoDate,
  personName,
  phone,
  provinceCode,
  sex,
  strictObject,
  text,
  wardCode,
} from './common';

/** A place of origin or destination: province, optional district and ward, optional detail. */
export interface MovementPlace {
  /** Province code. */
  provinceCode: string;
  /** District code (pre-2025 places only). */
  districtCode?: string | undefined;
  /** Ward/commune code. */
  wardCode?: string | undefined;
  /** Free-text detail (station, address). */
  detail?: string | undefined;
}

/** A domestic movement declaration (output of {@link movementDeclarationSchema}). */
export interface MovementDeclaration {
  /** Date the declaration was made. */
  declarationDate: string;
  /** Travel date, when known. */
  travelDate?: string | undefined;
  /** `Họ tên`. */
  fullName: string;
  /** `Năm sinh`. */
  birthYear: number;
  /** `Giới tính`. */
  sex: 'male' | 'female' | 'other';
  /** `Điện thoại`. */
  phone: string;
  /** `Số nhà`, `Tỉnh thành`, `Quận huyện`, `Phường xã`. */
  address: Address;
  /** `Nơi đi`. */
  origin: MovementPlace;
  /** `Nơi đến`. */
  destination: MovementPlace;
}

/** Schema of a place of origin/destination. */
export const movementPlaceSchema: z.ZodMiniType<MovementPlace, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    provinceCode,
    districtCode: z.optional(districtCode),
    wardCode: z.optional(wardCode),
    detail: z.optional(text(200)),
  }))();

/**
 * The domestic movement schema (`$id` `https://healthtrace.dev/schemas/declaration/movement/v1.json`).
 *
 * @example
 * ```ts
 * const result = movementDeclarationSchema.safeParse(input);
 * ```
 */
export const movementDeclarationSchema: z.ZodMiniType<MovementDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    declarationDate: isoDate(),
    travelDate: z.optional(isoDate()),
    fullName: personName,
    birthYear,
    sex,
    phone,
    address: addressSchema,
    origin: movementPlaceSchema,
    destination: movementPlaceSchema,
  }))();
