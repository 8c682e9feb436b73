/**
 * The healthtrace venue QR (format 1, type 1): a signed, expiring, compact venue code.
 * Byte layout and rationale: `docs/spec/qr-v1.md` §3.
 */
import { assertBytes, assertInteger, bytesToUtf8, utf8ToBytes } from '@healthtrace/core';
import { randomBytes } from '@noble/hashes/utils.js';
import { QrDecodeError } from '../decoders/types';
import { bytesToBase10 } from '../envelope/base10';
import { ByteReader, ByteWriter } from '../envelope/binary';
import { QrError } from '../envelope/errors';
import { ed25519PublicKey, KEY_ID_LENGTH, keyIdOf, signBody } from '../envelope/signing';
import { wrapDigits } from '../envelope/text-form';
import { assertDate, dayNumber, dayStart } from '../envelope/time';
import { vn8Decode, vn8Encode } from '../envelope/vn8-text';

/** Format major version carried in the high nibble of the first body byte. */
export const QR_FORMAT_VERSION = 1;
/** Body type of the venue QR (low nibble of the first byte). */
export const VENUE_BODY_TYPE = 1;
/** Length of the random venue id in bytes. */
export const VENUE_ID_LENGTH = 8;
/** Length of the presence-tracing seed in bytes. */
export const VENUE_SEED_LENGTH = 16;
/** Longest name or address, in encoded bytes (VN8 or UTF-8). */
export const MAX_VENUE_TEXT_BYTES = 100;
/** Unit of the default check-in duration field, in minutes. */
export const CHECK_IN_UNIT_MINUTES = 5;

const FLAG_ADDRESS = 0x01;
const FLAG_WARD = 0x02;
/** Bit 7 of a text field's length byte: the text is VN8-encoded. */
const TEXT_VN8 = 0x80;
const FORMAT = 'healthtrace-venue';

/**
 * Venue types: the Corona-Warn-App `TraceLocationType` numbers (0–12), so that the field maps
 * one-to-one onto CWA event codes. Values 13–255 are reserved.
 */
export const VENUE_TYPES: readonly string[] = [
  'unspecified',
  'permanent-other',
  'temporary-other',
  'permanent-retail',
  'permanent-food-service',
  'permanent-craft',
  'permanent-workplace',
  'permanent-educational-institution',
  'permanent-public-building',
  'temporary-cultural-event',
  'temporary-club-activity',
  'temporary-private-event',
  'temporary-worship-service',
];

/** The content of a venue QR. */
export interface VenueQr {
  /** Format major version (1). */
  version: number;
  /** 4-byte key id of the issuer key that signed the code. */
  keyId: Uint8Array;
  /** 8-byte random venue id. */
  venueId: Uint8Array;
  /** 16-byte presence-tracing seed (see `presence`). */
  seed: Uint8Array;
  /** Venue name (NFC). */
  name: string;
  /** Optional address (NFC). */
  address?: string;
  /** Optional ward (phường/xã) code, 5 digits (GSO numbering). */
  wardCode?: string;
  /** First day of validity, 00:00 UTC. */
  validFrom: Date;
  /** End of validity (exclusive): 00:00 UTC of the day after the last valid day. */
  validUntil: Date;
  /** Venue type (see {@link VENUE_TYPES}). */
  venueType: number;
  /** Default check-in duration in minutes (multiple of 5; 0 = let the app decide). */
  defaultCheckInMinutes: number;
}

/** What a venue operator provides to create a venue QR. */
export interface VenueQrInput {
  /** Venue name, 1–100 UTF-8 bytes after NFC normalisation. */
  name: string;
  /** Optional address, up to 100 UTF-8 bytes. */
  address?: string;
  /** Optional ward code, 1–5 digits, value ≤ 65535. */
  wardCode?: string;
  /** First valid day (the UTC day containing this instant). */
  validFrom: Date;
  /** Last valid day, inclusive (the UTC day containing this instant). */
  validUntil: Date;
  /** Venue type 0–255 (default 0). */
  venueType?: number;
  /** Default check-in duration in minutes: a multiple of 5 in [0, 1275] (default 0). */
  defaultCheckInMinutes?: number;
  /** Fixed venue id (8 bytes); random when omitted. */
  venueId?: Uint8Array;
  /** Fixed presence seed (16 bytes); random when omitted. Only fix it for test vectors. */
  seed?: Uint8Array;
}

/** Options for creating a healthtrace QR text. */
export interface CreateQrOptions {
  /** Base URL for the URL form (e.g. `"https://ht.vn/V"`); the compact `HT1:` form when omitted. */
  baseUrl?: string;
  /** Source of randomness (default: the platform CSPRNG). Only replace it for test vectors. */
  random?: (length: number) => Uint8Array;
}

