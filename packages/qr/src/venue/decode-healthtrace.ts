/**
 * Decoding and verification of healthtrace's own QR codes (venue and personal), in the common
 * decoder result shape shared with the real-world decoders.
 */
import { assertInteger, bytesToHex } from '@healthtrace/core';
import { type DecodeResult, QrDecodeError, type SignatureStatus } from '../decoders/types';
import { base10ToBytes } from '../envelope/base10';
import { unwrapDigits } from '../envelope/text-form';
import { assertDate, dayIso, dayNumber } from '../envelope/time';
import { decodePersonalBody, PERSONAL_BODY_TYPE, type PersonalQr, statusNames } from '../personal/personal-qr';
import { checkBodySignature } from '../trust/check-signature';
import type { TrustList } from '../trust/trust-list';
import { decodeVenueBody, QR_FORMAT_VERSION, VENUE_BODY_TYPE, VENUE_TYPES, type VenueQr } from './venue-qr';

/** Default clock-skew allowance: 5 minutes. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

/** Options for decoding and verifying healthtrace QR codes. */
export interface HealthtraceDecodeOptions {
  /** Verified trust list; without it the signature is reported `unverified`. */
  trust?: TrustList;
  /** Verification time (default now). */
  now?: Date;
  /** Clock-skew allowance in seconds for validity checks (default 300). */
  clockSkewSeconds?: number;
}

/** A parsed (not yet verified) healthtrace QR code. */
export type ParsedHealthtraceQr = {
  /** `"url"` or `"compact"`. */
  form: 'url' | 'compact';
  /** Text before the digits. */
  head: string;
  /** The signed body. */
  body: Uint8Array;
  /** 64-byte Ed25519 signature. */
  signature: Uint8Array;
} & ({ kind: 'venue'; venue: VenueQr } | { kind: 'personal'; personal: PersonalQr });

/** Result of {@link inspectHealthtraceQr}: the parsed code plus the outcome of the checks. */
export type InspectedHealthtraceQr = ParsedHealthtraceQr & {
  /** Signature status. */
  signatureStatus: SignatureStatus;
  /** Warnings: `expired`, `not-yet-valid`, `unknown-key`, `key-not-valid`. */
  warnings: string[];
};

const SIGNATURE_LENGTH = 64;

/**
 * Parses a healthtrace QR text without verifying anything.
 *
 * @param text - scanned text (`HT1:<digits>` or `<url>#<digits>`).
 * @returns the parsed code.
 * @throws QrDecodeError `qr/unrecognised`, `qr/bad-encoding`, `qr/unsupported-version`, `qr/bad-structure` or `qr/bad-field`.
 * @example
 * ```ts
 * const parsed = parseHealthtraceQr(text);
 * if (parsed.kind === 'venue') console.log(parsed.venue.name);
 * ```
 */
export function parseHealthtraceQr(text: string): ParsedHealthtraceQr {
  const { form, head, digits } = unwrapDigits(text);
  const bytes = base10ToBytes(digits);
  if (bytes.length < SIGNATURE_LENGTH + 1) throw new QrDecodeError('qr/bad-structure', 'too short for a signed body');
  const header = bytes[0] as number;
  if (header >> 4 !== QR_FORMAT_VERSION) {
    throw new QrDecodeError('qr/unsupported-version', `unsupported healthtrace QR major version ${header >> 4}`);
  }
  const body = bytes.subarray(0, bytes.length - SIGNATURE_LENGTH);
  const signature = bytes.slice(bytes.length - SIGNATURE_LENGTH);
  const type = header & 0x0f;
  if (type === VENUE_BODY_TYPE) return { form, head, body, signature, kind: 'venue', venue: decodeVenueBody(body) };
  if (type === PERSONAL_BODY_TYPE) return { form, head, body, signature, kind: 'personal', personal: decodePersonalBody(body) };
  throw new QrDecodeError('qr/bad-field', `unknown healthtrace QR type ${type}`);
}

