/**
 * Vietnam's national personal QR ("mã QR cá nhân", MIC technical guide v1.1, 2021) and the chip ID-card
 * (CCCD) QR. Both carry PERSONAL DATA in clear (ID number, name, birth date, address): the decoders normalise it
 * but never log it, and error messages never quote field values. Layouts from declarations-vn.md §6.2–6.3
 * (secondary sources, unverified), so parsing is deliberately tolerant.
 */
import { fail, isoDate, isRealDate } from './common';
import type { DecodeResult } from './types';

/** Format identifier of {@link decodeVnPersonalQr} results. */
export const VN_PERSONAL_FORMAT = 'vn-personal' as const;
/** Format identifier of {@link decodeCccdQr} results. */
export const VN_CCCD_FORMAT = 'vn-cccd' as const;

const DOC_NUMBER = /^[0-9A-Za-z*]{4,20}$/;
const DATE_YMD = /^([0-9]{4})[-/.]([0-9]{1,2}|\*{1,2})[-/.]([0-9]{1,2}|\*{1,2})$/;
const DATE_DMY = /^([0-9]{1,2}|\*{1,2})[-/.]([0-9]{1,2}|\*{1,2})[-/.]([0-9]{4})$/;

/**
 * Whether `text` has the shape of the national personal QR (`SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID[|EXT]`).
 *
 * @param text - scanned text.
 * @returns `true` when the personal-QR decoder should be tried.
 * @example
 * ```ts
 * isVnPersonalQr('******789012|NGUYEN VAN A|1990-**-**|0|abc|'); // true
 * ```
 */
export function isVnPersonalQr(text: string): boolean {
  if (text.length > 2048) return false;
  // Check `…|…|…|0|` or `…|…|…|1|` without splitting (this runs on every scanned text).
  let at = -1;
  for (let i = 0; i < 3; i++) {
    at = text.indexOf('|', at + 1);
    if (at < 0) return false;
  }
  const kind = text.charCodeAt(at + 1);
  return (kind === 48 || kind === 49) && text.charCodeAt(at + 2) === 124;
}

/**
 * Whether `text` has the shape of a CCCD card QR (6 or 7 `|`-separated fields starting with a 12-digit number).
 *
 * @param text - scanned text.
 * @returns `true` when the CCCD decoder should be tried.
 * @example
 * ```ts
 * isCccdQr('001099012345|123456789|NGUYỄN VĂN A|01011990|Nam|Hà Nội|01012021'); // true
 * ```
 */
export function isCccdQr(text: string): boolean {
  if (text.length > 2048 || !/^[0-9]{12}\|/.test(text)) return false;
  const n = text.split('|').length;
  return n >= 6 && n <= 8;
}

interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

function parsePartialDate(text: string): PartialDate | undefined {
  let match = DATE_YMD.exec(text);
  let year: string;
  let month: string;
  let day: string;
  if (match !== null) [, year, month, day] = match as unknown as [string, string, string, string];
  else {
    match = DATE_DMY.exec(text);
    if (match === null) {
      if (/^[0-9]{4}$/.test(text)) return { year: Number(text), month: null, day: null };
      return undefined;
    }
    [, day, month, year] = match as unknown as [string, string, string, string];
  }
  const out: PartialDate = {
    year: Number(year),
    month: month.includes('*') ? null : Number(month),
    day: day.includes('*') ? null : Number(day),
  };
  if (out.year < 1800 || out.year > 2200) return undefined;
  if (out.month !== null && (out.month < 1 || out.month > 12)) return undefined;
  if (out.day !== null && (out.day < 1 || out.day > 31)) return undefined;
  if (out.month !== null && out.day !== null && !isRealDate(out.year, out.month, out.day)) return undefined;
  return out;
}

function normaliseName(text: string, warnings: string[]): string {
  const name = text.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for non-ASCII on purpose
  if (/[^\u0000-\u007f]/.test(name)) warnings.push('name-has-diacritics');
  return name;
}

/**
 * Decodes Vietnam's national personal QR `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`.
 *
 * Tolerant of the variants seen in the wild: masked ID characters (`*`), masked day/month, `-`, `/` or `.`
 * date separators, unpadded day/month, `DD/MM/YYYY` order, a missing `EXT`, `EXT` split by `<` (and extra `|`
 * fields, which are folded into `EXT`). Unsigned (`signature: "absent"`; a signature inside `EXT`, if any, is not
 * specified publicly and is not checked).
 *
 * Fields: `{ documentNumber, documentNumberMasked, name, birthYear, birthMonth, birthDay, birthDate, declaredBy,
 * qid, ext, extParts, gender?, healthInsuranceNumber?, phone? }` — `birthDate` is ISO `YYYY-MM-DD` only when
 * unmasked, else `null`; `declaredBy` is `"self"` (0) or `"proxy"` (1); `gender` is `"unknown"|"male"|"female"`
 * when an `EXT` part is 0/1/2. PERSONAL DATA: do not log.
 *
 * @param text - scanned text.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix` (not this shape) or `qr/bad-field`.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * decodeVnPersonalQr('******789012|NGUYEN VAN A|1989/3/3|0|QID123|1<GD4877*******<0943******').fields.gender; // "male"
 * ```
 */