/** A created QR code: its text and decoded content. */
export interface CreatedVenueQr {
  /** The text to put in the QR code. */
  text: string;
  /** The content. */
  venue: VenueQr;
}

/** Encodes a text field: VN8 when shorter than UTF-8 (length byte bit 7 set), UTF-8 otherwise. */
function textField(value: string, name: string, required: boolean): { lengthByte: number; bytes: Uint8Array } {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  const nfc = value.normalize('NFC');
  const utf8 = utf8ToBytes(nfc);
  const vn8 = vn8Encode(nfc);
  const useVn8 = vn8 !== undefined && vn8.length < utf8.length;
  const bytes = useVn8 ? vn8 : utf8;
  if ((required && bytes.length === 0) || bytes.length > MAX_VENUE_TEXT_BYTES) {
    throw new QrError('qr/too-large', `${name} must be ${required ? 1 : 0}–${MAX_VENUE_TEXT_BYTES} bytes encoded, got ${bytes.length}`);
  }
  return { lengthByte: bytes.length | (useVn8 ? TEXT_VN8 : 0), bytes };
}

/**
 * Encodes the venue body (everything the signature covers).
 *
 * @param venue - the content.
 * @returns the body bytes.
 * @example
 * ```ts
 * const body = encodeVenueBody(parseHealthtraceQr(text).venue); // the bytes the issuer signed
 * ```
 */
export function encodeVenueBody(venue: VenueQr): Uint8Array {
  const name = textField(venue.name, 'name', true);
  const address = venue.address === undefined ? undefined : textField(venue.address, 'address', false);
  const w = new ByteWriter()
    .u8((QR_FORMAT_VERSION << 4) | VENUE_BODY_TYPE)
    .bytes(assertBytes(venue.keyId, 'keyId', KEY_ID_LENGTH))
    .bytes(assertBytes(venue.venueId, 'venueId', VENUE_ID_LENGTH))
    .bytes(assertBytes(venue.seed, 'seed', VENUE_SEED_LENGTH))
    .u8((address === undefined ? 0 : FLAG_ADDRESS) | (venue.wardCode === undefined ? 0 : FLAG_WARD))
    .u16(dayNumber(venue.validFrom))
    .u16(dayNumber(venue.validUntil) - 1)
    .u8(venue.venueType)
    .u8(venue.defaultCheckInMinutes / CHECK_IN_UNIT_MINUTES)
    .u8(name.lengthByte)
    .bytes(name.bytes);
  if (address !== undefined) w.u8(address.lengthByte).bytes(address.bytes);
  if (venue.wardCode !== undefined) w.u16(Number(venue.wardCode));
  return w.finish();
}

/**
 * Decodes a venue body (no signature check).
 *
 * @param body - body bytes (without the signature).
 * @returns the content.
 * @throws QrDecodeError `qr/unsupported-version`, `qr/bad-structure` or `qr/bad-field`.
 * @example
 * ```ts
 * const venue = decodeVenueBody(parseHealthtraceQr(text).body);
 * ```
 */
export function decodeVenueBody(body: Uint8Array): VenueQr {
  const r = new ByteReader(body, FORMAT);
  const header = r.u8();
  if (header >> 4 !== QR_FORMAT_VERSION) {
    throw new QrDecodeError('qr/unsupported-version', `unsupported format major version ${header >> 4}`, FORMAT);
  }
  if ((header & 0x0f) !== VENUE_BODY_TYPE) throw new QrDecodeError('qr/bad-field', 'not a venue body', FORMAT);
  const keyId = r.bytes(KEY_ID_LENGTH);
  const venueId = r.bytes(VENUE_ID_LENGTH);
  const seed = r.bytes(VENUE_SEED_LENGTH);
  const flags = r.u8();
  if ((flags & ~(FLAG_ADDRESS | FLAG_WARD)) !== 0) throw new QrDecodeError('qr/bad-field', 'reserved flag bits set', FORMAT);
  const fromDay = r.u16();
  const untilDay = r.u16();
  if (untilDay < fromDay) throw new QrDecodeError('qr/bad-field', 'validity ends before it starts', FORMAT);
  const venueType = r.u8();
  const defaultCheckInMinutes = r.u8() * CHECK_IN_UNIT_MINUTES;
  const text = (what: string): string => {
    const lengthByte = r.u8();
    const bytes = r.bytes(lengthByte & ~TEXT_VN8);
    let value: string | undefined;
    if ((lengthByte & TEXT_VN8) !== 0) value = vn8Decode(bytes);
    else {
      try {
        value = bytesToUtf8(bytes);
      } catch {
        value = undefined;
      }
    }
    if (value === undefined) throw new QrDecodeError('qr/bad-field', `${what} is not valid text`, FORMAT);
    if (value.normalize('NFC') !== value || /\p{Cc}/u.test(value)) {
      throw new QrDecodeError('qr/bad-field', `${what} is not NFC text without control characters`, FORMAT);
    }
    if (bytes.length > MAX_VENUE_TEXT_BYTES || (what === 'name' && bytes.length === 0)) {
      throw new QrDecodeError('qr/bad-field', `${what} has a bad length`, FORMAT);
    }
    return value;
  };
  const name = text('name');
  const address = (flags & FLAG_ADDRESS) !== 0 ? text('address') : undefined;
  const wardCode = (flags & FLAG_WARD) !== 0 ? String(r.u16()).padStart(5, '0') : undefined;
  if (r.remaining !== 0) throw new QrDecodeError('qr/bad-structure', `${r.remaining} unexpected trailing bytes`, FORMAT);
  return {
    version: QR_FORMAT_VERSION,
    keyId,
    venueId,
    seed,
    name,
    ...(address === undefined ? {} : { address }),
    ...(wardCode === undefined ? {} : { wardCode }),
    validFrom: dayStart(fromDay),
    validUntil: dayStart(untilDay + 1),
    venueType,
    defaultCheckInMinutes,
  };
}