/**
 * Parses a healthtrace QR text and checks its signature (against `options.trust`) and validity
 * (at `options.now` ± skew), reporting the outcome instead of throwing.
 *
 * @param text - scanned text.
 * @param options - trust list, time and skew.
 * @returns the parsed code, signature status and warnings.
 * @throws QrDecodeError when the text cannot be parsed (see {@link parseHealthtraceQr}).
 * @example
 * ```ts
 * const r = inspectHealthtraceQr(text, { trust });
 * if (r.signatureStatus === 'valid' && r.warnings.length === 0) accept();
 * ```
 */
export function inspectHealthtraceQr(text: string, options?: HealthtraceDecodeOptions): InspectedHealthtraceQr {
  const parsed = parseHealthtraceQr(text);
  const now = options?.now === undefined ? new Date() : assertDate(options.now, 'now');
  const skewMs = assertInteger(options?.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS, 'clockSkewSeconds', 0, 86_400 * 365) * 1000;
  const content = parsed.kind === 'venue' ? parsed.venue : parsed.personal;
  const check = checkBodySignature(content.keyId, parsed.body, parsed.signature, options?.trust, now, skewMs);
  const [start, end] =
    parsed.kind === 'venue' ? [parsed.venue.validFrom, parsed.venue.validUntil] : [parsed.personal.issuedAt, parsed.personal.expiresAt];
  const warnings = [...check.warnings];
  if (now.getTime() < start.getTime() - skewMs) warnings.push('not-yet-valid');
  if (now.getTime() >= end.getTime() + skewMs) warnings.push('expired');
  return { ...parsed, signatureStatus: check.signature, warnings };
}

/**
 * The normalised `fields` of a venue QR (bytes as hex, dates as ISO strings).
 *
 * @param venue - decoded venue content.
 * @returns plain JSON fields.
 * @example
 * ```ts
 * venueFields(verifyVenueQr(text, { trust })).validUntil; // "2027-10-31"
 * ```
 */
export function venueFields(venue: VenueQr): Record<string, unknown> {
  return {
    version: venue.version,
    keyId: bytesToHex(venue.keyId),
    venueId: bytesToHex(venue.venueId),
    seed: bytesToHex(venue.seed),
    name: venue.name,
    ...(venue.address === undefined ? {} : { address: venue.address }),
    ...(venue.wardCode === undefined ? {} : { wardCode: venue.wardCode }),
    validFrom: dayIso(dayNumber(venue.validFrom)),
    validUntil: dayIso(dayNumber(venue.validUntil) - 1),
    expiresAt: venue.validUntil.toISOString(),
    venueType: venue.venueType,
    venueTypeName: VENUE_TYPES[venue.venueType] ?? 'reserved',
    defaultCheckInMinutes: venue.defaultCheckInMinutes,
  };
}

/**
 * The normalised `fields` of a personal QR.
 *
 * @param personal - decoded personal content.
 * @returns plain JSON fields.
 * @example
 * ```ts
 * personalFields(verifyPersonalQr(text, { trust })).statusFlags; // ['no-symptoms']
 * ```
 */
export function personalFields(personal: PersonalQr): Record<string, unknown> {
  return {
    version: personal.version,
    keyId: bytesToHex(personal.keyId),
    pseudonym: bytesToHex(personal.pseudonym),
    status: personal.status,
    statusFlags: statusNames(personal.status),
    issuedAt: personal.issuedAt.toISOString(),
    expiresAt: personal.expiresAt.toISOString(),
    ...(personal.sealedContact === undefined
      ? {}
      : {
          sealedContact: {
            ephemeralPublicKey: bytesToHex(personal.sealedContact.ephemeralPublicKey),
            sealed: bytesToHex(personal.sealedContact.sealed),
          },
        }),
  };
}

