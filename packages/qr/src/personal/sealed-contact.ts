/**
 * Sealed contact data for the personal declaration QR: an anonymous "sealed box" to the health
 * authority's X25519 key, built from audited primitives (X25519 from `@noble/curves`, HKDF-SHA256
 * from `@noble/hashes`, XChaCha20-Poly1305 from `@noble/ciphers`):
 *
 * ```
 * shared = X25519(ephemeralSecret, authorityPublic)
 * okm    = HKDF-SHA256(ikm = shared, salt = ephemeralPublic ‖ authorityPublic,
 *                      info = "healthtrace/qr/v1/sealed-contact", length = 56)
 * key    = okm[0..32], nonce = okm[32..56]
 * sealed = XChaCha20-Poly1305(key, nonce).encrypt(plaintext)   // ciphertext ‖ 16-byte tag
 * ```
 *
 * The nonce is derived rather than transmitted: the ephemeral key is fresh for every seal, so a
 * (key, nonce) pair is never reused, and the QR saves 24 bytes.
 */
import { assertBytes, concatBytes, utf8ToBytes } from '@healthtrace/core';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { QrError } from '../envelope/errors';

const INFO: Uint8Array = utf8ToBytes('healthtrace/qr/v1/sealed-contact');

/** Poly1305 tag length in bytes. */
export const SEAL_TAG_LENGTH = 16;

function keyAndNonce(
  shared: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  authorityPublicKey: Uint8Array,
): { key: Uint8Array; nonce: Uint8Array } {
  const okm = hkdf(sha256, shared, concatBytes(ephemeralPublicKey, authorityPublicKey), INFO, 56);
  return { key: okm.slice(0, 32), nonce: okm.slice(32, 56) };
}

/**
 * The X25519 public key of a 32-byte secret key (for the health authority's key pair).
 *
 * @param secretKey - 32-byte X25519 secret key.
 * @returns 32-byte public key.
 * @throws TypeError / RangeError when `secretKey` is not 32 bytes.
 * @example
 * ```ts
 * const authorityPublicKey = x25519PublicKey(authoritySecretKey);
 * ```
 */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', 32);
  return x25519.getPublicKey(secretKey);
}

/**
 * Seals `plaintext` to the authority's public key.
 *
 * @param plaintext - the data to seal.
 * @param authorityPublicKey - 32-byte X25519 public key of the health authority.
 * @param ephemeralSecretKey - 32 fresh random bytes (never reuse them).
 * @returns the ephemeral public key and `ciphertext ‖ tag`.
 * @throws TypeError / RangeError on bad arguments.
 * @example
 * ```ts
 * const sealed = sealToAuthority(utf8ToBytes('+84912345678'), authorityPublicKey, randomBytes(32));
 * ```
 */
export function sealToAuthority(
  plaintext: Uint8Array,
  authorityPublicKey: Uint8Array,
  ephemeralSecretKey: Uint8Array,
): { ephemeralPublicKey: Uint8Array; sealed: Uint8Array } {
  assertBytes(plaintext, 'plaintext');
  assertBytes(authorityPublicKey, 'authorityPublicKey', 32);
  assertBytes(ephemeralSecretKey, 'ephemeralSecretKey', 32);
  const ephemeralPublicKey = x25519.getPublicKey(ephemeralSecretKey);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralSecretKey, authorityPublicKey);
  } catch (cause) {
    throw new RangeError('authorityPublicKey is not a usable X25519 public key', { cause });
  }
  const { key, nonce } = keyAndNonce(shared, ephemeralPublicKey, authorityPublicKey);
  return { ephemeralPublicKey, sealed: xchacha20poly1305(key, nonce).encrypt(plaintext) };
}

/**
 * Opens data sealed with {@link sealToAuthority}.
 *
 * @param ephemeralPublicKey - 32-byte ephemeral public key from the QR.
 * @param sealed - `ciphertext ‖ tag`.
 * @param authoritySecretKey - the authority's 32-byte X25519 secret key.
 * @returns the plaintext.
 * @throws QrError `qr/seal-open-failed` when the key is wrong or the data was modified.
 * @example
 * ```ts
 * const phone = bytesToUtf8(openFromAuthority(epk, sealed, authoritySecretKey));
 * ```
 */
export function openFromAuthority(ephemeralPublicKey: Uint8Array, sealed: Uint8Array, authoritySecretKey: Uint8Array): Uint8Array {
  assertBytes(ephemeralPublicKey, 'ephemeralPublicKey', 32);
  assertBytes(sealed, 'sealed');
  assertBytes(authoritySecretKey, 'authoritySecretKey', 32);
  try {
    const authorityPublicKey = x25519.getPublicKey(authoritySecretKey);
    const shared = x25519.getSharedSecret(authoritySecretKey, ephemeralPublicKey);
    const { key, nonce } = keyAndNonce(shared, ephemeralPublicKey, authorityPublicKey);
    return xchacha20poly1305(key, nonce).decrypt(sealed);
  } catch (cause) {
    throw new QrError('qr/seal-open-failed', 'sealed contact data cannot be opened with this key', { cause });
  }
}
