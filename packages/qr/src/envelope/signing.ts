/**
 * Ed25519 signing with domain separation, and key ids, for the healthtrace QR formats.
 * Ed25519 comes from `@noble/curves` (audited); nothing here re-implements curve arithmetic.
 */
import { assertBytes, concatBytes, utf8ToBytes } from '@healthtrace/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Domain-separation prefix of every QR body signature: `"healthtrace/qr/v1"` followed by a 0x00 byte. */
export const QR_SIGNATURE_DOMAIN: Uint8Array = concatBytes(utf8ToBytes('healthtrace/qr/v1'), new Uint8Array([0]));

/** Length of a key id in bytes. */
export const KEY_ID_LENGTH = 4;

/**
 * The key id of an Ed25519 public key: the first 4 bytes of SHA-256(public key).
 *
 * @param publicKey - 32-byte Ed25519 public key.
 * @returns 4-byte key id.
 * @throws TypeError / RangeError when `publicKey` is not 32 bytes.
 * @example
 * ```ts
 * bytesToHex(keyIdOf(publicKey)); // e.g. "5b0c2e9a"
 * ```
 */
export function keyIdOf(publicKey: Uint8Array): Uint8Array {
  assertBytes(publicKey, 'publicKey', 32);
  return sha256(publicKey).slice(0, KEY_ID_LENGTH);
}

/**
 * Derives the Ed25519 public key of a 32-byte secret key (RFC 8032 seed).
 *
 * @param secretKey - 32-byte secret key.
 * @returns 32-byte public key.
 * @throws TypeError / RangeError when `secretKey` is not 32 bytes.
 * @example
 * ```ts
 * const publicKey = ed25519PublicKey(secretKey);
 * ```
 */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', 32);
  return ed25519.getPublicKey(secretKey);
}

/**
 * Signs `QR_SIGNATURE_DOMAIN ‖ body`.
 *
 * @param body - the QR body (everything before the signature).
 * @param secretKey - 32-byte Ed25519 secret key.
 * @returns 64-byte signature.
 */
export function signBody(body: Uint8Array, secretKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', 32);
  return ed25519.sign(concatBytes(QR_SIGNATURE_DOMAIN, body), secretKey);
}

/**
 * Verifies a signature over `domain ‖ message`; never throws.
 *
 * @param signature - 64-byte signature.
 * @param domain - domain-separation prefix.
 * @param message - the signed message.
 * @param publicKey - 32-byte public key.
 * @returns whether it verifies.
 */
export function verifyWithDomain(signature: Uint8Array, domain: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, concatBytes(domain, message), publicKey);
  } catch {
    return false;
  }
}