export function decodeVnPersonalQr(text: string): DecodeResult {
  const format = VN_PERSONAL_FORMAT;
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!isVnPersonalQr(text)) fail('qr/bad-prefix', 'not a Vietnamese national personal QR', format);
  const parts = text.split('|');
  const [documentNumber, rawName, rawDate, kind, qid] = parts as [string, string, string, string, string];
  const ext = parts.slice(5).join('|');
  const warnings: string[] = [];
  if (!DOC_NUMBER.test(documentNumber.trim())) fail('qr/bad-field', 'SoGiayTo is not a document number', format);
  const name = normaliseName(rawName, warnings);
  if (name.length === 0) fail('qr/bad-field', 'HoTen is empty', format);
  const date = parsePartialDate(rawDate.trim());
  if (date === undefined) fail('qr/bad-field', 'NgaySinh is not a date', format);
  if (!/^[0-9A-Za-z_\-*]*$/.test(qid.trim())) fail('qr/bad-field', 'QID has unexpected characters', format);
  if (parts.length === 5) warnings.push('missing-ext');

  const fields: Record<string, unknown> = {
    documentNumber: documentNumber.trim(),
    documentNumberMasked: documentNumber.includes('*'),
    name,
    birthYear: date.year,
    birthMonth: date.month,
    birthDay: date.day,
    birthDate: date.month !== null && date.day !== null ? isoDate(date.year, date.month, date.day) : null,
    declaredBy: kind === '0' ? 'self' : 'proxy',
    qid: qid.trim(),
    ext,
    extParts: ext === '' ? [] : ext.split('<'),
  };
  for (const part of fields.extParts as string[]) {
    const value = part.trim();
    if (fields.gender === undefined && /^[012]$/.test(value)) {
      fields.gender = value === '1' ? 'male' : value === '2' ? 'female' : 'unknown';
    } else if (fields.healthInsuranceNumber === undefined && /^[A-Za-z]{2}[0-9*]{8,13}$/.test(value)) {
      fields.healthInsuranceNumber = value.toUpperCase();
    } else if (fields.phone === undefined && /^(?:\+84|0)[0-9*]{8,10}$/.test(value)) {
      fields.phone = value;
    }
  }
  return { format, fields, signature: 'absent', warnings };
}

/**
 * Decodes the QR on the back of a chip-based citizen ID card (CCCD).
 *
 * 7-field form `CCCD|old CMND (may be empty)|name|DDMMYYYY birth|sex|permanent address|DDMMYYYY issue`, or the
 * 6-field form without the old CMND; detected by field count (a trailing empty field is tolerated). Unsigned
 * (`signature: "absent"`). Warnings: `unknown-province-prefix` when the first 3 digits are not 001–096,
 * `century-digit-mismatch` when digit 4 disagrees with the birth year, `unknown-sex-label`.
 *
 * Fields: `{ idNumber, oldIdNumber, name, birthDate, sex, sexLabel, address, issueDate }` — dates ISO,
 * `sex` `"male"|"female"|"unknown"` from `Nam`/`Nữ`, `oldIdNumber` `null` when absent. PERSONAL DATA: do not log.
 *
 * @param text - scanned text.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix` (not this shape) or `qr/bad-field`.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * decodeCccdQr('001099012345|123456789|NGUYỄN VĂN A|01011990|Nam|Hà Nội|01012021').fields.birthDate; // "1990-01-01"
 * ```
 */
export function decodeCccdQr(text: string): DecodeResult {
  const format = VN_CCCD_FORMAT;
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!isCccdQr(text)) fail('qr/bad-prefix', 'not a CCCD card QR', format);
  const warnings: string[] = [];
  let parts = text.split('|');
  if (parts.length > 6 && parts[parts.length - 1] === '') {
    parts = parts.slice(0, -1);
    warnings.push('trailing-separator');
  }
  if (parts.length === 6) parts = [parts[0] as string, '', ...parts.slice(1)];
  if (parts.length !== 7) fail('qr/bad-structure', `expected 6 or 7 fields, got ${parts.length}`, format);
  const [idNumber, oldId, rawName, birth, sexLabel, address, issue] = parts as [string, string, string, string, string, string, string];
  if (oldId !== '' && !/^(?:[0-9]{9}|[0-9]{12})$/.test(oldId)) fail('qr/bad-field', 'old CMND must be 9 or 12 digits', format);
  const birthDate = ddmmyyyy(birth);
  const issueDate = ddmmyyyy(issue);
  if (birthDate === undefined) fail('qr/bad-field', 'birth date must be DDMMYYYY', format);
  if (issueDate === undefined) fail('qr/bad-field', 'issue date must be DDMMYYYY', format);
  const name = rawName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length === 0) fail('qr/bad-field', 'name is empty', format);

  const province = Number(idNumber.slice(0, 3));
  if (province < 1 || province > 96) warnings.push('unknown-province-prefix');
  const centuryDigit = Number(idNumber[3]);
  const birthYear = Number(birthDate.slice(0, 4));
  const century = Math.floor(centuryDigit / 2); // 0 → 1900s, 1 → 2000s, …
  if (Math.floor(birthYear / 100) !== 19 + century || Number(idNumber.slice(4, 6)) !== birthYear % 100) {
    warnings.push('century-digit-mismatch');
  }
  const label = sexLabel.normalize('NFC').trim().toLowerCase();
  const sex = label === 'nam' ? 'male' : label === 'nữ' || label === 'nu' ? 'female' : 'unknown';
  if (sex === 'unknown') warnings.push('unknown-sex-label');
  return {
    format,
    fields: {
      idNumber,
      oldIdNumber: oldId === '' ? null : oldId,
      name,
      birthDate,
      sex,
      sexLabel: sexLabel.normalize('NFC').trim(),
      address: address.normalize('NFC').trim(),
      issueDate,
    },
    signature: 'absent',
    warnings,
  };
}

function ddmmyyyy(text: string): string | undefined {
  if (!/^[0-9]{8}$/.test(text)) return undefined;
  const day = Number(text.slice(0, 2));
  const month = Number(text.slice(2, 4));
  const year = Number(text.slice(4));
  return isRealDate(year, month, day) ? isoDate(year, month, day) : undefined;
}
