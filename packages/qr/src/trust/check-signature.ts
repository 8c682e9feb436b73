/** Signature and key-validity check shared by the healthtrace venue and personal QR decoders. */
import type { SignatureStatus } from '../decoders/types';
import { QR_SIGNATURE_DOMAIN, verifyWithDomain } from '../envelope/signing';
import { findTrustedKey, type TrustList } from './trust-list';

/**
 * Checks a body signature against a trust list.
 * - no list → `unverified`;
 * - key id not in the list → `invalid` + warning `unknown-key`;
 * - key outside its validity at `now` (± skew) → `invalid` + warning `key-not-valid`;
 * - otherwise `valid` or `invalid` as Ed25519 says.
 *
 * @param keyId - 4-byte key id from the body.
 * @param body - the signed body.
 * @param signature - 64-byte signature.
 * @param trust - verified trust list, if any.
 * @param now - verification time.
 * @param skewMs - clock-skew allowance in milliseconds.
 * @returns status and warnings.
 * @example
 * ```ts
 * checkBodySignature(venue.keyId, body, signature, trust, new Date(), 300_000); // { signature: 'valid', warnings: [] }
 * ```
 */
export function checkBodySignature(
  keyId: Uint8Array,
  body: Uint8Array,
  signature: Uint8Array,
  trust: TrustList | undefined,
  now: Date,
  skewMs: number,
): { signature: SignatureStatus; warnings: string[] } {
  if (trust === undefined) return { signature: 'unverified', warnings: [] };
  const key = findTrustedKey(trust, keyId);
  if (key === undefined) return { signature: 'invalid', warnings: ['unknown-key'] };
  const ok = verifyWithDomain(signature, QR_SIGNATURE_DOMAIN, body, key.publicKey);
  if (!ok) return { signature: 'invalid', warnings: [] };
  const t = now.getTime();
  if (t < key.notBefore.getTime() - skewMs || t > key.notAfter.getTime() + skewMs) {
    return { signature: 'invalid', warnings: ['key-not-valid'] };
  }
  return { signature: 'valid', warnings: [] };
}
