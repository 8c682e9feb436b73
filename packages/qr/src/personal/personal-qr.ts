/**
 * The healthtrace personal declaration QR (format 1, type 2): shown by a person, scanned by venue
 * staff. It carries no name, ID number or birth date in clear: only a fresh random pseudonym, a
 * status bitmask, issued-at and a short expiry, and optionally contact data sealed to the health
 * authority. Signed by the declaration service's issuer key. Layout: `docs/spec/qr-v1.md` §4.
 */
import { assertBytes, assertInteger, utf8ToBytes } from '@healthtrace/core';
import { randomBytes } from '@noble/hashes/utils.js';
import { QrDecodeError } from '../decoders/types';
import { bytesToBase10 } from '../envelope/base10';
import { ByteReader, ByteWriter } from '../envelope/binary';
import { QrError } from '../envelope/errors';
import { ed25519PublicKey, KEY_ID_LENGTH, keyIdOf, signBody } from '../envelope/signing';
import { wrapDigits } from '../envelope/text-form';
import { assertDate } from '../envelope/time';
import type { CreateQrOptions } from '../venue/venue-qr';
import { QR_FORMAT_VERSION } from '../venue/venue-qr';
import { openFromAuthority, SEAL_TAG_LENGTH, sealToAuthority } from './sealed-contact';

/** Body type of the personal declaration QR (low nibble of the first byte). */
export const PERSONAL_BODY_TYPE = 2;
/** Length of the pseudonym in bytes. */
export const PSEUDONYM_LENGTH = 16;
/** Longest sealed contact text, in UTF-8 bytes. */
export const MAX_CONTACT_BYTES = 64;
/** Longest lifetime of a personal QR in minutes (24 hours). */
export const MAX_PERSONAL_LIFETIME_MINUTES = 1440;

const FLAG_SEALED = 0x01;
const FORMAT = 'healthtrace-personal';

/**
 * Status bits of the declaration, bit 0 first. A set bit means the person declared that fact
 * (or, with an issuer that checks evidence, that it was attested).
 */
export const PERSONAL_STATUS_FLAGS: readonly string[] = [
  'no-symptoms',
  'no-known-exposure',
  'negative-test',
  'vaccinated',
  'recovered',
  'medical-exemption',
  'has-symptoms',
  'close-contact',
];

/** The content of a personal declaration QR. */
export interface PersonalQr {
  /** Format major version (1). */
  version: number;
  /** 4-byte key id of the issuer key that signed the code. */
  keyId: Uint8Array;
  /** 16-byte random pseudonym, fresh for each declaration. */
  pseudonym: Uint8Array;
  /** Status bitmask (see {@link PERSONAL_STATUS_FLAGS}). */
  status: number;
  /** When the declaration was made (whole minutes). */
  issuedAt: Date;
  /** When the code stops being acceptable. */
  expiresAt: Date;
  /** Contact data sealed to the health authority, if any. */
  sealedContact?: {
    /** 32-byte ephemeral X25519 public key (its first 16 bytes are the pseudonym). */
    ephemeralPublicKey: Uint8Array;
    /** `ciphertext ‖ tag`. */
    sealed: Uint8Array;
  };
}

/** What the declaration service provides to create a personal QR. */
export interface PersonalQrInput {
  /** Status flags (names from {@link PERSONAL_STATUS_FLAGS}) or the raw bitmask 0–255. */
  status: readonly string[] | number;
  /** Issue time (default now); stored in whole minutes. */
  issuedAt?: Date;
  /** Lifetime in minutes, 1–1440 (default 60). */
  lifetimeMinutes?: number;
  /** Optional contact text (e.g. a phone number) sealed to the authority's X25519 public key. */
  contact?: { text: string; authorityPublicKey: Uint8Array };
  /** Fixed pseudonym (16 bytes), only without `contact`; random when omitted. Only fix it for test vectors. */
  pseudonym?: Uint8Array;
}

/**
 * Converts status flag names to the bitmask.
 *
 * @param flags - names from {@link PERSONAL_STATUS_FLAGS}.
 * @returns the bitmask.
 * @throws RangeError for an unknown name.
 * @example
 * ```ts
 * statusBits(['no-symptoms', 'vaccinated']); // 9
 * ```
 */
export function statusBits(flags: readonly string[]): number {
  let bits = 0;
  for (const flag of flags) {
    const bit = PERSONAL_STATUS_FLAGS.indexOf(flag);
    if (bit < 0) throw new RangeError(`unknown status flag ${JSON.stringify(flag)} (known: ${PERSONAL_STATUS_FLAGS.join(', ')})`);
    bits |= 1 << bit;
  }
  return bits;
}

