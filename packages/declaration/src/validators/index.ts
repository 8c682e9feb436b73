/**
 * The declaration field validators: plain functions returning `{ ok: true, value }` or
 * `{ ok: false, code, message }` with a stable code; none of them throws on bad input.
 */
export { type CccdInfo, type CccdOptions, type CccdSex, validateCccd } from './cccd';
export { type CmndInfo, validateCmnd } from './cmnd';
export { type IdentityNumberInfo, type IdentityNumberOptions, validateIdentityNumber } from './identity-number';
export {
  isNationalQrName,
  NAME_MAX_LENGTH,
  normalizeName,
  type PersonNameInfo,
  type PersonNameOptions,
  toNationalQrName,
  validatePersonName,
} from './name';
export { type PassportInfo, type PassportOptions, validatePassport } from './passport';
export { type PhoneNumberInfo, type PhoneOptions, validatePhoneNumber } from './phone';
export {
  VALIDATOR_ISSUE_CODES,
  type ValidatorFailure,
  type ValidatorIssueCode,
  type ValidatorResult,
  type ValidatorSuccess,
} from './result';
