/** Declaration bodies shared by the server test suites. */
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';

/**
 * Every key of a question list answered "no".
 *
 * @param keys - the question keys.
 * @returns `{ key: false, … }`.
 */
export const no = (keys: readonly string[]): Record<string, boolean> => Object.fromEntries(keys.map((k) => [k, false]));

/** A valid domestic declaration (CCCD 024… registered in Bắc Giang, male, born 1990; a 2021 address; a cough). */
export const domesticDeclaration = {
  declarationDate: '2021-05-20',
  fullName: 'NGUYỄN VĂN AN',
  idNumber: '024090123456',
  birthYear: 1990,
  sex: 'male',
  nationality: 'VN',
  address: { provinceCode: '24', districtCode: '213', wardCode: '07210', street: 'Số 1, thôn Đông' },
  phone: '+84912345678',
  travelled: false,
  symptoms: { ...no(DOMESTIC_SYMPTOMS), cough: true },
  exposure: no(DOMESTIC_EXPOSURES),
  underlyingConditions: no(UNDERLYING_CONDITIONS),
};
