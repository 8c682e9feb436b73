/**
 * @healthtrace/qr — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/qr' as const;
export { base45Decode, base45Encode } from './decoders/base45';
export type { EcJwk, EcPublicKeyInput } from './decoders/common';
export {
  CWA_EVENT_FORMAT,
  CWA_LOCATION_TYPES,
  cwaLocationId,
  cwaLocationIdHash,
  decodeCwaEvent,
  isCwaEvent,
} from './decoders/cwa';
export { type DecodeAnyOptions, decodeAny, type ForeignKeys } from './decoders/decode-any';
export {
  type DccTrustEntry,
  dccKeyId,
  decodeEuDcc,
  EU_DCC_FORMAT,
  type EuDccDecodeOptions,
  isEuDcc,
} from './decoders/eu-dcc';
export { decodeNzCovidTracer, isNzCovidTracer, NZ_COVID_TRACER_FORMAT } from './decoders/nz-covid-tracer';
export {
  decodeSmartHealthCard,
  isSmartHealthCard,
  type Jwks,
  SMART_HEALTH_CARD_FORMAT,
  type SmartHealthCardDecodeOptions,
} from './decoders/smart-health-card';
export {
  type DecodeResult,
  QrDecodeError,
  type QrDecodeErrorCode,
  type SignatureStatus,
} from './decoders/types';
export {
  decodeUkNhsVenue,
  isUkNhsVenue,
  UK_NHS_VENUE_FORMAT,
  type UkNhsDecodeOptions,
  type UkNhsKey,
} from './decoders/uk-nhs';
export {
  decodeCccdQr,
  decodeVnPersonalQr,
  isCccdQr,
  isVnPersonalQr,
  VN_CCCD_FORMAT,
  VN_PERSONAL_FORMAT,
} from './decoders/vn-personal';
export { decodeTokhaiyteVenue, isTokhaiyteVenue, TOKHAIYTE_VENUE_FORMAT } from './decoders/vn-tokhaiyte';
