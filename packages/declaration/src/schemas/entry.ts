/**
 * The entry declaration (`Tờ khai Y tế đối với người nhập cảnh`, VHD / tokhaiyte.vn): 21-day window,
 * eight symptoms, two exposure items, travel details and the quarantine choice. Field names are
 * English; {@link ENTRY_SOURCE_KEYS} maps them to the original payload keys.
 */
import * as z from 'zod/mini';
import {
  type Address,
  addIssue,
  addressSchema,
  base64File,
  birthYear,
  countryCode,
  email,
  firstDuplicate,
  idNumber,
  isoDate,
  personName,
  phone,
  provinceCode,
  SCHEMA_ISSUE_CODES,
  sex,
  strictObject,
  text,
  yesNoGroup,
} from './common';

/** The border gates (`Cửa khẩu`) of the original form, in its order. */
export const BORDER_GATES: readonly [
  'cam-ranh',
  'can-tho',
  'cat-bi',
  'noi-bai',
  'phu-bai',
  'phu-cat',
  'phu-quoc',
  'tan-son-nhat',
  'van-don',
  'vinh',
  'da-nang',
] = ['cam-ranh', 'can-tho', 'cat-bi', 'noi-bai', 'phu-bai', 'phu-cat', 'phu-quoc', 'tan-son-nhat', 'van-don', 'vinh', 'da-nang'];
/** Travel modes (`Thông tin đi lại`: Máy bay / Tàu thuyền / Ô tô), plus `other` (`Khác (Ghi rõ)`). */
export const TRAVEL_MODES: readonly ['plane', 'ship', 'car', 'other'] = ['plane', 'ship', 'car', 'other'];
/** The eight symptoms of the entry form (`TrieuChungBenh`), in form order. */
export const ENTRY_SYMPTOMS: readonly [
  'fever',
  'cough',
  'breathingDifficulty',
  'soreThroat',
  'vomitingOrNausea',
  'diarrhoea',
  'skinHaemorrhage',
  'rash',
] = ['fever', 'cough', 'breathingDifficulty', 'soreThroat', 'vomitingOrNausea', 'diarrhoea', 'skinHaemorrhage', 'rash'];
/** The two exposure items of the entry form (`LichSuPhoiNhiem`). */
export const ENTRY_EXPOSURES: readonly ['animalContact', 'closeContactWithCase'] = ['animalContact', 'closeContactWithCase'];
/** Quarantine choices (`ChonCoSoCachLy`): `quarantine1`, `quarantine2`, `quarantineOther`. */
export const QUARANTINE_CHOICES: readonly ['centralised', 'self-selected', 'other'] = ['centralised', 'self-selected', 'other'];

/** A border gate id. */
export type BorderGate = (typeof BORDER_GATES)[number];
/** A travel mode. */
export type TravelMode = (typeof TRAVEL_MODES)[number];
/** An entry-form symptom key. */
export type EntrySymptom = (typeof ENTRY_SYMPTOMS)[number];
/** An entry-form exposure key. */
export type EntryExposure = (typeof ENTRY_EXPOSURES)[number];
/** A quarantine choice. */
export type QuarantineChoice = (typeof QUARANTINE_CHOICES)[number];

/** An entry declaration (output of {@link entryDeclarationSchema}). */
export interface EntryDeclaration {
  /** Date the declaration was made. */
  declarationDate: string;
  /** `Ảnh chân dung` (base64), optional. */
  portraitPhotoBase64?: string | undefined;
  /** `Cửa khẩu`. */
  borderGate: BorderGate;
  /** `Họ tên`. */
  fullName: string;
  /** `Năm sinh`. */
  birthYear: number;
  /** `Giới tính`. */
  sex: 'male' | 'female' | 'other';
  /** `Quốc tịch` (ISO 3166-1 alpha-2). */
  nationality: string;
  /** `Số hộ chiếu hoặc giấy thông hành hợp pháp khác`. */
  passportNumber: string;
  /** `Thông tin đi lại` (one or more). */
  travelModes: TravelMode[];
  /** `Khác (Ghi rõ)`: required when `travelModes` includes `other`. */
  otherTravelMode?: string | undefined;
  /** `Số hiệu phương tiện` (flight/vehicle number). */
  vehicleNumber: string;
  /** `Số ghế`. */
  seatNumber?: string | undefined;
  /** `Ngày khởi hành`. */
  departureDate: string;
  /** `Ngày nhập cảnh` (not before the departure date). */
  entryDate: string;
  /** `Địa điểm khởi hành`: country and, optionally, province/state name. */
  departure: { countryCode: string; province?: string | undefined };
  /** `Địa điểm nơi đến`: province in Vietnam. */
  destination: { provinceCode: string };
  /** `Trong vòng 21 ngày qua, anh/chị đã đến quốc gia/vùng lãnh thổ nào?` */
  countriesVisited: string[];
  /** `Địa chỉ liên lạc tại Việt Nam`. */
  contactAddress: Address;
  /** `Địa chỉ lưu trú sau cách ly`. */
  postQuarantineAddress: Address;
  /** `Điện thoại`. */
  phone: string;
  /** `Email`. */
  email?: string | undefined;
  /** Symptoms within 21 days before the exit/entry/transit formalities. */
  symptoms: Record<EntrySymptom, boolean>;
  /** Exposure history, 21 days. */
  exposure: Record<EntryExposure, boolean>;
  /** `Danh sách vắc-xin hoặc sinh phẩm được sử dụng`. */
  vaccines?: string[] | undefined;
  /** `Phiếu kết quả xét nghiệm`, optional. */
  testResult?: { result: 'negative' | 'positive'; testDate: string; fileBase64?: string | undefined } | undefined;
  /** `ChonCoSoCachLy`, with details when `other`. */
  quarantine: { choice: QuarantineChoice; details?: string | undefined };
}

