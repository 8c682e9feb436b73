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
// healthtrace's own formats (venue, personal, trust list, presence tracing); rendering is in `@healthtrace/qr/render`.
export { base10DigitCount, base10ToBytes, bytesToBase10, MAX_BASE10_BYTES } from './envelope/base10';
export { QrError, type QrErrorCode } from './envelope/errors';
export { ed25519PublicKey, KEY_ID_LENGTH, keyIdOf, QR_SIGNATURE_DOMAIN } from './envelope/signing';
export {
  COMPACT_PREFIX,
  type HealthtraceQrText,
  healthtraceQrSegments,
  looksLikeHealthtraceQr,
  normaliseBaseUrl,
  type QrSegment,
  unwrapDigits,
} from './envelope/text-form';
export {
  createPersonalQr,
  decodePersonalBody,
  encodePersonalBody,
  MAX_CONTACT_BYTES,
  MAX_PERSONAL_LIFETIME_MINUTES,
  openPersonalContact,
  PERSONAL_BODY_TYPE,
  PERSONAL_STATUS_FLAGS,
  type PersonalQr,
  type PersonalQrInput,
  PSEUDONYM_LENGTH,
  statusBits,
  statusNames,
} from './personal/personal-qr';
export { openFromAuthority, SEAL_TAG_LENGTH, sealToAuthority, x25519PublicKey } from './personal/sealed-contact';
export {
  MAX_PRESENCE_WINDOWS,
  matchPresenceWarnings,
  PRESENCE_ID_LENGTH,
  PRESENCE_WINDOW_SECONDS,
  type PresenceCheckIn,
  type PresenceMatch,
  type PresenceWarning,
  presenceIdentifier,
  presenceWarnings,
  presenceWindow,
} from './presence/presence-tracing';
export {
  createTrustList,
  findTrustedKey,
  parseTrustList,
  serializeTrustList,
  TRUST_LIST_SIGNATURE_DOMAIN,
  type TrustedKey,
  type TrustedKeyInput,
  type TrustList,
  verifyTrustList,
} from './trust/trust-list';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  decodeHealthtraceQr,
  type HealthtraceDecodeOptions,
  type InspectedHealthtraceQr,
  inspectHealthtraceQr,
  type ParsedHealthtraceQr,
  parseHealthtraceQr,
  personalFields,
  venueFields,
  verifyPersonalQr,
  verifyVenueQr,
} from './venue/decode-healthtrace';
export {
  CHECK_IN_UNIT_MINUTES,
  type CreatedVenueQr,
  type CreateQrOptions,
  createVenueQr,
  decodeVenueBody,
  encodeVenueBody,
  MAX_VENUE_TEXT_BYTES,
  QR_FORMAT_VERSION,
  VENUE_BODY_TYPE,
  VENUE_ID_LENGTH,
  VENUE_SEED_LENGTH,
  VENUE_TYPES,
  type VenueQr,
  type VenueQrInput,
} from './venue/venue-qr';