/**
 * Converts a status bitmask to flag names.
 *
 * @param bits - the bitmask 0–255.
 * @returns the names of the set bits.
 * @example
 * ```ts
 * statusNames(9); // ['no-symptoms', 'vaccinated']
 * ```
 */
export function statusNames(bits: number): string[] {
  return PERSONAL_STATUS_FLAGS.filter((_, i) => (bits & (1 << i)) !== 0);
}

/**
 * Encodes the personal body (everything the signature covers).
 *
 * @param personal - the content.
 * @returns the body bytes.
 * @example
 * ```ts
 * const body = encodePersonalBody(parsed.personal); // the bytes the issuer signed
 * ```
 */
export function encodePersonalBody(personal: PersonalQr): Uint8Array {
  const issuedMinutes = Math.floor(personal.issuedAt.getTime() / 60_000);
  const lifetime = Math.round((personal.expiresAt.getTime() - issuedMinutes * 60_000) / 60_000);
  const w = new ByteWriter()
    .u8((QR_FORMAT_VERSION << 4) | PERSONAL_BODY_TYPE)
    .bytes(assertBytes(personal.keyId, 'keyId', KEY_ID_LENGTH))
    .u8(personal.sealedContact === undefined ? 0 : FLAG_SEALED);
  if (personal.sealedContact === undefined) w.bytes(assertBytes(personal.pseudonym, 'pseudonym', PSEUDONYM_LENGTH));
  else w.bytes(assertBytes(personal.sealedContact.ephemeralPublicKey, 'ephemeralPublicKey', 32));
  w.u8(personal.status).u32(issuedMinutes).u16(lifetime);
  if (personal.sealedContact !== undefined) w.bytes(personal.sealedContact.sealed);
  return w.finish();
}

/**
 * Decodes a personal body (no signature check).
 *
 * @param body - body bytes (without the signature).
 * @returns the content.
 * @throws QrDecodeError `qr/unsupported-version`, `qr/bad-structure` or `qr/bad-field`.
 * @example
 * ```ts
 * const personal = decodePersonalBody(parseHealthtraceQr(text).body);
 * ```
 */
export function decodePersonalBody(body: Uint8Array): PersonalQr {
  const r = new ByteReader(body, FORMAT);
  const header = r.u8();
  if (header >> 4 !== QR_FORMAT_VERSION) {
    throw new QrDecodeError('qr/unsupported-version', `unsupported format major version ${header >> 4}`, FORMAT);
  }
  if ((header & 0x0f) !== PERSONAL_BODY_TYPE) throw new QrDecodeError('qr/bad-field', 'not a personal body', FORMAT);
  const keyId = r.bytes(KEY_ID_LENGTH);
  const flags = r.u8();
  if ((flags & ~FLAG_SEALED) !== 0) throw new QrDecodeError('qr/bad-field', 'reserved flag bits set', FORMAT);
  const sealed = (flags & FLAG_SEALED) !== 0;
  const idBytes = r.bytes(sealed ? 32 : PSEUDONYM_LENGTH);
  const status = r.u8();
  const issuedMinutes = r.u32();
  const lifetime = r.u16();
  if (lifetime === 0 || lifetime > MAX_PERSONAL_LIFETIME_MINUTES) {
    throw new QrDecodeError('qr/bad-field', `lifetime ${lifetime} min is outside 1–${MAX_PERSONAL_LIFETIME_MINUTES}`, FORMAT);
  }
  let sealedContact: PersonalQr['sealedContact'];
  if (sealed) {
    const rest = r.remaining;
    if (rest <= SEAL_TAG_LENGTH || rest > SEAL_TAG_LENGTH + MAX_CONTACT_BYTES) {
      throw new QrDecodeError('qr/bad-field', 'sealed contact data has a bad length', FORMAT);
    }
    sealedContact = { ephemeralPublicKey: idBytes, sealed: r.bytes(rest) };
  } else if (r.remaining !== 0) {
    throw new QrDecodeError('qr/bad-structure', `${r.remaining} unexpected trailing bytes`, FORMAT);
  }
  return {
    version: QR_FORMAT_VERSION,
    keyId,
    pseudonym: idBytes.slice(0, PSEUDONYM_LENGTH),
    status,
    issuedAt: new Date(issuedMinutes * 60_000),
    expiresAt: new Date((issuedMinutes + lifetime) * 60_000),
    ...(sealedContact === undefined ? {} : { sealedContact }),
  };
}