/**
 * Creates a signed venue QR code.
 *
 * @param input - venue content and validity.
 * @param signingKey - the issuer's 32-byte Ed25519 secret key (its key id goes into the code).
 * @param options - `baseUrl` for the URL form (default: compact `HT1:` form), `random` for tests.
 * @returns the QR text and the content (including the random venue id and seed).
 * @throws TypeError / RangeError on bad arguments; QrError `qr/too-large` for an over-long name or address.
 * @example
 * ```ts
 * const { text, venue } = createVenueQr(
 *   { name: 'Phở Thìn Lò Đúc', validFrom: new Date(), validUntil: new Date(Date.now() + 365 * 864e5), venueType: 4, defaultCheckInMinutes: 60 },
 *   issuerSecretKey,
 *   { baseUrl: 'https://ht.vn/V' },
 * );
 * ```
 */
export function createVenueQr(input: VenueQrInput, signingKey: Uint8Array, options?: CreateQrOptions): CreatedVenueQr {
  assertBytes(signingKey, 'signingKey', 32);
  const random = options?.random ?? randomBytes;
  assertDate(input.validFrom, 'validFrom');
  assertDate(input.validUntil, 'validUntil');
  const fromDay = dayNumber(input.validFrom);
  const untilDay = dayNumber(input.validUntil);
  assertInteger(fromDay, 'validFrom day', 0, 0xffff);
  assertInteger(untilDay, 'validUntil day', fromDay, 0xffff);
  const venueType = assertInteger(input.venueType ?? 0, 'venueType', 0, 255);
  const minutes = assertInteger(input.defaultCheckInMinutes ?? 0, 'defaultCheckInMinutes', 0, 255 * CHECK_IN_UNIT_MINUTES);
  if (minutes % CHECK_IN_UNIT_MINUTES !== 0) throw new RangeError('defaultCheckInMinutes must be a multiple of 5');
  let wardCode: string | undefined;
  if (input.wardCode !== undefined) {
    if (typeof input.wardCode !== 'string' || !/^[0-9]{1,5}$/.test(input.wardCode) || Number(input.wardCode) > 0xffff) {
      throw new RangeError(`wardCode must be 1–5 digits with a value ≤ 65535, got ${JSON.stringify(input.wardCode)}`);
    }
    wardCode = input.wardCode.padStart(5, '0');
  }
  const venue: VenueQr = {
    version: QR_FORMAT_VERSION,
    keyId: keyIdOf(ed25519PublicKey(signingKey)),
    venueId: input.venueId === undefined ? random(VENUE_ID_LENGTH) : assertBytes(input.venueId, 'venueId', VENUE_ID_LENGTH).slice(),
    seed: input.seed === undefined ? random(VENUE_SEED_LENGTH) : assertBytes(input.seed, 'seed', VENUE_SEED_LENGTH).slice(),
    name: input.name.normalize('NFC'),
    ...(input.address === undefined ? {} : { address: input.address.normalize('NFC') }),
    ...(wardCode === undefined ? {} : { wardCode }),
    validFrom: dayStart(fromDay),
    validUntil: dayStart(untilDay + 1),
    venueType,
    defaultCheckInMinutes: minutes,
  };
  if (/\p{Cc}/u.test(venue.name) || (venue.address !== undefined && /\p{Cc}/u.test(venue.address))) {
    throw new TypeError('name and address must not contain control characters');
  }
  const body = encodeVenueBody(venue);
  const signature = signBody(body, signingKey);
  const bytes = new Uint8Array(body.length + signature.length);
  bytes.set(body);
  bytes.set(signature, body.length);
  return { text: wrapDigits(bytesToBase10(bytes), options?.baseUrl), venue };
}