/** Original payload key (bluezone-app `EntryForm.js`) of each field of {@link EntryDeclaration}. */
export const ENTRY_SOURCE_KEYS: Readonly<Record<string, string>> = {
  portraitPhotoBase64: 'AnhChanDungBase64',
  borderGate: 'MaCuaKhau',
  fullName: 'FullName',
  birthYear: 'NamSinh',
  sex: 'MaGioiTinh',
  nationality: 'MaQuocTich',
  passportNumber: 'SoHoChieu',
  travelModes: 'ThongTinDiLai',
  otherTravelMode: 'ThongTinDiLaiKhac',
  vehicleNumber: 'SoHieuPhuongTien',
  seatNumber: 'SoGhe',
  departureDate: 'NgayKhoiHanh',
  entryDate: 'NgayNhapCanh',
  departure: 'DiaDiemKhoiHanh',
  destination: 'DiaDiemNoiDen',
  countriesVisited: 'QuocGiaDenTrong21NgayQua',
  contactAddress: 'DiaChiLienLac_VN',
  postQuarantineAddress: 'DiaChiLuuTruSauCachLy',
  phone: 'SoDienThoai',
  email: 'Email',
  symptoms: 'TrieuChungBenh',
  exposure: 'LichSuPhoiNhiem',
  vaccines: 'VacXinSuDung',
  testResult: 'KetQuaXetNghiem',
  quarantine: 'ChonCoSoCachLy',
};

/**
 * The entry declaration schema (`$id` `https://healthtrace.dev/schemas/declaration/entry/v1.json`).
 * Cross-field rules: entry not before departure; `otherTravelMode` exactly when `other` is a
 * travel mode; quarantine `details` required for `other`; no duplicate travel modes or countries.
 *
 * @example
 * ```ts
 * const result = entryDeclarationSchema.safeParse(input);
 * ```
 */
export const entryDeclarationSchema: z.ZodMiniType<EntryDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    declarationDate: isoDate(),
    portraitPhotoBase64: z.optional(base64File),
    borderGate: z.enum(BORDER_GATES),
    fullName: personName,
    birthYear,
    sex,
    nationality: countryCode,
    passportNumber: idNumber,
    travelModes: z.array(z.enum(TRAVEL_MODES)).check(z.minLength(1), z.maxLength(4)),
    otherTravelMode: z.optional(text(100)),
    vehicleNumber: text(20),
    seatNumber: z.optional(text(10)),
    departureDate: isoDate(),
    entryDate: isoDate(),
    departure: strictObject({ countryCode, province: z.optional(text(100)) }),
    destination: strictObject({ provinceCode }),
    countriesVisited: z.array(countryCode).check(z.maxLength(50)),
    contactAddress: addressSchema,
    postQuarantineAddress: addressSchema,
    phone,
    email: z.optional(email),
    symptoms: yesNoGroup(ENTRY_SYMPTOMS),
    exposure: yesNoGroup(ENTRY_EXPOSURES),
    vaccines: z.optional(z.array(text(100)).check(z.maxLength(10))),
    testResult: z.optional(
      strictObject({ result: z.enum(['negative', 'positive']), testDate: isoDate(), fileBase64: z.optional(base64File) }),
    ),
    quarantine: strictObject({ choice: z.enum(QUARANTINE_CHOICES), details: z.optional(text(200)) }),
  }).check(
    z.superRefine((value, ctx) => {
      const { departureDate, entryDate, travelModes, otherTravelMode, quarantine, countriesVisited } = value;
      if (typeof departureDate === 'string' && typeof entryDate === 'string' && entryDate < departureDate) {
        addIssue(ctx, SCHEMA_ISSUE_CODES.dateOrder, ['entryDate'], entryDate);
      }
      if (Array.isArray(travelModes)) {
        const other = travelModes.includes('other');
        if (other !== (otherTravelMode !== undefined))
          addIssue(ctx, SCHEMA_ISSUE_CODES.otherTravelMode, ['otherTravelMode'], otherTravelMode);
        const dup = firstDuplicate(travelModes);
        if (dup >= 0) addIssue(ctx, SCHEMA_ISSUE_CODES.duplicate, ['travelModes', dup], travelModes[dup]);
      }
      if (Array.isArray(countriesVisited)) {
        const dup = firstDuplicate(countriesVisited);
        if (dup >= 0) addIssue(ctx, SCHEMA_ISSUE_CODES.duplicate, ['countriesVisited', dup], countriesVisited[dup]);
      }
      if (quarantine?.choice === 'other' && quarantine.details === undefined) {
        addIssue(ctx, SCHEMA_ISSUE_CODES.quarantineDetails, ['quarantine', 'details'], undefined);
      }
    }),
  ))();