/**
 * Decodes a healthtrace venue or personal QR into the common decoder result
 * (`format` is `"healthtrace-venue"` or `"healthtrace-personal"`). Expiry and key problems are
 * reported in `warnings`, a bad signature as `signature: "invalid"`; only undecodable text throws.
 *
 * @param text - scanned text.
 * @param options - trust list (without it: `signature: "unverified"`), time and clock skew.
 * @returns the decoder result.
 * @throws QrDecodeError when the text is not a decodable healthtrace QR.
 * @example
 * ```ts
 * const result = decodeHealthtraceQr(text, { trust, now: new Date() });
 * // { format: 'healthtrace-venue', fields: { name: 'Phở Thìn', ... }, signature: 'valid', warnings: [] }
 * ```
 */
export function decodeHealthtraceQr(text: string, options?: HealthtraceDecodeOptions): DecodeResult {
  const r = inspectHealthtraceQr(text, options);
  return r.kind === 'venue'
    ? { format: 'healthtrace-venue', fields: { form: r.form, ...venueFields(r.venue) }, signature: r.signatureStatus, warnings: r.warnings }
    : {
        format: 'healthtrace-personal',
        fields: { form: r.form, ...personalFields(r.personal) },
        signature: r.signatureStatus,
        warnings: r.warnings,
      };
}

function requireAcceptable(r: InspectedHealthtraceQr): void {
  if (r.signatureStatus !== 'valid') {
    const why = r.warnings.includes('unknown-key')
      ? 'unknown issuer key'
      : r.warnings.includes('key-not-valid')
        ? 'issuer key not valid now'
        : 'bad signature';
    throw new QrDecodeError('qr/bad-signature', `signature not accepted: ${why}`, `healthtrace-${r.kind}`);
  }
  if (r.warnings.includes('expired')) throw new QrDecodeError('qr/expired', 'the code has expired', `healthtrace-${r.kind}`);
  if (r.warnings.includes('not-yet-valid')) throw new QrDecodeError('qr/expired', 'the code is not valid yet', `healthtrace-${r.kind}`);
}

/**
 * Decodes and strictly verifies a venue QR: the signature must verify under a key of the trust
 * list, valid now, and the code must be within its validity (± skew).
 *
 * @param text - scanned text.
 * @param options - the trust list (required), time and skew.
 * @returns the venue content.
 * @throws QrDecodeError `qr/bad-signature` (bad signature, unknown or invalid key), `qr/expired`
 *   (expired or not yet valid), `qr/unsupported-version`, `qr/bad-field` (not a venue code) or another decode code.
 * @example
 * ```ts
 * const venue = verifyVenueQr(scanned, { trust });
 * checkIn(venue.venueId, venue.seed);
 * ```
 */
export function verifyVenueQr(text: string, options: HealthtraceDecodeOptions & { trust: TrustList }): VenueQr {
  const r = inspectHealthtraceQr(text, options);
  if (r.kind !== 'venue') throw new QrDecodeError('qr/bad-field', 'not a venue QR', 'healthtrace-venue');
  requireAcceptable(r);
  return r.venue;
}

/**
 * Decodes and strictly verifies a personal declaration QR (see {@link verifyVenueQr}).
 *
 * @param text - scanned text.
 * @param options - the trust list (required), time and skew.
 * @returns the personal content.
 * @throws QrDecodeError `qr/bad-signature`, `qr/expired`, `qr/bad-field` (not a personal code) or another decode code.
 * @example
 * ```ts
 * const declaration = verifyPersonalQr(scanned, { trust });
 * ```
 */
export function verifyPersonalQr(text: string, options: HealthtraceDecodeOptions & { trust: TrustList }): PersonalQr {
  const r = inspectHealthtraceQr(text, options);
  if (r.kind !== 'personal') throw new QrDecodeError('qr/bad-field', 'not a personal QR', 'healthtrace-personal');
  requireAcceptable(r);
  return r.personal;
}