/**
 * Creates a signed personal declaration QR code.
 *
 * @param input - status, times and optional contact data to seal.
 * @param signingKey - the declaration service's 32-byte Ed25519 issuer secret key.
 * @param options - `baseUrl` for the URL form (default: compact `HT1:` form), `random` for tests.
 * @returns the QR text and the content.
 * @throws TypeError / RangeError on bad arguments; QrError `qr/too-large` for over-long contact text.
 * @example
 * ```ts
 * const { text } = createPersonalQr(
 *   { status: ['no-symptoms', 'vaccinated'], lifetimeMinutes: 60, contact: { text: '+84912345678', authorityPublicKey } },
 *   issuerSecretKey,
 * );
 * ```
 */
export function createPersonalQr(
  input: PersonalQrInput,
  signingKey: Uint8Array,
  options?: CreateQrOptions,
): { text: string; personal: PersonalQr } {
  assertBytes(signingKey, 'signingKey', 32);
  const random = options?.random ?? randomBytes;
  const status = typeof input.status === 'number' ? assertInteger(input.status, 'status', 0, 255) : statusBits(input.status);
  const issuedAt = input.issuedAt === undefined ? new Date() : assertDate(input.issuedAt, 'issuedAt');
  const issuedMinutes = Math.floor(issuedAt.getTime() / 60_000);
  assertInteger(issuedMinutes, 'issuedAt (minutes)', 0, 0xffffffff);
  const lifetime = assertInteger(input.lifetimeMinutes ?? 60, 'lifetimeMinutes', 1, MAX_PERSONAL_LIFETIME_MINUTES);
  let sealedContact: PersonalQr['sealedContact'];
  let pseudonym: Uint8Array;
  if (input.contact !== undefined) {
    if (input.pseudonym !== undefined) throw new TypeError('pseudonym cannot be fixed when contact data is sealed');
    if (typeof input.contact.text !== 'string') throw new TypeError('contact.text must be a string');
    const plaintext = utf8ToBytes(input.contact.text.normalize('NFC'));
    if (plaintext.length === 0 || plaintext.length > MAX_CONTACT_BYTES) {
      throw new QrError('qr/too-large', `contact text must be 1–${MAX_CONTACT_BYTES} UTF-8 bytes, got ${plaintext.length}`);
    }
    const { ephemeralPublicKey, sealed } = sealToAuthority(plaintext, input.contact.authorityPublicKey, random(32));
    sealedContact = { ephemeralPublicKey, sealed };
    pseudonym = ephemeralPublicKey.slice(0, PSEUDONYM_LENGTH);
  } else {
    pseudonym =
      input.pseudonym === undefined ? random(PSEUDONYM_LENGTH) : assertBytes(input.pseudonym, 'pseudonym', PSEUDONYM_LENGTH).slice();
  }
  const personal: PersonalQr = {
    version: QR_FORMAT_VERSION,
    keyId: keyIdOf(ed25519PublicKey(signingKey)),
    pseudonym,
    status,
    issuedAt: new Date(issuedMinutes * 60_000),
    expiresAt: new Date((issuedMinutes + lifetime) * 60_000),
    ...(sealedContact === undefined ? {} : { sealedContact }),
  };
  const body = encodePersonalBody(personal);
  const signature = signBody(body, signingKey);
  const bytes = new Uint8Array(body.length + signature.length);
  bytes.set(body);
  bytes.set(signature, body.length);
  return { text: wrapDigits(bytesToBase10(bytes), options?.baseUrl), personal };
}

/**
 * Opens the sealed contact data of a personal QR (health authority only).
 *
 * @param personal - decoded personal QR content.
 * @param authoritySecretKey - the authority's 32-byte X25519 secret key.
 * @returns the contact text.
 * @throws QrError `qr/seal-open-failed` when there is no sealed data, the key is wrong or the data was modified.
 * @example
 * ```ts
 * const phone = openPersonalContact(personal, authoritySecretKey);
 * ```
 */
export function openPersonalContact(personal: PersonalQr, authoritySecretKey: Uint8Array): string {
  if (personal.sealedContact === undefined) throw new QrError('qr/seal-open-failed', 'this personal QR carries no sealed contact data');
  const plaintext = openFromAuthority(personal.sealedContact.ephemeralPublicKey, personal.sealedContact.sealed, authoritySecretKey);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch (cause) {
    throw new QrError('qr/seal-open-failed', 'sealed contact data is not UTF-8', { cause });
  }
}
